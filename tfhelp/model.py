"""Pydantic models of a knowledge-base record: the seed format plus what tfhelp adds."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tfhelp.placeholders import PLACEHOLDER, value_name
from tfhelp.regexsafety import RegexProblem, check_pattern

Rate = Annotated[float, Field(ge=0.0, le=1.0)]
ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)+$"
SNIPPET_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

VerificationTier = Literal[
    # Seed tiers, kept so that foreign and seed records load unchanged.
    "ai_generated",
    "auto_generated",
    "human_reviewed",
    "community",
    # tfhelp's tiers: what the real-TensorFlow test tier proves about a record.
    "unverified",  # nobody ran anything; shown as such
    "reproduced",  # the reproducer raises this error on the versions in verified_on
    "verified",  # reproduced, and every fix snippet runs and asserts its fix
    "documented",  # a silent problem (no exception): its demo and fix snippets run and assert
    "not_reproducible",  # tried on verified_on and could not be raised; kept for search
]
PROVEN_TIERS: frozenset[str] = frozenset({"reproduced", "verified", "documented"})

# PLACEHOLDER and value_name live in tfhelp.placeholders (pydantic-free), which the
# matcher and the view import without pydantic; they stay importable from here.


DERIVATIONS: dict[str, str] = {
    "first": "the first size of a shape: (32, 10) -> 32",
    "last": "the last size of a shape: (32, 10) -> 10",
    "second_last": "the size before the last of a shape: (2, 3, 4) -> 3",
    "rank": "how many sizes a shape has: (32, 10) -> 2",
    "features": "the sizes after the first multiplied: (None, 28, 28) -> 784",
    "leaf": "the last dotted or slashed part of a name: tf.float32 -> float32",
}


class _Strict(BaseModel):
    """Base: unknown keys are an error, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class VersionNote(_Strict):
    """A TensorFlow/Keras version the record speaks about (seed format)."""

    version: str = Field(description="Package and version, e.g. 'tensorflow 2.21.0'.")
    introduced: str | None = Field(None, description="First version with this error.")
    deprecated: str | None = None
    removed: str | None = Field(None, description="First version without this error.")
    behavior_change: str | None = None
    behavior_change_zh: str | None = None
    status: str = Field("active", description="'active', 'fixed', 'changed', ...")


class DeadEnd(_Strict):
    """Something users try that does not help, and why."""

    action: str
    action_zh: str = ""
    why_fails: str
    why_fails_zh: str = ""
    fail_rate: Rate
    condition: str = ""
    condition_zh: str = ""
    sources: list[str] = []


class Workaround(_Strict):
    """Something that fixes the error, with how often it does."""

    action: str
    action_zh: str = ""
    success_rate: Rate
    how: str = ""
    how_zh: str = ""
    condition: str = ""
    condition_zh: str = ""
    sources: list[str] = []
    snippet: str | None = Field(
        None, description="Id of a snippet in `snippets` that shows this workaround as code."
    )
    when: dict[str, str] = Field(
        {},
        description="Named value of the message (a group of the record's regex, or "
        "'group.derivation') -> a regex the whole value must match for this fix to come first; "
        "a {placeholder} in the regex stands for another value, as literal text.",
    )
    because: str = Field(
        "", description="Why this fix comes first when `when` holds; may use {placeholders}."
    )
    because_zh: str = ""

    @field_validator("when")
    @classmethod
    def _when_regexes_are_safe(cls, value: dict[str, str]) -> dict[str, str]:
        for key, pattern in value.items():
            problem: RegexProblem | None = check_pattern(pattern)
            if problem is not None:
                raise ValueError(f"{key}: {problem.reason}")
        return value


class TransitionEdge(_Strict):
    """A link from this record to another one."""

    error_id: str
    probability: Rate | None = None
    condition: str = ""
    condition_zh: str = ""


class TransitionGraph(_Strict):
    """How this error relates to others."""

    leads_to: list[TransitionEdge] = []
    preceded_by: list[TransitionEdge] = []
    frequently_confused_with: list[TransitionEdge] = []

    def edges(self) -> list[tuple[str, TransitionEdge]]:
        """Every edge with the name of its relation."""
        return [
            *(("leads_to", e) for e in self.leads_to),
            *(("preceded_by", e) for e in self.preceded_by),
            *(("frequently_confused_with", e) for e in self.frequently_confused_with),
        ]


