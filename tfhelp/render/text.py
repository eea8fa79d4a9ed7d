"""Plain-text rendering of views: for terminals, the CLI and text/plain outputs.

Lines fit the terminal's width (wide characters, such as Chinese, count two columns). Under an
error the form is brief (title, the user's line, the cause, the first fix and its code, and how
to see the rest, in at most BRIEF_LINES lines); `%tfhelp`, `tfhelp explain` and `tfhelp show`
print it whole. ANSI colours are added only when the view's style asks (IPython's colours on).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import unicodedata
from collections.abc import Iterator

from tfhelp.i18n import colon
from tfhelp.view import FirstFix, HelpView, NoMatchView, SearchView, fix_label

WIDTH = 80  # when the terminal's width cannot be known
MIN_WIDTH, MAX_WIDTH = 40, 100
BRIEF_LINES = 15

# Escape sequences (CSI, OSC, others) and control characters other than newline and tab: text
# from records and exceptions must never drive the user's terminal (clear it, retitle it).
_TERMINAL_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[@-_]?"  # other escapes, and a lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 (but \t, \n) and C1 controls
)
# IPython's traceback colours: names bold, places green, code as in a cell.
_BOLD, _GREEN, _CYAN, _YELLOW, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def inert(text: str) -> str:
    """Text safe to print on a terminal: no escape sequence or control character survives."""
    return _TERMINAL_CONTROL.sub("", text)


def terminal_width(width: int | None = None) -> int:
    """The width to fit: the one given, else the terminal's, kept within 40..100 columns."""
    if width is None:
        width = shutil.get_terminal_size((WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def columns(text: str) -> int:
    """How many terminal columns a text takes (East Asian wide characters take two)."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _units(text: str) -> Iterator[tuple[bool, str]]:
    """(space before, unit): words, and each wide character on its own (a line may break
    before and after it, as Chinese text has no spaces)."""
    space = False
    word = ""
    for ch in text:
        if ch.isspace():
            if word:
                yield space, word
                word = ""
            space = True
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            if word:
                yield space, word
                word, space = "", False
            yield space, ch
            space = False
        else:
            word += ch
    if word:
        yield space, word


def _cut(text: str, width: int) -> tuple[str, str]:
    """The longest head of `text` that fits in `width` columns, and the rest."""
    used = 0
    for i, ch in enumerate(text):
        used += columns(ch)
        if used > width:
            return text[:i], text[i:]
    return text, ""


def wrap(text: str, width: int, indent: str = "  ", subsequent: str | None = None) -> list[str]:
    """Text wrapped to `width` columns; words longer than a line are broken."""
    nxt = indent if subsequent is None else subsequent
    out: list[str] = []
    for para in text.strip("\n").split("\n"):
        if not para.strip():
            out.append("")
            continue
        line, prefix = indent, indent
        used = columns(line)
        for space, unit in _units(para.expandtabs(4)):
            gap = " " if space and line != prefix else ""
            size = columns(unit)
            if used + len(gap) + size <= width:
                line += gap + unit
                used += len(gap) + size
                continue
            if line != prefix:
                out.append(line)
                line = prefix = nxt
                used = columns(line)
            while used + size > width:
                head, unit = _cut(unit, max(1, width - used))
                out.append(line + head)
                line = prefix = nxt
                used, size = columns(line), columns(unit)
            line += unit
            used += size
        out.append(line)
        indent = nxt
    return out


def code_lines(code: str, width: int, indent: str = "      ") -> list[str]:
    """Code lines, indented; a line longer than the width goes on under a deeper indent."""
    out: list[str] = []
    for raw in code.rstrip().expandtabs(4).splitlines():
        if not raw.strip():
            out.append("")
            continue
        line = indent + raw
        while columns(line) > width:
            head, rest = _cut(line, width)
            out.append(head)
            line = indent + "    " + rest
        out.append(line)
    return out


def _clip(lines: list[str], most: int, width: int) -> list[str]:
    """At most `most` lines; a cut ends the last kept line with an ellipsis."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last, _ = _cut(kept[-1], width - 1)
    kept[-1] = last.rstrip() + "…"
    return kept


class _Paint:
    """ANSI colours, or nothing."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, colour: str) -> str:
        return f"{colour}{text}{_RESET}" if self.on and text else text


_IMPORT = re.compile(r"^\s*(?:import\s|from\s+\S+\s+import\s)")


def _fix_code(fix: FirstFix, brief: bool) -> str:
    if fix.kind != "fixed_cell":
        return fix.code
    if not brief:
        return fix.diff
    changed = [
        line
        for line in fix.diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    return "\n".join(changed)


def _title(title: str, record_id: str, width: int) -> list[str]:
    """`tfhelp: title  [id]` in at most two lines (the id on its own line when it must)."""
    lines = _clip(wrap(f"tfhelp: {title}", width, "", "  "), 2, width)
    tail = f"  [{record_id}]"
    if columns(lines[-1] + tail) <= width:
        lines[-1] += tail
    elif len(lines) < 2:
        lines += _clip(wrap(tail, width, "  "), 1, width)
    return lines


def _summary(view: HelpView, width: int, paint: _Paint, brief: bool) -> list[str]:
    """Title, the user's line, the cause and the first fix (its code cut to fit when brief)."""
    label = view.label
    lines = [paint(line, _BOLD) for line in _title(view.title, view.record_id, width)]
    if view.silent:
        lines += _clip(wrap(f"({label('silent')})", width, "  "), 1, width)
    if view.trigger is not None:
        where = wrap(view.place, width, "  ")
        lines += [paint(line, _GREEN) for line in _clip(where, 1, width)]
        if view.trigger.line:
            lines += _clip(wrap(f"> {view.trigger.line}", width, "  ", "    "), 1, width)
    if view.cause:
        cause = wrap(f"{label('cause')}{colon(view.lang)}{view.cause}", width, "", "  ")
        lines += _clip(cause, 3 if brief else len(cause), width)
    fix = view.first_fix
    if fix is None:
        return lines
    head = wrap(f"{label('fix')}{colon(view.lang)}{fix.title}", width, "", "  ")
    lines += [paint(line, _YELLOW) for line in _clip(head, 2 if brief else len(head), width)]
    because = wrap(f"({label('because')}{colon(view.lang)}{fix.because})", width, "  ")
    lines += _clip(because, 2 if brief else len(because), width)
    if fix.how and not brief:
        lines += wrap(fix.how, width, "  ")
    if not brief:
        return lines + [
            paint(line, _CYAN) for line in code_lines(_fix_code(fix, brief), width, "    ")
        ]
    code = [_fit("    " + line, width) for line in _brief_code(_fix_code(fix, brief))]
    room = max(1, BRIEF_LINES - len(lines) - 1)
    if len(code) > room:
        more = label("more_lines").format(n=len(code) - room + 1)
        code = [*code[: room - 1], "    " + more]
    return lines + [paint(line, _CYAN) for line in code]


def _brief_code(code: str) -> list[str]:
    """The code lines worth a line under an error: no blank lines, and no imports when
    something else is left (the whole code is one %tfhelp away)."""
    kept = [line.expandtabs(4) for line in code.rstrip().splitlines() if line.strip()]
    body = [line for line in kept if not _IMPORT.match(line)]
    return body or kept


def _fit(line: str, width: int) -> str:
    """One line cut to the width, with an ellipsis when it was longer."""
    if columns(line) <= width:
        return line
    head, _ = _cut(line, width - 1)
    return head + "…"


def render_brief(
    view: HelpView, width: int | None = None, color: bool | None = None, more: str = "see_all"
) -> str:
    """The help shown under an error: at most BRIEF_LINES lines, the last saying how to see
    the rest (`more`: the label that says it; %tfhelp by default)."""
    width = terminal_width(width)
    paint = _Paint(view.style.color if color is None else color)
    lines = _summary(_clean(view), width, paint, brief=True)
    lines += _clip(wrap(view.label(more), width, ""), 1, width)
    return "\n".join(lines[:BRIEF_LINES]) + "\n"


def _section(title: str, body: list[str], paint: _Paint) -> list[str]:
    return ["", paint(title, _BOLD), *body] if body else []


def render_full(view: HelpView, width: int | None = None, color: bool | None = None) -> str:
    """The whole help: the summary, then every section in the panel's order."""
    width = terminal_width(width)
    paint = _Paint(view.style.color if color is None else color)
    view = _clean(view)
    label = view.label
    rule = "=" * width
    lines = [rule, *_summary(view, width, paint, brief=False), rule]
    more: list[str] = []
    for fix in view.more_fixes:
        more += wrap(f"{fix_label('fixed_cell', view.lang)}: {fix.title}", width, "  ", "    ")
        more += code_lines(fix.diff, width)
    first = view.first_fix
    start = 2 if first is not None and first.kind == "workaround" else 1
    for i, w in enumerate(view.more_workarounds, start):
        more += wrap(f"{i}. {w.action}", width, "  ", "     ")
        if w.how:
            more += wrap(w.how, width, "     ")
        if w.condition:
            more += wrap(f"({label('when')}: {w.condition})", width, "     ")
        if w.snippet is not None:
            more += wrap(f"--- {w.snippet.title} ---", width, "     ", "         ")
            more += code_lines(w.snippet.code, width)
    for s in view.other_snippets:
        more += wrap(f"{label('snippet')}: {s.title} ({s.kind})", width, "  ", "    ")
        more += code_lines(s.code, width)
    lines += _section(label("more_fixes"), more, paint)
    dead: list[str] = []
    for d in view.dead_ends:
        cond = f" ({label('when')}: {d.condition})" if d.condition else ""
        dead += wrap(f"- {d.action or '...'}{cond}", width, "  ", "    ")
        dead += wrap(d.why_fails, width, "    ")
    lines += _section(label("dead_ends"), dead, paint)
    why: list[str] = []
    if view.error_message:
        why += wrap(
            f"{label('matched_error')}{colon(view.lang)}{view.error_message}", width, "  ", "    "
        )
    if view.why:
        why += wrap(view.why, width, "  ")
    lines += _section(label("why"), why, paint)
    related: list[str] = []
    for r in view.related:
        related += wrap(f"- {r.relation_label}: {r.title} [{r.record_id}]", width, "  ", "    ")
        if r.condition:
            related += wrap(r.condition, width, "    ")
    lines += _section(label("related"), related, paint)
    proof = wrap(view.versions_text, width, "  ") + wrap(view.tier_text, width, "  ")
    lines += _section(label("proof"), proof, paint)
    lines += _section(
        label("matched"), wrap(view.reason, width, "  ") if view.reason else [], paint
    )
    others = [w for c in view.others for w in wrap(f"- {c.title} [{c.record_id}]", width, "  ")]
    lines += _section(label("others"), others, paint)
    docs = [w for u in view.docs for w in wrap(u, width, "  ")]
    lines += _section(label("docs"), docs, paint)
    return "\n".join(lines).rstrip() + "\n"


def render_help(
    view: HelpView, width: int | None = None, *, brief: bool | None = None, more: str = "see_all"
) -> str:
    """A help view as text: brief when asked or when its style asks (under an error), else
    whole; `more` names the label of the brief form's last line."""
    if view.style.brief if brief is None else brief:
        return render_brief(view, width, more=more)
    return render_full(view, width)


def render_no_match(view: NoMatchView, width: int | None = None) -> str:
    """What to say when no record fits a TensorFlow error."""
    width = terminal_width(width)
    lines = wrap(f"tfhelp: {inert(view.label('no_match'))}", width, "", "  ")
    if view.error_headline:
        lines += wrap(inert(view.error_headline), width)
    if view.place:
        lines += wrap(inert(view.place), width)
    lines += wrap(view.label("try_search"), width)
    return "\n".join(lines) + "\n"


def render_search(view: SearchView, width: int | None = None) -> str:
    """A search listing, one record a line."""
    width = terminal_width(width)
    query = inert(repr(view.query))
    if not view.hits:
        return "\n".join(wrap(f"{view.label('no_results')} {query}", width, "")) + "\n"
    lines = wrap(f"{view.label('search_results')} {query}", width, "")
    for i, hit in enumerate(view.hits, 1):
        lines += wrap(f"{i:>2}. {inert(hit.title)}  [{inert(hit.record_id)}]", width, "", "    ")
    return "\n".join(lines) + "\n"


def _clean(view: HelpView) -> HelpView:
    """The view with every text made inert (colours are added after, by the renderer only)."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return inert(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **fields)
        return value

    cleaned = clean(view)
    assert isinstance(cleaned, HelpView)
    return cleaned
