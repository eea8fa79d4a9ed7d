"""Plain-text rendering of views: for terminals, the CLI and text/plain outputs."""

from __future__ import annotations

import re
import textwrap

from tfhelp.view import HelpView, NoMatchView, SearchView, fix_label

WIDTH = 88


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    out: list[str] = []
    for para in text.strip().split("\n"):
        if not para.strip():
            out.append("")
            continue
        out.extend(
            textwrap.wrap(
                para,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )
            or [indent]
        )
    return out


def _bar(rate: float, cells: int = 10) -> str:
    filled = round(rate * cells)
    return "#" * filled + "." * (cells - filled)


def _code(code: str) -> list[str]:
    return ["      " + line if line else "" for line in code.rstrip().splitlines()]


# Escape sequences (CSI, OSC, others) and control characters other than newline and tab: text
# from records and exceptions must never drive the user's terminal (clear it, retitle it).
_TERMINAL_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[@-_]?"  # other escapes, and a lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 (but \t, \n) and C1 controls
)


def inert(text: str) -> str:
    """Text safe to print on a terminal: no escape sequence or control character survives."""
    return _TERMINAL_CONTROL.sub("", text)


def render_help(view: HelpView, width: int = WIDTH) -> str:
    """A help panel as text, in sections."""
    lines: list[str] = []
    rule = "=" * min(width, 88)
    lines += [rule, f"tfhelp: {view.title}  [{view.record_id}]", rule]
    for fix in view.fixes:
        lines += [f"{fix_label('fixed_cell', view.lang)}: {fix.title}", *_code(fix.diff), ""]
    if view.error_headline:
        lines += _wrap(view.error_headline, width)
    if view.silent:
        lines += _wrap(f"({view.label('silent')})", width)
    if view.reason:
        lines += ["", view.label("matched") + f" ({view.score:.2f})", *_wrap(view.reason, width)]
    if view.why:
        lines += ["", view.label("why"), *_wrap(view.why, width)]
    if view.trigger is not None:
        t = view.trigger
        lines += ["", view.label("your_line"), f"  {t.filename}:{t.lineno} in {t.name}"]
        if t.line:
            lines.append(f"  > {t.line}")
    if view.workarounds:
        lines += ["", view.label("workarounds")]
        for i, w in enumerate(view.workarounds, 1):
            head = f"{i}. [{_bar(w.success_rate)}] {w.success_rate:.0%}  {w.action}"
            lines += _wrap(head, width, indent="  ")
            if w.how:
                lines += _wrap(w.how, width, indent="      ")
            if w.condition:
                lines += _wrap(f"({view.label('when')}: {w.condition})", width, indent="      ")
            if w.snippet is not None:
                lines += [f"      --- {w.snippet.title} ---", *_code(w.snippet.code)]
    for s in view.other_snippets:
        lines += ["", f"{view.label('snippet')}: {s.title} ({s.kind})", *_code(s.code)]
    if view.dead_ends:
        lines += ["", view.label("dead_ends")]
        for d in view.dead_ends:
            head = f"- {d.action or '...'} ({view.label('fails')} {d.fail_rate:.0%})"
            lines += _wrap(head, width)
            lines += _wrap(d.why_fails, width, indent="    ")
    if view.related:
        lines += ["", view.label("related")]
        for r in view.related:
            lines += _wrap(f"- {r.relation_label}: {r.title} [{r.record_id}]", width)
            if r.condition:
                lines += _wrap(r.condition, width, indent="    ")
    lines += ["", view.label("versions"), *_wrap(view.versions_text, width)]
    lines += [
        "",
        view.label("verification"),
        *_wrap(f"{view.tier_text}; {view.label('confidence')} {view.confidence:.0%}", width),
    ]
    if view.docs:
        lines += ["", view.label("docs"), *(f"  {u}" for u in view.docs)]
    if view.others:
        lines += ["", view.label("others")]
        lines += [f"  - {c.title} [{c.record_id}] ({c.score:.2f})" for c in view.others]
    return inert("\n".join(lines).rstrip() + "\n")


def render_no_match(view: NoMatchView, width: int = WIDTH) -> str:
    """What to say when no record fits a TensorFlow error."""
    lines = [f"tfhelp: {view.label('no_match')}"]
    if view.error_headline:
        lines += _wrap(view.error_headline, width)
    lines.append("  " + view.label("try_search"))
    return inert("\n".join(lines) + "\n")


def render_search(view: SearchView, width: int = WIDTH) -> str:
    """A search listing, one record a line."""
    if not view.hits:
        return inert(f"{view.label('no_results')} {view.query!r}\n")
    lines = [f"{view.label('search_results')} {view.query!r}"]
    for i, hit in enumerate(view.hits, 1):
        lines += _wrap(f"{i:>2}. {hit.title}  [{hit.record_id}]", width, indent="")
    return inert("\n".join(lines) + "\n")