SnippetKind = Literal["fix", "repro", "recipe", "check", "demo"]
ENV_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Snippet(_Strict):
    """Runnable code attached to a record."""

    id: str = Field(pattern=SNIPPET_ID_PATTERN)
    kind: SnippetKind
    title: str
    title_zh: str
    code: str
    requires: list[str] = Field(
        default=["tensorflow"], description="Packages the code imports, e.g. 'tensorflow'."
    )
    graph_mode: bool = Field(
        False, description="The code switches TF to v1 graph mode; run it in its own process."
    )
    environment: str | None = Field(
        None,
        pattern=ENV_PATTERN,
        description="Proof environment the code needs (built by .ci/envs/<name>.sh); "
        "default: the main one.",
    )


class Reproducer(_Strict):
    """Code that raises this record's error under real TensorFlow."""

    code: str
    raises: str = Field(description="Class name of the exception the code raises.")
    message_contains: str = Field(description="Text the raised message contains.")
    environment: str | None = Field(
        None,
        pattern=ENV_PATTERN,
        description="Proof environment the code needs (built by .ci/envs/<name>.sh); "
        "default: the main one.",
    )


FixParam = str | int | float | bool | list[str] | dict[str, str]
FIX_KIND_PATTERN = r"^[a-z][a-z0-9_]*$"


class FixDeclaration(_Strict):
    """A fix this record makes to the user's own code: which fixer kind, with what parameters.

    The kind is code in tfhelp.fixes, written once; this declaration is the data that says when
    and how a record uses it. `message` reads values from the error (named groups), which the
    kind's templates use beside `params`.
    """

    kind: str = Field(pattern=FIX_KIND_PATTERN, description="A fixer kind of tfhelp.fixes.")
    title: str = Field(min_length=1, description="What the fix does: 'Make the tape persistent'.")
    title_zh: str = ""
    params: dict[str, FixParam] = Field(
        {}, description="The kind's parameters (see docs/fixes.md for each kind's)."
    )
    message: str = Field(
        "",
        description="A regex with named groups, searched in the error's messages; the groups are "
        "values the fix uses (a dtype, an argument's name, a dimension).",
    )

    @field_validator("message")
    @classmethod
    def _message_regex_is_safe(cls, value: str) -> str:
        if value:
            problem: RegexProblem | None = check_pattern(value)
            if problem is not None:
                raise ValueError(problem.reason)
        return value


ProofOutcome = Literal["matched", "unmatched", "other_error", "no_error"]


class VersionProof(_Strict):
    """What the reproducer did under one TensorFlow release (written by `.ci/matrix`)."""

    tensorflow: str = Field(description="The TensorFlow release, e.g. '2.15.1'.")
    keras: str = Field("", description="The Keras it ran with: '2.15.0', 'tf-keras 2.21.0'.")
    outcome: ProofOutcome = Field(
        description="matched: raised the record's class and tfhelp ranked this record first; "
        "unmatched: raised the record's class but another record (or none) came first; "
        "other_error: raised another class; no_error: raised nothing."
    )
    raised: str = Field("", description="Class name of what was raised.")
    message: str = Field("", description="The first line of the message seen, as printed.")


