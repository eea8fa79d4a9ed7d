"""A view as JSON-ready plain data: what the panel's front end renders.

`view_data(view)` returns a dict of str, bool, int, None, lists and dicts only. Its keys are
stable; a front end can rely on every key below being present for its `kind`.

Every kind:
- `kind`: "help", "no_match" or "search"; `lang`: "en" or "zh".
- `labels`: every interface word the panel shows, in `lang` (keys of tfhelp.i18n and
  FIX_LABELS: cause, fix, because, more_fixes, dead_ends, why, related, proof, matched, others,
  docs, matched_error, run, insert, insert_fixed, copy, back, language, see_all, ...).

"help" (one record; the summary is `title` .. `first_fix`, the rest goes in `sections`):
- `record_id`, `title`, `silent` (bool: the problem raises nothing).
- `place` ("Cell In[1], line 13", "" when unknown) and `line` (the user's line of code).
- `cause` (one sentence) and `cause_specific` (bool: in the user's own values).
- `first_fix`: None, or {`kind`: "fixed_cell" | "workaround", `title`, `how`, `because`,
  `code` (what Insert adds), `diff` (fixed_cell: what changes), `snippet` (a snippet dict or
  None), `record_id` (fixed_cell: the record whose fixer wrote it)}.
- `sections`: the collapsed sections, in order, only those with content; each
  {`key`, `label`, `count` (int or None), and by key:
  more_fixes: `fixed_cells` [{record_id, title, diff, code}], `workarounds` [{number, action,
  how, condition, snippet}], `snippets` [snippet]; dead_ends: `items` [{action, why_fails,
  condition}]; why: `error` (the real message), `text`; related: `items` [{relation,
  relation_label, record_id, title, condition, known}]; proof: `versions`, `verification`;
  matched: `text`; others: `items` [{record_id, title}]; docs: `urls` (http(s) only)}.
- A snippet dict: {`id`, `kind`, `title`, `code`, `graph_mode`}.

"no_match": `headline`, `error`, `place`, `line`.
"search": `query`, `hits` [{record_id, title}].

No success or failure percentage appears anywhere: the records' rates were never measured.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from tfhelp.i18n import Lang, all_labels, label
from tfhelp.view import (
    FIX_LABELS,
    FirstFix,
    HelpView,
    NoMatchView,
    SearchView,
    SnippetView,
    fix_label,
)


def labels(lang: Lang) -> dict[str, str]:
    """Every interface word, in one language."""
    words = all_labels(lang)
    words.update({key: fix_label(key, lang) for key in FIX_LABELS})
    return words


def _snippet(s: SnippetView | None) -> dict[str, Any] | None:
    return asdict(s) if s is not None else None


def _first_fix(fix: FirstFix | None) -> dict[str, Any] | None:
    return asdict(fix) if fix is not None else None  # its snippet becomes a dict as well


def _http(url: str) -> bool:
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:
        return False


def _sections(view: HelpView) -> list[dict[str, Any]]:
    first = view.first_fix
    start = 2 if first is not None and first.kind == "workaround" else 1
    more = {
        "fixed_cells": [
            {"record_id": f.record_id, "title": f.title, "diff": f.diff, "code": f.code}
            for f in view.more_fixes
        ],
        "workarounds": [
            {
                "number": n,
                "action": w.action,
                "how": w.how,
                "condition": w.condition,
                "snippet": _snippet(w.snippet),
            }
            for n, w in enumerate(view.more_workarounds, start)
        ],
        "snippets": [_snippet(s) for s in view.other_snippets],
    }
    count = sum(len(v) for v in more.values())
    candidates: list[tuple[str, int | None, dict[str, Any]]] = [
        ("more_fixes", count, more if count else {}),
        (
            "dead_ends",
            len(view.dead_ends),
            {"items": [vars(d).copy() for d in view.dead_ends]} if view.dead_ends else {},
        ),
        (
            "why",
            None,
            {"error": view.error_message, "text": view.why}
            if view.error_message or view.why
            else {},
        ),
        (
            "related",
            len(view.related),
            {"items": [vars(r).copy() for r in view.related]} if view.related else {},
        ),
        ("proof", None, {"versions": view.versions_text, "verification": view.tier_text}),
        ("matched", None, {"text": view.reason} if view.reason else {}),
        (
            "others",
            len(view.others),
            {"items": [{"record_id": c.record_id, "title": c.title} for c in view.others]}
            if view.others
            else {},
        ),
        (
            "docs",
            None,
            {"urls": [u for u in view.docs if _http(u)]}
            if any(_http(u) for u in view.docs)
            else {},
        ),
    ]
    return [
        {"key": key, "label": label(key, view.lang), "count": n or None, **body}
        for key, n, body in candidates
        if body
    ]


def view_data(view: HelpView | NoMatchView | SearchView) -> dict[str, Any]:
    """The view as plain data (see the module's docstring for its keys)."""
    base: dict[str, Any] = {"lang": view.lang, "labels": labels(view.lang)}
    if isinstance(view, HelpView):
        trigger = view.trigger
        return {
            "kind": "help",
            **base,
            "record_id": view.record_id,
            "title": view.title,
            "silent": view.silent,
            "place": view.place,
            "line": trigger.line if trigger is not None else "",
            "cause": view.cause,
            "cause_specific": view.cause_specific,
            "first_fix": _first_fix(view.first_fix),
            "sections": _sections(view),
        }
    if isinstance(view, SearchView):
        hits = [{"record_id": h.record_id, "title": h.title} for h in view.hits]
        return {"kind": "search", **base, "query": view.query, "hits": hits}
    return {
        "kind": "no_match",
        **base,
        "headline": view.error_headline,
        "error": view.error_message,
        "place": view.place,
        "line": view.trigger.line if view.trigger is not None else "",
    }
