"""View models: what a help panel or a search listing shows, in one language, as plain data.

A help view reads in this order: the title, the user's line (as IPython names it), one sentence
of cause (in the user's own values when the record can say it), and the one fix most likely to
apply, with its code and why it comes first. Everything else is in `sections`, which every
renderer shows collapsed. `view_data` (tfhelp.render.data) is the same view as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tfhelp.applicability import Applicability, applicability
from tfhelp.fixes.engine import CodeFix
from tfhelp.i18n import Lang, label, tier_text
from tfhelp.matching import Match
from tfhelp.search_index import SearchHit, query_lang
from tfhelp.signature.live import unwrap_keras
from tfhelp.signature.model import Frame, Signature
from tfhelp.signature.versions import installed_versions
from tfhelp.values import ranked_workarounds, specific_cause

if TYPE_CHECKING:
    from tfhelp.model import Record, Snippet

CERTAIN = 0.9  # at or above this score, other candidates are not shown
MAX_HEADLINE = 300
MAX_MESSAGE = 4_000  # the real message shown under "Your error"
# The sections after the summary, in the order they are shown (each collapsed).
SECTIONS = ("more_fixes", "dead_ends", "why", "related", "proof", "matched", "others", "docs")


def pick(en: str, zh: str, lang: Lang) -> str:
    """The Chinese text when asked for and present, else the English."""
    return zh if lang == "zh" and zh.strip() else en


@dataclass(frozen=True)
class SnippetView:
    """A snippet ready to show."""

    id: str
    kind: str
    title: str
    code: str
    graph_mode: bool = False  # switches TF to graph mode: the panel runs it in its own process


# The fixed-cell section's words (kept here, beside the only view that uses them).
FIX_LABELS: dict[str, tuple[str, str]] = {
    "fixed_cell": ("Your cell, fixed", "你的代码单元，已修复"),
    "fixed_note": (
        "Your own code with the fix applied; the rest of the cell is unchanged.",
        "在你自己的代码上应用了修复；单元格其余部分保持不变。",
    ),
    "insert_fixed": ("Insert fixed cell below", "在下方插入修复后的单元格"),
    "replace_cell": ("Replace cell", "替换此单元格"),
    "replaced": ("The cell now holds the fixed code", "单元格已替换为修复后的代码"),
}


def fix_label(key: str, lang: Lang) -> str:
    """A word of the fixed-cell section in a language."""
    en, zh = FIX_LABELS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class FixView:
    """The user's cell, fixed: what changed (a unified diff) and the whole fixed code."""

    record_id: str
    title: str
    diff: str
    code: str


@dataclass(frozen=True)
class WorkaroundView:
    """One workaround and its code; `index` is its place in the record's own list."""

    action: str
    how: str
    condition: str
    snippet: SnippetView | None
    index: int = 0


@dataclass(frozen=True)
class FirstFix:
    """The one fix the summary shows: the user's cell fixed, or the first ranked workaround."""

    kind: str  # "fixed_cell" or "workaround"
    title: str
    how: str
    because: str  # why this fix is first, in words (never a percentage)
    code: str
    diff: str = ""  # fixed_cell only
    snippet: SnippetView | None = None  # workaround only, when it has code
    record_id: str = ""


@dataclass(frozen=True)
class DeadEndView:
    """Something not to try, and why."""

    action: str
    why_fails: str
    condition: str


@dataclass(frozen=True)
class RelatedView:
    """A link to another record."""

    relation: str  # leads_to / preceded_by / frequently_confused_with
    relation_label: str
    record_id: str
    title: str
    condition: str
    known: bool


@dataclass(frozen=True)
class CandidateView:
    """Another record that could fit."""

    record_id: str
    title: str
    score: float


@dataclass(frozen=True)
class TextStyle:
    """How the terminal form is asked for: `brief` under an error (the rest is one %tfhelp away),
    `color` when IPython's colours are on. Set by the IPython glue; plain text ignores neither."""

    brief: bool = False
    color: bool = False


