"""HTML rendering of views: the text/html form of the panel, and the fragments the widgets show.

The panel's summary comes first (title, the user's line, the cause, the first fix with its code);
everything else is in `<details>` sections that start collapsed, so it reads the same with no
JavaScript (nbconvert, GitHub, Colab). Colours come from JupyterLab's theme variables, with
fallbacks readable on light and dark pages. With `actions=True` the buttons an interactive front
end wires are added, each naming what it does in `data-action` (run, insert, insert-fixed, open,
back, lang) and what it acts on in `data-record` / `data-snippet`.

Every piece of record or exception text goes through `esc`; links are kept only for http(s)
addresses. Nothing here emits a script or an event handler.
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
from urllib.parse import urlsplit

from tfhelp.i18n import Lang, colon, label
from tfhelp.signature.model import Frame
from tfhelp.view import (
    CandidateView,
    DeadEndView,
    FirstFix,
    FixView,
    HelpView,
    NoMatchView,
    RelatedView,
    SearchView,
    SnippetView,
    WorkaroundView,
    first_sentence,
    fix_label,
)

MAX_LINE = 500  # a user's line of code shown in the panel
MAX_CODE = 20_000  # longer snippets are shown plain, without highlighting
_FG = "var(--jp-content-font-color1,inherit)"
_CODE_BG = "var(--jp-cell-editor-background,rgba(127,127,127,.12))"
_BORDER = "var(--jp-border-color2,rgba(127,127,127,.35))"

STYLE = f"""<style>
.tfhelp-panel{{font-family:var(--jp-ui-font-family,sans-serif);font-size:13px;line-height:1.45;
 color:{_FG};border-left:4px solid var(--jp-warn-color1,#ff6f00);padding:4px 10px;margin:6px 0;
 max-width:980px}}
.tfhelp-panel .tfhelp-h{{font-weight:600;margin:8px 0 2px 0}}
.tfhelp-panel .tfhelp-muted{{color:var(--jp-content-font-color2,inherit);opacity:.85}}
.tfhelp-panel .tfhelp-code,.tfhelp-panel .tfhelp-diff,.tfhelp-panel pre{{margin:2px 0;
 padding:6px;overflow-x:auto;font-size:12px;font-family:var(--jp-code-font-family,monospace);
 background:{_CODE_BG};color:{_FG};border-radius:2px}}
.tfhelp-panel code{{font-family:var(--jp-code-font-family,monospace);font-size:12px}}
.tfhelp-panel .tfhelp-summary .tfhelp-code,.tfhelp-panel .tfhelp-summary .tfhelp-diff{{
 max-height:8em;overflow:auto}}
.tfhelp-panel .tfhelp-first-fix details summary{{font-weight:400;opacity:.85}}
.tfhelp-panel .tfhelp-title{{font-size:14px}}
.tfhelp-panel .tfhelp-brand{{color:var(--jp-warn-color1,#ff6f00);font-weight:700}}
.tfhelp-panel p{{margin:2px 0 4px 0}}
.tfhelp-panel ul,.tfhelp-panel ol{{margin:2px 0;padding-left:22px}}
.tfhelp-panel details{{margin:2px 0;border-top:1px solid {_BORDER};padding-top:2px}}
.tfhelp-panel summary{{cursor:pointer;font-weight:600}}
.tfhelp-panel .tfhelp-diff .tfhelp-add{{background:rgba(46,160,67,.25)}}
.tfhelp-panel .tfhelp-diff .tfhelp-del{{background:rgba(248,81,73,.25)}}
.tfhelp-panel .tfhelp-workaround,.tfhelp-panel .tfhelp-fixed-cell{{margin:4px 0 8px 0}}
.tfhelp-panel button{{font-size:12px;margin:2px 4px 2px 0}}
.tfhelp-panel .tfhelp-hit,.tfhelp-panel .tfhelp-related,.tfhelp-panel .tfhelp-candidate{{
 text-align:left;justify-content:flex-start}}
.tfhelp-panel .widget-html-content{{line-height:1.45}}
</style>"""

# Pygments token kinds -> JupyterLab's editor colours (fallbacks readable on light and dark).
_TOKEN_COLOURS: tuple[tuple[str, str], ...] = (
    ("Comment", "color:var(--jp-mirror-editor-comment-color,#8a8a8a);font-style:italic"),
    ("Literal.String", "color:var(--jp-mirror-editor-string-color,#3c9a4a)"),
    ("Literal.Number", "color:var(--jp-mirror-editor-number-color,#2f8fd0)"),
    ("Keyword", "color:var(--jp-mirror-editor-keyword-color,#a05ad6);font-weight:600"),
    ("Name.Builtin", "color:var(--jp-mirror-editor-builtin-color,#2f8fd0)"),
    ("Name.Function", "color:var(--jp-mirror-editor-def-color,#2f8fd0)"),
    ("Name.Class", "color:var(--jp-mirror-editor-def-color,#2f8fd0)"),
    ("Name.Decorator", "color:var(--jp-mirror-editor-meta-color,#a05ad6)"),
    ("Operator.Word", "color:var(--jp-mirror-editor-keyword-color,#a05ad6);font-weight:600"),
)


def esc(text: object) -> str:
    """Text made inert for HTML (quotes too, so it is safe inside attributes)."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Plain text as escaped paragraphs; single newlines become line breaks."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        if para.strip():
            out.append("<p>" + "<br>".join(esc(line) for line in para.split("\n")) + "</p>")
    return "".join(out)


def link(url: str, text: str | None = None) -> str:
    """A link for http(s) addresses; anything else (javascript:, data:, ...) stays text."""
    shown = esc(text if text is not None else url)
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return shown
    if scheme not in ("http", "https"):
        return shown
    return f'<a href="{esc(url.strip())}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def _token_style(kind: str) -> str:
    for name, style in _TOKEN_COLOURS:
        if kind == name or kind.startswith(name + "."):
            return style
    return ""


@functools.lru_cache(maxsize=256)  # a panel renders twice (static, live); errors recur
def _highlight(code: str) -> str:
    """Escaped code with token spans coloured by the theme's editor colours."""
    from pygments.lexers import PythonLexer

    out = []
    for kind, value in PythonLexer(stripnl=False, ensurenl=False).get_tokens(code):
        style = _token_style(str(kind).removeprefix("Token."))
        text = esc(value)
        out.append(f'<span style="{style}">{text}</span>' if style and value.strip() else text)
    return "".join(out)


def code_html(code: str) -> str:
    """Python code, highlighted in the notebook theme's colours, on the editor's background."""
    body = esc(code)
    if len(code) <= MAX_CODE:
        # pygments is optional: without it (or on a lexer fault) the code is shown plain
        with contextlib.suppress(Exception):
            body = _highlight(code)
    style = f"background:{_CODE_BG};color:{_FG}"
    return f'<pre class="tfhelp-code" style="{style}"><code>{body}</code></pre>'


def heading(key: str, lang: Lang) -> str:
    """A section heading."""
    return f'<div class="tfhelp-h">{esc(label(key, lang))}</div>'


def button(action: str, text: str, **data: str) -> str:
    """A button an interactive front end wires by its data-action (inert on its own)."""
    attrs = "".join(f' data-{k.replace("_", "-")}="{esc(v)}"' for k, v in data.items())
    return (
        f'<button type="button" class="tfhelp-action" data-action="{esc(action)}"{attrs}>'
        f"{esc(text)}</button>"
    )


def title_html(view: HelpView | NoMatchView | SearchView, actions: bool = False) -> str:
    """The panel's title line (with Back and the language switch when `actions`)."""
    brand = '<span class="tfhelp-brand">tfhelp</span> '
    tools = ""
    if actions:
        other = "en" if view.lang == "zh" else "zh"
        tools = " " + button("back", label("back", view.lang))
        tools += button("lang", label("language", view.lang), lang=other)
    if isinstance(view, HelpView):
        record_id = f'<code class="tfhelp-id">{esc(view.record_id)}</code>'
        return f"{brand}<b>{esc(view.title)}</b> {record_id}{tools}"
    if isinstance(view, SearchView):
        query = esc(repr(view.query))
        return f"{brand}<b>{esc(view.label('search_results'))}</b> {query}{tools}"
    return f"{brand}<b>{esc(view.label('no_match'))}</b>{tools}"


def place_html(where_text: str, frame: Frame | None) -> str:
    """The user's line: where it is (as IPython says it) and the line itself."""
    if frame is None:
        return ""
    line = frame.line[:MAX_LINE]
    code = f" <code>{esc(line)}</code>" if line else ""
    return (
        f'<div class="tfhelp-place"><span class="tfhelp-muted">{esc(where_text)}</span>{code}</div>'
    )


def _first_fix_code(fix: FirstFix) -> str:
    if fix.kind == "fixed_cell":
        return diff_html(fix.diff)
    return code_html(fix.code) if fix.code else ""


def _how_html(how: str, lang: Lang) -> str:
    """How to apply the first fix, short: its first sentence, the rest one click away."""
    if not how:
        return ""
    head = first_sentence(how)
    if head == " ".join(how.split()):
        return paragraphs(how)
    more = f"<details><summary>{esc(label('how', lang))}</summary>{paragraphs(how)}</details>"
    return f'<p class="tfhelp-how">{esc(head)}</p>{more}'


def first_fix_html(view: HelpView, actions: bool = False) -> str:
    """The one fix the summary shows: what to do, why it is first, its code and its buttons."""
    fix = view.first_fix
    if fix is None:
        return ""
    lang = view.lang
    head = f"<div><b>{esc(label('fix', lang) + colon(lang) + fix.title)}</b></div>"
    how = _how_html(fix.how, lang)
    because = f"{label('because', lang)}{colon(lang)}{fix.because}"
    out = [head, how, f'<div class="tfhelp-because tfhelp-muted">{esc(because)}</div>']
    out.append(_first_fix_code(fix))
    if actions and fix.kind == "fixed_cell":
        out.append(button("insert-fixed", fix_label("insert_fixed", lang), record=fix.record_id))
    elif actions and fix.snippet is not None:
        out.append(snippet_buttons(fix.snippet, view.record_id, lang))
    kind = esc(fix.kind)
    return f'<div class="tfhelp-first-fix" data-kind="{kind}">{"".join(out)}</div>'


def summary_html(view: HelpView, actions: bool = False) -> str:
    """The first screen under the title: the user's line, the cause, and the first fix."""
    out = []
    if view.silent:
        out.append(f'<div class="tfhelp-muted">({esc(view.label("silent"))})</div>')
    out.append(place_html(view.place, view.trigger))
    if view.cause:
        kind = "specific" if view.cause_specific else "general"
        cause = f"<b>{esc(view.label('cause') + colon(view.lang).strip())}</b> {esc(view.cause)}"
        out.append(f'<p class="tfhelp-cause" data-cause="{kind}">{cause}</p>')
    out.append(first_fix_html(view, actions))
    return f'<div class="tfhelp-summary">{"".join(out)}</div>'


def snippet_buttons(snippet: SnippetView, record_id: str, lang: Lang) -> str:
    """Run and Insert for one snippet."""
    return (
        '<div class="tfhelp-actions">'
        + button("run", label("run", lang), record=record_id, snippet=snippet.id)
        + button("insert", label("insert", lang), record=record_id, snippet=snippet.id)
        + "</div>"
    )


def workaround_html(index: int, w: WorkaroundView, lang: Lang) -> str:
    """One workaround's head (rank and action), how-to and condition; no snippet."""
    out = [f"<div><b>{index}. {esc(w.action)}</b></div>"]
    if w.how:
        out.append(paragraphs(w.how))
    if w.condition:
        when = f"({esc(label('when', lang))}: {esc(w.condition)})"
        out.append(f'<div class="tfhelp-muted">{when}</div>')
    return "".join(out)


def snippet_html(snippet: SnippetView, lang: Lang) -> str:
    """A snippet's title and highlighted code."""
    head = f"{esc(label('snippet', lang))}: {esc(snippet.title)} <i>({esc(snippet.kind)})</i>"
    return f'<div class="tfhelp-muted">{head}</div>{code_html(snippet.code)}'


def diff_html(diff: str) -> str:
    """A unified diff, added and removed lines marked (translucent, so any theme reads it)."""
    rows = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            continue
        if line.startswith("+"):
            rows.append(f'<span class="tfhelp-add">{esc(line)}</span>')
        elif line.startswith("-"):
            rows.append(f'<span class="tfhelp-del">{esc(line)}</span>')
        elif line.startswith("@@"):
            rows.append(f'<span class="tfhelp-muted">{esc(line)}</span>')
        else:
            rows.append(esc(line))
    style = f"background:{_CODE_BG};color:{_FG}"
    return f'<pre class="tfhelp-diff" style="{style}">{chr(10).join(rows)}</pre>'


def fix_html(fix: FixView, lang: Lang) -> str:
    """One fix of the user's cell: its title and diff (the whole code is what Insert adds)."""
    rid = f' <code class="tfhelp-id">{esc(fix.record_id)}</code>'
    return f"<div><b>{esc(fix.title)}</b>{rid}</div>{diff_html(fix.diff)}"


def dead_end_html(d: DeadEndView, lang: Lang) -> str:
    """One thing not to try, and why it does not help."""
    cond = f" ({esc(label('when', lang))}: {esc(d.condition)})" if d.condition else ""
    return f"<li><b>{esc(d.action or '…')}</b>{cond}<br>{esc(d.why_fails)}</li>"


def related_html(r: RelatedView, actions: bool = False) -> str:
    """One related record: text, or with `actions` a button that opens it in place."""
    cond = f"<br><span class='tfhelp-muted'>{esc(r.condition)}</span>" if r.condition else ""
    title = esc(r.title)
    if actions and r.known:
        title = button("open", r.title, record=r.record_id)
    rid = f"<code>{esc(r.record_id)}</code>"
    return f'<li data-record="{esc(r.record_id)}">{esc(r.relation_label)}: {title} {rid}{cond}</li>'


def candidate_html(c: CandidateView, actions: bool = False) -> str:
    """One other candidate or search hit (a button that opens it, with `actions`)."""
    title = button("open", c.title, record=c.record_id) if actions else esc(c.title)
    return f'<li data-record="{esc(c.record_id)}">{title} <code>{esc(c.record_id)}</code></li>'


def section(key: str, title: str, body: str, count: int | None = None) -> str:
    """A collapsed section (open it by a click; no script needed)."""
    if not body:
        return ""
    shown = f"{title} ({count})" if count else title
    return (
        f'<details class="tfhelp-section" data-section="{esc(key)}">'
        f"<summary>{esc(shown)}</summary>{body}</details>"
    )


def _more_fixes(view: HelpView, actions: bool) -> tuple[str, int]:
    lang = view.lang
    out: list[str] = []
    for fix in view.more_fixes:
        buttons = ""
        if actions:
            buttons = button("insert-fixed", fix_label("insert_fixed", lang), record=fix.record_id)
        out.append(f'<div class="tfhelp-fixed-cell">{fix_html(fix, lang)}{buttons}</div>')
    more = view.more_workarounds
    start = 2 if view.first_fix is not None and view.first_fix.kind == "workaround" else 1
    for i, w in enumerate(more, start):
        snip = ""
        if w.snippet is not None:
            snip = snippet_html(w.snippet, lang)
            if actions:
                snip += snippet_buttons(w.snippet, view.record_id, lang)
        out.append(f'<div class="tfhelp-workaround">{workaround_html(i, w, lang)}{snip}</div>')
    for s in view.other_snippets:
        buttons = snippet_buttons(s, view.record_id, lang) if actions else ""
        out.append(f'<div class="tfhelp-snippet">{snippet_html(s, lang)}{buttons}</div>')
    return "".join(out), len(out)


def sections_html(view: HelpView, actions: bool = False) -> str:
    """Everything after the summary, each in a collapsed section, in the order of SECTIONS."""
    lang = view.lang
    out = []
    more, n_more = _more_fixes(view, actions)
    out.append(section("more_fixes", label("more_fixes", lang), more, n_more))
    dead = "".join(dead_end_html(d, lang) for d in view.dead_ends)
    out.append(
        section(
            "dead_ends", label("dead_ends", lang), dead and f"<ul>{dead}</ul>", len(view.dead_ends)
        )
    )
    why = ""
    if view.error_message:
        why += (
            heading("matched_error", lang)
            + f'<pre class="tfhelp-error">{esc(view.error_message)}</pre>'
        )
    if view.why:
        why += paragraphs(view.why)
    out.append(section("why", label("why", lang), why))
    related = "".join(related_html(r, actions) for r in view.related)
    body = related and f'<ul class="tfhelp-related-list">{related}</ul>'
    out.append(section("related", label("related", lang), body, len(view.related)))
    proof = f"<div>{esc(view.versions_text)}</div><div>{esc(view.tier_text)}</div>"
    out.append(section("proof", label("proof", lang), proof))
    out.append(
        section("matched", label("matched", lang), paragraphs(view.reason) if view.reason else "")
    )
    others = "".join(candidate_html(c, actions) for c in view.others)
    out.append(
        section("others", label("others", lang), others and f"<ul>{others}</ul>", len(view.others))
    )
    docs = "".join(f"<li>{link(u)}</li>" for u in view.docs)
    out.append(section("docs", label("docs", lang), docs and f"<ul>{docs}</ul>", len(view.docs)))
    return "".join(out)


def render_help_html(view: HelpView, actions: bool = False) -> str:
    """The whole panel as HTML: title and summary first, then the collapsed sections."""
    title = f'<div class="tfhelp-title">{title_html(view, actions)}</div>'
    body = summary_html(view, actions) + sections_html(view, actions)
    return f"{_open(view.lang, view.record_id)}{title}{body}</div>"


def no_match_html(view: NoMatchView) -> str:
    """The body of 'no record fits' (without title)."""
    out = []
    if view.error_headline:
        out.append(f"<div><code>{esc(view.error_headline)}</code></div>")
    out.append(place_html(view.place, view.trigger))
    out.append(f'<p class="tfhelp-muted">{esc(view.label("try_search"))}</p>')
    return "".join(out)


def render_no_match_html(view: NoMatchView, actions: bool = False) -> str:
    """A TensorFlow error no record fits, as HTML."""
    title = f'<div class="tfhelp-title">{title_html(view, actions)}</div>'
    return f"{_open(view.lang)}{title}{no_match_html(view)}</div>"


def render_search_html(view: SearchView, actions: bool = False) -> str:
    """A search listing as HTML."""
    title = f'<div class="tfhelp-title">{title_html(view, actions)}</div>'
    if not view.hits:
        body = f"<p>{esc(view.label('no_results'))} {esc(repr(view.query))}</p>"
    else:
        body = "<ol>" + "".join(candidate_html(h, actions) for h in view.hits) + "</ol>"
    return f"{_open(view.lang)}{title}{body}</div>"


def render_html(view: HelpView | NoMatchView | SearchView, actions: bool = False) -> str:
    """Any view as HTML (`actions`: with the buttons an interactive front end wires)."""
    if isinstance(view, HelpView):
        return render_help_html(view, actions=True) if actions else render_help_html(view)
    if isinstance(view, SearchView):
        return render_search_html(view, actions)
    return render_no_match_html(view, actions)


def unavailable_html(lang: Lang) -> str:
    """The one line shown when tfhelp itself failed."""
    return f'<div class="tfhelp-unavailable">{esc(label("unavailable", lang))}</div>'


def _open(lang: Lang, record_id: str = "") -> str:
    code = "zh-Hans" if lang == "zh" else "en"
    record = f' data-record="{esc(record_id)}"' if record_id else ""
    return f'<div class="tfhelp-panel" lang="{code}"{record}>{STYLE}'
