"""View models: what a help panel or a search listing shows, in one language, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from tfhelp.applicability import Applicability, applicability
from tfhelp.fixes.engine import CodeFix
from tfhelp.i18n import Lang, label, tier_text
from tfhelp.matching import Match
from tfhelp.model import Record, Snippet
from tfhelp.search_index import SearchHit
from tfhelp.signature.model import Frame, Signature
from tfhelp.signature.versions import installed_versions

CERTAIN = 0.9  # at or above this score, other candidates are not shown


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
    """One workaround, with its success rate and code."""

    action: str
    how: str
    success_rate: float
    condition: str
    snippet: SnippetView | None


@dataclass(frozen=True)
class DeadEndView:
    """Something not to try, and why."""

    action: str
    why_fails: str
    fail_rate: float
    condition: str


@dataclass(frozen=True)
class RelatedView:
    """A link to another record."""

    relation: str  # leads_to / preceded_by / frequently_confused_with
    relation_label: str
    record_id: str
    title: str
    condition: str
    probability: float | None
    known: bool


@dataclass(frozen=True)
class CandidateView:
    """Another record that could fit."""

    record_id: str
    title: str
    score: float


@dataclass(frozen=True)
class _Localized:
    """A view in one language."""

    lang: Lang

    def label(self, key: str) -> str:
        """An interface word in this view's language."""
        return label(key, self.lang)


@dataclass(frozen=True)
class HelpView(_Localized):
    """Everything the panel shows for one record (and, when known, the error that led there)."""

    record_id: str
    title: str
    signature: str
    why: str
    root_cause: str
    silent: bool
    error_headline: str
    reason: str
    score: float | None
    trigger: Frame | None
    workarounds: list[WorkaroundView]
    dead_ends: list[DeadEndView]
    related: list[RelatedView]
    fit: Applicability
    versions_text: str
    tier: str
    tier_text: str
    confidence: float
    docs: list[str]
    other_snippets: list[SnippetView]
    others: list[CandidateView] = field(default_factory=list)
    fixes: list[FixView] = field(default_factory=list)  # the user's cell, fixed; shown first


@dataclass(frozen=True)
class NoMatchView(_Localized):
    """A TensorFlow error that no record fits."""

    error_headline: str
    trigger: Frame | None


@dataclass(frozen=True)
class SearchView(_Localized):
    """A search listing."""

    query: str
    hits: list[CandidateView]


def _snippet(snippet: Snippet, lang: Lang) -> SnippetView:
    return SnippetView(
        snippet.id,
        snippet.kind,
        pick(snippet.title, snippet.title_zh, lang),
        snippet.code,
        snippet.graph_mode,
    )


def record_view(
    record: Record,
    lang: Lang = "en",
    *,
    known: dict[str, Record] | None = None,
    match: Match | None = None,
    signature: Signature | None = None,
    others: list[Match] | None = None,
    fixes: list[CodeFix] | None = None,
) -> HelpView:
    """The view of one record; with a match and signature, also of the error that led to it
    (and, with `fixes`, the user's cell fixed)."""
    known = known or {}
    workarounds = []
    linked: set[str] = set()
    for i, w in enumerate(record.workarounds):
        zh_list = record.workarounds_zh[i] if i < len(record.workarounds_zh) else ""
        snip = record.snippet(w.snippet) if w.snippet else None
        if snip is not None:
            linked.add(snip.id)
        workarounds.append(
            WorkaroundView(
                action=pick(w.action, w.action_zh or zh_list, lang),
                how=pick(w.how, w.how_zh, lang) if w.how != w.action else "",
                success_rate=w.success_rate,
                condition=pick(w.condition, w.condition_zh, lang),
                snippet=_snippet(snip, lang) if snip else None,
            )
        )
    workarounds.sort(key=lambda w: -w.success_rate)
    dead_ends = sorted(
        (
            DeadEndView(
                action=pick(d.action, d.action_zh, lang),
                why_fails=pick(d.why_fails, d.why_fails_zh, lang),
                fail_rate=d.fail_rate,
                condition=pick(d.condition, d.condition_zh, lang),
            )
            for d in record.dead_ends
        ),
        key=lambda d: -d.fail_rate,
    )
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
                probability=edge.probability,
                known=other is not None,
            )
        )
    versions = signature.versions if signature is not None else installed_versions()
    docs = [u for u in (record.official_doc_url, *record.docs) if u]
    fit = match.applicability if match else applicability(record, versions)
    return HelpView(
        lang=lang,
        record_id=record.id,
        title=pick(record.display_title, record.title_zh, lang),
        signature=pick(record.signature, record.signature_zh, lang),
        why=pick(
            record.explanation or record.root_cause,
            record.explanation_zh or record.root_cause_zh,
            lang,
        ),
        root_cause=pick(record.root_cause, record.root_cause_zh, lang),
        silent=record.silent,
        error_headline=_headline(signature),
        reason=pick(match.reason, match.reason_zh, lang) if match else "",
        score=match.score if match else None,
        trigger=signature.trigger if signature else None,
        workarounds=workarounds,
        dead_ends=dead_ends,
        related=related,
        fit=fit,
        versions_text=pick(fit.summary, fit.summary_zh, lang),
        tier=record.verification_tier,
        tier_text=tier_text(record.verification_tier, lang),
        confidence=record.confidence,
        docs=docs,
        other_snippets=[_snippet(s, lang) for s in record.snippets if s.id not in linked],
        others=[
            CandidateView(
                m.record.id, pick(m.record.display_title, m.record.title_zh, lang), m.score
            )
            for m in (others or [])
        ],
        fixes=[FixView(f.record_id, f.title_in(lang), f.diff, f.code) for f in (fixes or [])],
    )


def _headline(signature: Signature | None) -> str:
    if signature is None:
        return ""
    part = signature.inner[-1] if signature.inner else signature.error
    first = part.message.strip().splitlines()[0] if part.message.strip() else ""
    return part.headline.strip().split("\n", 1)[0][:300] if first else part.type_name


def match_view(
    matches: list[Match],
    signature: Signature,
    lang: Lang = "en",
    known: dict[str, Record] | None = None,
    fixes: list[CodeFix] | None = None,
) -> HelpView | NoMatchView:
    """The view for an error: its best match (others listed when it is not certain), or none;
    `fixes`: the user's cell fixed, shown first."""
    if not matches:
        return NoMatchView(lang, _headline(signature), signature.trigger)
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
    )


def search_view(query: str, hits: list[SearchHit], lang: Lang = "en") -> SearchView:
    """The view of a search listing."""
    return SearchView(
        lang,
        query,
        [
            CandidateView(
                h.record.id, pick(h.record.display_title, h.record.title_zh, lang), h.score
            )
            for h in hits
        ],
    )
