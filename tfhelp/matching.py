"""From a Signature to ranked matches against an index of records, each with its reason."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tfhelp.applicability import Applicability, applicability
from tfhelp.knowledge.anchors import AllOf, AnyOf, grams, requirement
from tfhelp.placeholders import value_name
from tfhelp.signature.model import ErrorPart, Signature
from tfhelp.signature.tfblocks import subject
from tfhelp.tokens import words

if TYPE_CHECKING:
    from tfhelp.model import Record

MIN_SCORE = 0.5
MIN_ALIAS = 12  # shorter wordings are too common to mean anything
CLASSLESS = 0.1  # off the score of a message found without its exception class (pasted text)
# Python's re cannot be interrupted; the `regex` engine can. No record's pattern may hold up the
# user's notebook: each search gets a small timeout and one match a total budget.
SEARCH_TIMEOUT_S = 0.002
MIN_SEARCH_TIMEOUT_S = 0.00001  # a first, brief try (sound regexes often need less)
MATCH_BUDGET_S = 0.04
MIN_SLOW_TIMEOUT_S = 0.0002  # what a regex that timed out in its brief try gets at least
# The budget counts this thread's CPU time, not the wall clock: on a busy machine (a CI runner,
# a kernel beside a training job) preemption must not cut records from the answer.
_clock = time.thread_time
_NORMALIZE = re.compile(r"[\s'\"`]+")


@dataclass(frozen=True)
class Match:
    """One record that fits an error: how well, and why (in words a person can read)."""

    record: Record
    score: float
    reason: str
    rule: str
    applicability: Applicability
    reason_zh: str = ""
    # The named groups of the record's regex, as the message spelled them (empty without a
    # regex match: a wording, a log line); tfhelp.values turns them into cause and fix text.
    values: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class _Entry:
    record: Record
    regex: _LazyPattern
    aliases: tuple[str, ...]
    types: frozenset[str]
    tags: frozenset[str]
    needs: AllOf  # literal text the regex cannot match without

    def could_match(self, lowered: str, normalized: str) -> bool:
        """A cheap exact test that rules out most records before any regex runs."""
        return self.needs.holds(lowered) or any(a in normalized for a in self.aliases)


def normalize(text: str) -> str:
    """Lower-cased, quotes dropped, whitespace squeezed: how wordings are compared."""
    return _NORMALIZE.sub(" ", text.lower()).strip()


class Matcher:
    """An index over records that answers `match(signature)` quickly at any corpus size."""

    def __init__(self, records: Sequence[Record]) -> None:
        import regex

        self._entries: list[_Entry] = []
        self._silent: list[_Entry] = []  # raise nothing; matched only against log text
        self._by_gram: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []
        needs: list[list[str] | None] = []
        for record in records:
            entry = _entry(regex, record)
            if record.silent:
                self._silent.append(entry)
                continue
            self._entries.append(entry)
            formula, aliases = entry.needs, entry.aliases
            keys = formula.keys()
            needs.append(None if keys is None else [*keys, *aliases])
        # Each record is filed under the rarest 3-character slice of each text it needs.
        counts: Counter[str] = Counter()
        for need in needs:
            if need:
                counts.update({g for text in need for g in grams(text)})
        for index, need in enumerate(needs):
            if not need:
                self._always.append(index)
                continue
            for gram in {min(grams(text), key=counts.__getitem__) for text in need}:
                self._by_gram[gram].append(index)

    def to_data(self) -> dict[str, Any]:
        """The index as plain JSON data (for the compiled cache); `from_data` reads it back."""
        return {
            "entries": [_entry_data(e) for e in self._entries],
            "silent": [_entry_data(e) for e in self._silent],
            "by_gram": self._by_gram,
            "always": self._always,
        }

    @classmethod
    def from_data(cls, records: Sequence[Record], data: dict[str, Any]) -> Matcher:
        """The index `to_data` gave, over the same records in the same order. An entry is made
        when a match first looks at it (a match looks at a handful of the records).

        Raises ValueError, TypeError or KeyError when the data does not fit the records.
        """
        import regex

        loud = [r for r in records if not r.silent]
        silent = [r for r in records if r.silent]
        rows, silent_rows = data["entries"], data["silent"]
        if not (isinstance(rows, Sequence) and isinstance(silent_rows, Sequence)):
            raise TypeError("stored index entries are not lists")
        if len(rows) != len(loud) or len(silent_rows) != len(silent):
            raise ValueError("the index does not cover these records")
        self = cls.__new__(cls)
        self._entries = _StoredEntries(regex, loud, rows)  # type: ignore[assignment]
        self._silent = [
            _stored_entry(regex, r, row) for r, row in zip(silent, silent_rows, strict=True)
        ]
        self._always = data["always"]
        self._by_gram = defaultdict(list)
        self._by_gram.update(data["by_gram"])
        size = len(loud)
        for where in (self._always, *self._by_gram.values()):
            if not isinstance(where, list):
                raise TypeError("a stored gram list is malformed")
            for i in where:
                if type(i) is not int or not 0 <= i < size:
                    raise ValueError("the index points past its entries")
        return self

    def __len__(self) -> int:
        return len(self._entries)

    def match_log(self, text: str, versions: dict[str, str], limit: int = 5) -> list[Match]:
        """Silent problems (warnings, log lines) named in text that holds no exception."""
        lowered = subject(text).lower()
        normalized = normalize(lowered)
        found: list[Match] = []
        deadline = _clock() + MATCH_BUDGET_S
        for entry in sorted(self._silent, key=lambda e: e.regex.weight):
            if not entry.could_match(lowered, normalized):
                continue
            if _clock() > deadline:
                break  # a pack of slow patterns: answer with what was found in time
            if entry.regex.search(lowered):
                score = 0.85
                reason = "the text matches the pattern of a problem that raises nothing"
                reason_zh = "文本与一个不抛出异常的问题的模式相符"
            elif any(a in normalized for a in entry.aliases):
                score = 0.75
                reason = "the text holds the wording of a problem that raises nothing"
                reason_zh = "文本包含一个不抛出异常的问题的措辞"
            else:
                continue
            fit = applicability(entry.record, versions)
            found.append(Match(entry.record, score, reason, "log", fit, reason_zh))
        found.sort(key=lambda m: (-m.score, -m.record.confidence, m.record.id))
        return found[:limit]

    def match(self, signature: Signature, limit: int = 5) -> list[Match]:
        """Ranked matches, best first; an empty list when nothing really fits."""
        parts = signature.parts
        subjects = [(part, _subject_text(part)) for part in parts]
        subjects = [(part, text, normalize(text)) for part, text in subjects]
        lowered = "\n".join(text for _, text, _ in subjects).lower()
        normalized = "\n".join(norm for _, _, norm in subjects)
        present = grams(lowered) | grams(normalized)
        candidates = set(self._always)
        for gram in present & self._by_gram.keys():
            candidates.update(self._by_gram[gram])
        code_words = _code_words(signature)
        found: list[Match] = []
        # Compiling counts too: a record pack of long patterns costs milliseconds each to compile.
        deadline = _clock() + MATCH_BUDGET_S
        queue = [
            entry
            for entry in (self._entries[index] for index in sorted(candidates))
            if entry.could_match(lowered, normalized)
            # NumPy's or Python's own wording, with no TensorFlow in the error, is not ours
            and not (entry.record.tensorflow_only and not signature.is_tensorflow)
        ]
        # First every record with a tiny timeout (a sound regex takes microseconds), cheapest
        # first, for half the budget; then the slow and untried ones share what is left: slow
        # regexes cannot starve the others.
        texts = [text for _, text, _ in subjects]
        halfway = deadline - MATCH_BUDGET_S / 2
        ordered = sorted(queue, key=lambda e: e.regex.weight)
        slow: list[_Entry] = []
        for tried, entry in enumerate(ordered):
            if _clock() > halfway:
                slow.extend(ordered[tried:])
                break
            hit = None if entry.regex.slow else entry.regex.quick(texts)
            if hit is None:
                slow.append(entry)
                continue
            # A brief try that finished and found nothing rules the regex out: only the
            # record's wordings are left to look for.
            match = self._score(entry, subjects, signature, code_words, regex=hit)
            if match is not None:
                found.append(match)
        for done, entry in enumerate(slow):
            left = deadline - _clock()
            if left <= 0:
                break  # a pathological input: answer with what was found in time
            share = left / (len(slow) - done) / max(1, len(subjects)) / 2
            timeout = min(SEARCH_TIMEOUT_S, max(MIN_SLOW_TIMEOUT_S, share))
            match = self._score(entry, subjects, signature, code_words, timeout)
            if match is not None:
                found.append(match)
        found.sort(key=lambda m: (-m.score, -m.record.confidence, m.record.id))
        return found[:limit]

    def _score(
        self,
        entry: _Entry,
        subjects: list[tuple[ErrorPart, str, str]],
        signature: Signature,
        code_words: set[str],
        timeout: float = SEARCH_TIMEOUT_S,
        regex: bool = True,
    ) -> Match | None:
        base = 0.0
        rule = reason = reason_zh = ""
        matched_part: ErrorPart | None = None
        values: dict[str, str] = {}
        # The regex, tried on every part, outranks a wording found in any part. The first part
        # it matches is scored; the user's values come from the first that spells them out
        # (a paste may cut the exception's line short after a log line gave it whole).
        for part, text, _ in subjects if regex else ():
            found = entry.regex.search(text, timeout)
            if found is None:
                continue
            values = _named_values(found)
            if matched_part is None:
                base, rule, matched_part = 0.9, "regex", part
                where, where_zh = _where(part, signature)
                reason = f"the message{where} matches the record's pattern"
                reason_zh = f"错误信息{where_zh}与条目的模式相符"
            if values or not found.re.groupindex:
                break
        if matched_part is None:
            for part, _, normalized in subjects:
                alias = next((a for a in entry.aliases if a in normalized), None)
                if alias is not None:
                    base, rule, matched_part = 0.8, "wording", part
                    where, where_zh = _where(part, signature)
                    reason = f"the message{where} contains the wording {alias[:60]!r}"
                    reason_zh = f"错误信息{where_zh}包含措辞 {alias[:60]!r}"
                    break
        if matched_part is None:
            return None
        score = base
        if not matched_part.type_name:
            score -= CLASSLESS
            reason += "; the text does not say which exception class it is"
            reason_zh += "；文本没有给出异常类"
        elif entry.types:
            if entry.types.intersection(matched_part.classes):
                score += 0.06
                reason += f"; the class {matched_part.type_name} is one it arrives as"
                reason_zh += f"；异常类 {matched_part.type_name} 正是它常见的类型"
            else:
                score -= 0.2
                reason += f"; but it does not usually arrive as {matched_part.type_name}"
                reason_zh += f"；但它通常不以 {matched_part.type_name} 出现"
        hinted = sorted(entry.tags & code_words)
        if hinted:
            score += min(0.04, 0.02 * len(hinted))
            reason += f"; your code uses {', '.join(hinted[:3])}"
            reason_zh += f"；你的代码用到了 {', '.join(hinted[:3])}"
        fit = applicability(entry.record, signature.versions)
        if fit.applies is False:
            score -= 0.1
            reason += f"; {fit.summary}"
            reason_zh += f"；{fit.summary_zh}"
        score = round(min(score, 1.0), 3)
        if score < MIN_SCORE:
            return None
        return Match(entry.record, score, reason, rule, fit, reason_zh, values)


def _named_values(found: Any) -> dict[str, str]:
    """The named groups that took part in a regex match (`x__2` spells `x`), stripped."""
    values: dict[str, str] = {}
    for group, value in found.groupdict().items():
        if value is not None and value.strip():
            values.setdefault(value_name(group), value.strip())
    return values


def formula_data(needs: AllOf) -> list[Any]:
    """A requirement formula as JSON data: a list of clauses, each a string or a list of
    alternatives (each itself a formula)."""
    return [
        c if isinstance(c, str) else [formula_data(a) for a in c.alternatives]
        for c in needs.clauses
    ]


def formula(data: Any) -> AllOf:
    """The formula `formula_data` wrote (TypeError when the data is not one)."""
    if not isinstance(data, list):
        raise TypeError("a requirement formula is a list")
    clauses: list[str | AnyOf] = []
    for clause in data:
        if isinstance(clause, str):
            clauses.append(clause)
        elif isinstance(clause, list):
            clauses.append(AnyOf(tuple(formula(alt) for alt in clause)))
        else:
            raise TypeError("a formula clause is a string or a list")
    return AllOf(tuple(clauses))


def _entry_data(entry: _Entry) -> list[Any]:
    needs = formula_data(entry.needs)
    return [
        entry.regex.pattern,
        list(entry.aliases),
        sorted(entry.types),
        sorted(entry.tags),
        needs,
    ]


def _stored_entry(engine: Any, record: Record, row: Any) -> _Entry:
    """The entry `_entry_data` wrote for this record (TypeError when the row is not one)."""
    pattern, aliases, types, tags, needs = row
    texts = (pattern, *aliases, *types, *tags)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("a stored index entry is malformed")
    return _Entry(
        record=record,
        regex=_LazyPattern(engine, pattern),
        aliases=tuple(aliases),
        types=frozenset(types),
        tags=frozenset(tags),
        needs=formula(needs),
    )


class _StoredEntries(Sequence[_Entry]):
    """Entries read from stored rows, each made the first time it is looked at."""

    def __init__(self, engine: Any, records: list[Record], rows: list[Any]) -> None:
        self._engine = engine
        self._records = records
        self._rows = rows
        self._made: list[_Entry | None] = [None] * len(records)

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index: int) -> _Entry:  # type: ignore[override]
        entry = self._made[index]
        if entry is None:
            entry = _stored_entry(self._engine, self._records[index], self._rows[index])
            self._made[index] = entry
        return entry


def _entry(engine: Any, record: Record) -> _Entry:
    wordings = (normalize(x) for x in (*record.aliases, _message_of(record.signature)))
    return _Entry(
        record=record,
        regex=_LazyPattern(engine, record.regex),
        aliases=tuple(a for a in wordings if len(a) >= MIN_ALIAS),
        types=frozenset(record.exception_types),
        tags=frozenset(t.lower() for t in record.tags),
        needs=requirement(record.regex),
    )


class _LazyPattern:
    """A record's regex, compiled on its first search: most records are never searched."""

    __slots__ = ("_compiled", "_engine", "pattern", "slow", "weight")
    compile_seconds = 0.0  # spent compiling, all patterns together

    def __init__(self, engine: Any, pattern: str) -> None:
        self._engine = engine
        self.pattern = pattern
        self._compiled: Any = None
        self.slow = False  # a brief try timed out once: later matches skip the brief try
        # A rough cost, so that cheap patterns are tried first: each repeat, group and branch
        # is a place to backtrack, and compiling takes ~10 µs a character.
        self.weight = sum(pattern.count(c) for c in "*+{(|") + len(pattern) // 50

    def quick(self, texts: Sequence[str]) -> bool | None:
        """Whether the regex matches one of the texts, tried briefly; None when it timed out."""
        try:
            compiled = self._pattern()
            return any(compiled.search(t, timeout=MIN_SEARCH_TIMEOUT_S) for t in texts)
        except TimeoutError:
            self.slow = True
            return None

    def search(self, text: str, timeout: float = SEARCH_TIMEOUT_S) -> Any:
        """The match object (its named groups are the user's values), or None."""
        try:
            return self._pattern().search(text, timeout=timeout)
        except TimeoutError:
            return None

    def _pattern(self) -> Any:
        if self._compiled is None:
            start = time.perf_counter()
            self._compiled = _compile(self._engine, self.pattern)
            _LazyPattern.compile_seconds += time.perf_counter() - start
        return self._compiled