class Record(_Strict):
    """One error in the knowledge base (the seed record format, extended)."""

    id: str = Field(pattern=ID_PATTERN, description="'domain/slug', unique across records.")
    signature: str = Field(min_length=1, description="The error as users see it.")
    signature_zh: str = ""
    regex: str = Field(description="Matches the message in all its variants, and nothing else.")
    domain: str = "tensorflow"
    category: str = "runtime_error"
    subcategory: str | None = None
    root_cause: str = ""
    root_cause_type: str = "generic"
    root_cause_zh: str = ""
    versions: list[VersionNote] = []
    os_specific: dict[str, str] = {}
    dead_ends: list[DeadEnd] = []
    workarounds: list[Workaround] = []
    workarounds_zh: list[str] = Field(
        [], description="Seed format: Chinese text of each workaround, in order."
    )
    transition_graph: TransitionGraph = TransitionGraph()
    official_doc_url: str | None = None
    official_doc_section: str | None = None
    error_code: str | None = None
    verification_tier: VerificationTier = "unverified"
    confidence: Rate = 0.5
    fix_success_rate: Rate = 0.5
    resolvable: Literal["true", "false", "partial"] = "true"
    first_seen: str | None = None
    last_confirmed: str | None = None
    last_updated: str | None = None
    evidence_count: int = Field(0, ge=0)
    tags: list[str] = []
    locale: str = "en"
    aliases: list[str] = Field([], description="Other and older wordings of the message.")

    # What tfhelp adds to the seed format.
    title: str = Field("", description="A short human title; defaults to the signature.")
    title_zh: str = ""
    exception_types: list[str] = Field(
        [], description="Class names the error can arrive as (any class in the MRO matches)."
    )
    silent: bool = Field(False, description="A problem that raises nothing: found by search.")
    tensorflow_only: bool = Field(
        False,
        description="The message is NumPy's or Python's own wording: match it only when the "
        "error involves TensorFlow (its frames, classes or words), never in plain NumPy code.",
    )
    explanation: str = Field("", description="Why it happens, in a few plain sentences.")
    explanation_zh: str = ""
    specific: str = Field(
        "",
        description="One sentence of cause in the user's own values: {name} names a group of "
        "`regex`, {name.derivation} a value derived from one; shown only when all are known.",
    )
    specific_zh: str = ""
    snippets: list[Snippet] = []
    reproducer: Reproducer | None = None
    verified_on: list[str] = Field(
        [], description="Versions the test tier proved the record on, e.g. 'tensorflow 2.21.0'."
    )
    docs: list[str] = Field([], description="Further official documentation links.")
    proofs: list[VersionProof] = Field(
        [], description="What the reproducer did on each TensorFlow release of the version matrix."
    )
    sources: list[str] = Field(
        [],
        description="Public references (issue threads, Q&A pages) where users met this error.",
    )
    fixes: list[FixDeclaration] = Field(
        [],
        description="Fixes to the user's own cell (tfhelp.fix_code), best first.",
    )

    @field_validator("regex")
    @classmethod
    def _regex_compiles_and_is_safe(cls, value: str) -> str:
        problem: RegexProblem | None = check_pattern(value)
        if problem is not None:
            raise ValueError(problem.reason)
        return value

    @field_validator("sources", "docs")
    @classmethod
    def _links_are_urls(cls, value: list[str]) -> list[str]:
        for link in value:
            if not link.startswith(("https://", "http://")):
                raise ValueError(f"not an http(s) URL: {link!r}")
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases_nonempty(cls, value: list[str]) -> list[str]:
        for alias in value:
            if not alias.strip():
                raise ValueError("an alias is empty")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> Record:
        ids = [s.id for s in self.snippets]
        seen: set[str] = set()
        for sid in ids:
            if sid in seen:
                raise ValueError(f"snippets: duplicate snippet id {sid!r}")
            seen.add(sid)
        for i, w in enumerate(self.workarounds):
            if w.snippet is not None and w.snippet not in seen:
                raise ValueError(f"workarounds.{i}.snippet: no snippet with id {w.snippet!r}")
        self._values_resolve()
        return self

    def _values_resolve(self) -> None:
        """Every {placeholder} and `when` key names a group of the regex and a known derivation."""
        compiled = re.compile(self.regex, re.IGNORECASE | re.DOTALL)
        groups = {value_name(g) for g in compiled.groupindex}
        texts = [("specific", self.specific), ("specific_zh", self.specific_zh)]
        names: list[tuple[str, str, str | None]] = []
        for i, w in enumerate(self.workarounds):
            texts += [(f"workarounds.{i}.because", w.because)]
            texts += [(f"workarounds.{i}.because_zh", w.because_zh)]
            for key, pattern in w.when.items():
                name, _, derived = key.partition(".")
                names.append((f"workarounds.{i}.when", name, derived or None))
                texts += [(f"workarounds.{i}.when.{key}", pattern)]
        for where, text in texts:
            names += [(where, m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]
        for where, name, derived in names:
            if name not in groups:
                known = ", ".join(sorted(groups)) or "none"
                raise ValueError(
                    f"{where}: {{{name}}} names no named group of the regex (groups: {known})"
                )
            if derived is not None and derived not in DERIVATIONS:
                raise ValueError(
                    f"{where}: {{{name}.{derived}}}: no derivation {derived!r} "
                    f"(known: {', '.join(DERIVATIONS)})"
                )

    @property
    def display_title(self) -> str:
        """The title shown to people."""
        return self.title or self.signature

    def snippet(self, snippet_id: str) -> Snippet | None:
        """The snippet with this id, if any."""
        return next((s for s in self.snippets if s.id == snippet_id), None)