@dataclass(frozen=True)
class _Localized:
    """A view in one language."""

    lang: Lang

    def label(self, key: str) -> str:
        """An interface word in this view's language."""
        return label(key, self.lang)


@dataclass(frozen=True)
class HelpView(_Localized):
    """Everything the panel shows for one record (and, when known, the error that led there).

    Summary: title, place + trigger (the user's line), cause, first_fix. The rest is shown
    collapsed, in the order of SECTIONS: more fixes (`fixes` after the first, `workarounds`
    other than first_fix, `other_snippets`), dead_ends, why (`error_message`, `why`), related,
    proof (versions, tier), matched (`reason`), others, docs.
    """

    record_id: str
    title: str
    signature: str
    why: str
    root_cause: str
    silent: bool
    error_headline: str
    error_message: str  # the real message (a Keras 3 wrapper's inner one), several lines
    reason: str
    score: float | None
    trigger: Frame | None
    place: str  # the trigger as IPython names it: "Cell In[1], line 13"
    cause: str  # one sentence
    cause_specific: bool  # the cause is in the user's own values
    first_fix: FirstFix | None
    workarounds: list[WorkaroundView]  # ranked: what the message says first, then record order
    dead_ends: list[DeadEndView]
    related: list[RelatedView]
    fit: Applicability
    versions_text: str
    tier: str
    tier_text: str
    docs: list[str]
    other_snippets: list[SnippetView]
    others: list[CandidateView] = field(default_factory=list)
    fixes: list[FixView] = field(default_factory=list)  # the user's cell, fixed
    style: TextStyle = field(default_factory=TextStyle)

    @property
    def more_workarounds(self) -> list[WorkaroundView]:
        """The workarounds not already shown as the first fix."""
        first = self.first_fix
        if first is None or first.kind != "workaround":
            return list(self.workarounds)
        return self.workarounds[1:]

    @property
    def more_fixes(self) -> list[FixView]:
        """The fixed cells not already shown as the first fix."""
        first = self.first_fix
        return self.fixes[1:] if first is not None and first.kind == "fixed_cell" else self.fixes


@dataclass(frozen=True)
class NoMatchView(_Localized):
    """A TensorFlow error that no record fits."""

    error_headline: str
    trigger: Frame | None
    place: str = ""
    error_message: str = ""
    style: TextStyle = field(default_factory=TextStyle)


@dataclass(frozen=True)
class SearchView(_Localized):
    """A search listing."""

    query: str
    hits: list[CandidateView]
    style: TextStyle = field(default_factory=TextStyle)


def _snippet(snippet: Snippet, lang: Lang) -> SnippetView:
    return SnippetView(
        snippet.id,
        snippet.kind,
        pick(snippet.title, snippet.title_zh, lang),
        snippet.code,
        snippet.graph_mode,
    )


_IPYTHON_INPUT = re.compile(r"^<ipython-input-(\d+)-[0-9a-f]*>$")
_KERNEL_CELL = re.compile(r"ipykernel_\d+[/\\]\d+\.py$")