def _compile(engine: Any, pattern: str) -> Any:
    try:
        return engine.compile(pattern, engine.IGNORECASE | engine.DOTALL)
    except engine.error:  # valid for re (the model checked) yet not for regex: match literally
        return engine.compile(engine.escape(pattern), engine.IGNORECASE)


def _message_of(signature: str) -> str:
    """The message part of 'Type: message' (the whole text when there is no type)."""
    head, sep, rest = signature.partition(": ")
    if sep and head.replace(".", "").replace("_", "").isalnum() and " " not in head:
        return rest
    return signature


def _subject_text(part: ErrorPart) -> str:
    """What a record's pattern is tried on: 'Type: message', or the message alone."""
    return f"{part.type_name}: {subject(part.message)}" if part.type_name else subject(part.message)


def _where(part: ErrorPart, signature: Signature) -> tuple[str, str]:
    """Where in the error the part stands, in English and Chinese."""
    if part in signature.extra:
        if not part.type_name:
            return " (a line of the text)", "（文本中的一行）"
        return (
            f" of the {part.type_name} TensorFlow logged",
            f"（TensorFlow 记录的 {part.type_name}）",
        )
    if part in signature.inner:
        return " inside the tf.function trace", "（在 tf.function 追踪内部）"
    if part in signature.chain:
        return f" of the earlier {part.type_name}", f"（在先前的 {part.type_name} 中）"
    return "", ""


def _code_words(signature: Signature) -> set[str]:
    """Words of the user's own code lines, which hint at which API they were using."""
    found: set[str] = set()
    for frame in signature.user_frames:
        found.update(words(frame.line))
    return found