def place(frame: Frame | None, cells: Mapping[str, int] | None = None) -> str:
    """Where a frame is, in IPython 8+'s own words (in every language, so that it reads as in
    the traceback above): `Cell In[3], line 13` for a notebook or IPython cell (`cells` maps a
    kernel's cell files to their execution count), else `file, line N`; `, in f` inside one."""
    if frame is None:
        return ""
    number = (cells or {}).get(frame.filename)
    found = _IPYTHON_INPUT.match(frame.filename)
    if number is None and found is not None:
        number = int(found.group(1))
    inside = "" if frame.name in ("<module>", "") else f", in {frame.name}"
    tail = f", line {frame.lineno}{inside}"
    if number is not None:
        return f"Cell In[{number}]{tail}"
    if _KERNEL_CELL.search(frame.filename) or frame.filename.startswith("<"):
        return f"Cell{tail}"
    return f"{frame.filename}{tail}"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(`\"'])|(?<=[。！？])")


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (English or Chinese)."""
    flat = " ".join(text.split())
    return _SENTENCE_END.split(flat, maxsplit=1)[0].strip() if flat else ""


def _workarounds(
    record: Record, match: Match | None, lang: Lang
) -> tuple[list[WorkaroundView], str]:
    """The workarounds in ranked order, and why the first one leads (when the values say)."""
    values = match.values if match is not None else {}
    out = []
    because = ""
    for position, ranked in enumerate(ranked_workarounds(record, values, lang)):
        w, i = ranked.workaround, ranked.index
        zh_list = record.workarounds_zh[i] if i < len(record.workarounds_zh) else ""
        snip = record.snippet(w.snippet) if w.snippet else None
        if position == 0:
            because = ranked.first_because
        out.append(
            WorkaroundView(
                action=pick(w.action, w.action_zh or zh_list, lang),
                how=pick(w.how, w.how_zh, lang) if w.how != w.action else "",
                condition=pick(w.condition, w.condition_zh, lang),
                snippet=_snippet(snip, lang) if snip else None,
                index=i,
            )
        )
    return out, because


def first_fix(
    fixes: list[FixView], workarounds: list[WorkaroundView], because: str, lang: Lang
) -> FirstFix | None:
    """The fix the summary shows: the user's own cell fixed when a fixer could, else the first
    ranked workaround; `because` says why it is first."""
    if fixes:
        fix = fixes[0]
        return FirstFix(
            "fixed_cell",
            fix.title,
            "",
            label("because_own_line", lang),
            fix.code,
            fix.diff,
            record_id=fix.record_id,
        )
    if not workarounds:
        return None
    w = workarounds[0]
    # A fix ahead of the record's first one got there because the message ruled the others out.
    reason = because or label(
        "because_listed_first" if w.index == 0 else "because_not_ruled_out", lang
    )
    code = w.snippet.code if w.snippet is not None else ""
    return FirstFix("workaround", w.action, w.how, reason, code, snippet=w.snippet)


def record_view(
    record: Record,
    lang: Lang = "en",
    *,
    known: Mapping[str, Record] | None = None,
    match: Match | None = None,
    signature: Signature | None = None,
    others: list[Match] | None = None,
    fixes: list[CodeFix] | None = None,
    cells: Mapping[str, int] | None = None,
    style: TextStyle | None = None,
) -> HelpView:
    """The view of one record; with a match and signature, also of the error that led to it
    (with `fixes`, the user's cell fixed; `cells`: a kernel's cell files -> In[n])."""
    known = known or {}
    workarounds, because = _workarounds(record, match, lang)
    linked = {w.snippet.id for w in workarounds if w.snippet is not None}
    dead_ends = [
        DeadEndView(
            action=pick(d.action, d.action_zh, lang),
            why_fails=pick(d.why_fails, d.why_fails_zh, lang),
            condition=pick(d.condition, d.condition_zh, lang),
        )
        for d in record.dead_ends
    ]
    related = []
    for relation, edge in record.transition_graph.edges():
        other = known.get(edge.error_id)
        title = pick(other.display_title, other.title_zh, lang) if other else edge.error_id
        related.append(
            RelatedView(
                relation=relation,
                relation_label=label(relation, lang),
                record_id=edge.error_id,
                title=title,
                condition=pick(edge.condition, edge.condition_zh, lang),
                known=other is not None,
            )
        )
    versions = signature.versions if signature is not None else installed_versions()
    fit = match.applicability if match else applicability(record, versions)
    why = pick(
        record.explanation or record.root_cause,
        record.explanation_zh or record.root_cause_zh,
        lang,
    )
    specific = specific_cause(record, match.values, lang) if match is not None else None
    fix_views = [FixView(f.record_id, f.title_in(lang), f.diff, f.code) for f in (fixes or [])]
    trigger = signature.trigger if signature else None
    return HelpView(
        lang=lang,
        record_id=record.id,
        title=pick(record.display_title, record.title_zh, lang),
        signature=pick(record.signature, record.signature_zh, lang),
        why=why,
        root_cause=pick(record.root_cause, record.root_cause_zh, lang),
        silent=record.silent,
        error_headline=_headline(signature),
        error_message=error_message(signature),
        reason=pick(match.reason, match.reason_zh, lang) if match else "",
        score=match.score if match else None,
        trigger=trigger,
        place=place(trigger, cells),
        cause=specific or first_sentence(why),
        cause_specific=specific is not None,
        first_fix=first_fix(fix_views, workarounds, because, lang),
        workarounds=workarounds,
        dead_ends=dead_ends,
        related=related,
        fit=fit,
        versions_text=pick(fit.summary, fit.summary_zh, lang),
        tier=record.verification_tier,
        tier_text=tier_text(record.verification_tier, lang),
        docs=[u for u in (record.official_doc_url, *record.docs) if u],
        other_snippets=[_snippet(s, lang) for s in record.snippets if s.id not in linked],
        others=[
            CandidateView(
                m.record.id, pick(m.record.display_title, m.record.title_zh, lang), m.score
            )
            for m in (others or [])
        ],
        fixes=fix_views,
        style=style or TextStyle(),
    )


def _real_part(signature: Signature) -> tuple[str, str]:
    """The class name and message of the error the user should read (the innermost one)."""
    part = signature.inner[-1] if signature.inner else signature.error
    return part.type_name, unwrap_keras(part.message)


def _headline(signature: Signature | None) -> str:
    """'Type: first line of the real message' (a Keras 3 wrapper's inner message)."""
    if signature is None:
        return ""
    type_name, message = _real_part(signature)
    first = message.strip().split("\n", 1)[0] if message.strip() else ""
    if not first:
        return type_name
    return (f"{type_name}: {first}" if type_name else first)[:MAX_HEADLINE]


def error_message(signature: Signature | None) -> str:
    """'Type: the whole real message', bounded (the traceback above has the rest)."""
    if signature is None:
        return ""
    type_name, message = _real_part(signature)
    text = message.strip()
    text = f"{type_name}: {text}" if type_name and text else (text or type_name)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " …"


def match_view(
    matches: list[Match],
    signature: Signature,
    lang: Lang = "en",
    known: Mapping[str, Record] | None = None,
    fixes: list[CodeFix] | None = None,
    cells: Mapping[str, int] | None = None,
    style: TextStyle | None = None,
) -> HelpView | NoMatchView:
    """The view for an error: its best match (others listed when it is not certain), or none;
    `fixes`: the user's cell fixed, shown first."""
    if not matches:
        return NoMatchView(
            lang,
            _headline(signature),
            signature.trigger,
            place(signature.trigger, cells),
            error_message(signature),
            style or TextStyle(),
        )
    best, rest = matches[0], matches[1:]
    others = rest if best.score < CERTAIN or (rest and rest[0].score >= best.score) else []
    return record_view(
        best.record,
        lang,
        known=known,
        match=best,
        signature=signature,
        others=others,
        fixes=fixes,
        cells=cells,
        style=style,
    )


def search_view(
    query: str, hits: list[SearchHit], lang: Lang = "en", style: TextStyle | None = None
) -> SearchView:
    """The view of a search listing."""
    lang = "zh" if query_lang(query, lang) == "zh" else lang  # a Chinese query: Chinese titles
    return SearchView(
        lang,
        query,
        [
            CandidateView(
                h.record.id, pick(h.record.display_title, h.record.title_zh, lang), h.score
            )
            for h in hits
        ],
        style or TextStyle(),
    )
