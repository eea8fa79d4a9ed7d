"""HTML rendering of views: the text/html form of the panel, and the fragments the widgets show.

Every piece of record or exception text goes through `esc` (or pygments, which escapes code);
links are kept only for http(s) addresses. Nothing here emits a script or an event handler.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from tfhelp.i18n import Lang, label
from tfhelp.signature.model import Frame
from tfhelp.view import (
    CandidateView,
    DeadEndView,
    FixView,
    HelpView,
    NoMatchView,
    RelatedView,
    SearchView,
    SnippetView,
    WorkaroundView,
    fix_label,
)

MAX_LINE = 500  # a user's line of code shown in the panel
MAX_CODE = 20_000  # longer snippets are shown plain, without highlighting
_CELL_FILE = re.compile(r"ipykernel_\d+[/\\]\d+\.py$")

STYLE = """<style>
.tfhelp-panel{font-family:var(--jp-ui-font-family,sans-serif);font-size:13px;line-height:1.45;
 border-left:4px solid #ff6f00;padding:4px 10px;margin:6px 0;max-width:980px}
.tfhelp-panel .tfhelp-h{font-weight:600;margin:10px 0 2px 0}
.tfhelp-panel .tfhelp-muted{opacity:.75}
.tfhelp-panel .tfhelp-bar{font-family:var(--jp-code-font-family,monospace);color:#2e7d32}
.tfhelp-panel .tfhelp-bar.tfhelp-bad{color:#c62828}
.tfhelp-panel .tfhelp-code pre{margin:2px 0;padding:6px;overflow-x:auto;font-size:12px;
 font-family:var(--jp-code-font-family,monospace)}
.tfhelp-panel pre,.tfhelp-panel code{font-family:var(--jp-code-font-family,monospace)}
.tfhelp-panel .tfhelp-workaround{margin:6px 0 8px 0}
.tfhelp-panel .tfhelp-brand{color:#ff6f00;font-weight:700}
.tfhelp-panel code{font-size:12px}
.tfhelp-panel p{margin:2px 0 4px 0}
.tfhelp-panel ul,.tfhelp-panel ol{margin:2px 0;padding-left:22px}
.tfhelp-panel .widget-html-content{line-height:1.45}
.tfhelp-panel .tfhelp-diff{margin:2px 0;padding:6px;overflow-x:auto;font-size:12px;
 font-family:var(--jp-code-font-family,monospace);border:1px solid rgba(128,128,128,.3)}
.tfhelp-panel .tfhelp-diff .tfhelp-add{background:rgba(46,160,67,.18)}
.tfhelp-panel .tfhelp-diff .tfhelp-del{background:rgba(248,81,73,.18)}
.tfhelp-panel .tfhelp-fixed-cell{margin:4px 0 10px 0}
.tfhelp-panel .tfhelp-hit,.tfhelp-panel .tfhelp-related,.tfhelp-panel .tfhelp-candidate{
 text-align:left;justify-content:flex-start}
</style>"""


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


def bar(rate: float, bad: bool = False, cells: int = 10) -> str:
    """A rate as a text bar plus a percentage (readable with or without CSS)."""
    rate = min(max(rate, 0.0), 1.0)
    filled = round(rate * cells)
    cls = "tfhelp-bar tfhelp-bad" if bad else "tfhelp-bar"
    pct = f"{rate:.0%}"
    return (
        f'<span class="{cls}" title="{pct}">{"█" * filled}{"░" * (cells - filled)}</span>'
        f" <b>{pct}</b>"
    )


def code_html(code: str) -> str:
    """Python code with syntax highlighting (inline styles, so no stylesheet is needed)."""
    if len(code) <= MAX_CODE:
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import PythonLexer

            body = highlight(code, PythonLexer(), HtmlFormatter(noclasses=True))
            return f'<div class="tfhelp-code">{body}</div>'
        except Exception:  # pragma: no cover - pygments is optional; fall back to plain text
            pass
    return f'<div class="tfhelp-code"><pre>{esc(code)}</pre></div>'


def where(frame: Frame, lang: Lang = "en") -> str:
    """A frame's place, short: notebook cells by line only."""
    if lang == "zh":
        name = "" if frame.name in ("<module>", "") else f"，在 {frame.name} 中"
        line = f"第 {frame.lineno} 行"
    else:
        name = "" if frame.name in ("<module>", "") else f" in {frame.name}"
        line = f"line {frame.lineno}"
    if _CELL_FILE.search(frame.filename) or frame.filename.startswith("<"):
        return f"{line}{name}"
    return f"{frame.filename}:{frame.lineno}{name}"


def heading(key: str, lang: Lang) -> str:
    """A section heading."""
    return f'<div class="tfhelp-h">{esc(label(key, lang))}</div>'


def title_html(view: HelpView | NoMatchView | SearchView) -> str:
    """The panel's title line."""
    brand = '<span class="tfhelp-brand">tfhelp</span> '
    if isinstance(view, HelpView):
        record_id = f'<code class="tfhelp-id">{esc(view.record_id)}</code>'
        return f"{brand}<b>{esc(view.title)}</b> {record_id}"
    if isinstance(view, SearchView):
        return f"{brand}<b>{esc(view.label('search_results'))}</b> {esc(repr(view.query))}"
    return f"{brand}<b>{esc(view.label('no_match'))}</b>"


def trigger_html(frame: Frame | None, lang: Lang) -> str:
    """The user's own line that set the error off."""
    if frame is None:
        return ""
    line = frame.line[:MAX_LINE]
    code = f"<pre><code>{esc(line)}</code></pre>" if line else ""
    place = esc(where(frame, lang))
    return f'{heading("your_line", lang)}<div class="tfhelp-muted">{place}</div>{code}'


def summary_html(view: HelpView) -> str:
    """The error, why this record was chosen, why it happens, and the user's line."""
    lang = view.lang
    out = []
    if view.error_headline:
        headline = f"<div><code>{esc(view.error_headline)}</code></div>"
        out.append(heading("matched_error", lang) + headline)
    if view.silent:
        out.append(f'<p class="tfhelp-muted">({esc(view.label("silent"))})</p>')
    if view.reason:
        score = f" ({view.score:.2f})" if view.score is not None else ""
        out.append(heading("matched", lang) + f"<p>{esc(view.reason)}{esc(score)}</p>")
    if view.why:
        out.append(heading("why", lang) + paragraphs(view.why))
    out.append(trigger_html(view.trigger, lang))
    return "".join(out)


def workaround_html(index: int, w: WorkaroundView, lang: Lang) -> str:
    """One workaround's head (rank, success bar, action), how-to and condition; no snippet."""
    rate = f"{esc(label('success', lang))} {bar(w.success_rate)}"
    out = [f'<div><b>{index}. {esc(w.action)}</b> <span class="tfhelp-muted">·</span> {rate}</div>']
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
    """A unified diff, added and removed lines marked (classes and inline colours)."""
    rows = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            continue
        if line.startswith("+"):
            rows.append(f'<span class="tfhelp-add" style="background:#e6ffec">{esc(line)}</span>')
        elif line.startswith("-"):
            rows.append(f'<span class="tfhelp-del" style="background:#ffebe9">{esc(line)}</span>')
        elif line.startswith("@@"):
            rows.append(f'<span class="tfhelp-muted">{esc(line)}</span>')
        else:
            rows.append(esc(line))
    return f'<pre class="tfhelp-diff">{chr(10).join(rows)}</pre>'


def fix_html(fix: FixView, lang: Lang) -> str:
    """One fix of the user's cell: its title and diff (the whole code is what Insert adds)."""
    rid = f' <code class="tfhelp-id">{esc(fix.record_id)}</code>'
    return f"<div><b>{esc(fix.title)}</b>{rid}</div>{diff_html(fix.diff)}"


def fixes_heading_html(view: HelpView) -> str:
    """The fixed-cell section's heading and note."""
    head = f'<div class="tfhelp-h">{esc(fix_label("fixed_cell", view.lang))}</div>'
    return head + f'<div class="tfhelp-muted">{esc(fix_label("fixed_note", view.lang))}</div>'


def dead_end_html(d: DeadEndView, lang: Lang) -> str:
    """One thing not to try, with its fail rate."""
    cond = f" ({esc(label('when', lang))}: {esc(d.condition)})" if d.condition else ""
    return (
        f"<li><b>{esc(d.action or '…')}</b> · {esc(label('fails', lang))} "
        f"{bar(d.fail_rate, bad=True)}{cond}<br>{esc(d.why_fails)}</li>"
    )


def related_html(r: RelatedView) -> str:
    """One related record, as static text (the widget makes it a button)."""
    cond = f"<br><span class='tfhelp-muted'>{esc(r.condition)}</span>" if r.condition else ""
    return f"<li>{esc(r.relation_label)}: {esc(r.title)} <code>{esc(r.record_id)}</code>{cond}</li>"


def candidate_html(c: CandidateView) -> str:
    """One other candidate or search hit, as static text."""
    return f"<li>{esc(c.title)} <code>{esc(c.record_id)}</code> ({c.score:.2f})</li>"


def facts_html(view: HelpView) -> str:
    """Versions checked against the installed one, verification tier, confidence and docs."""
    lang = view.lang
    out = [heading("versions", lang), f"<div>{esc(view.versions_text)}</div>"]
    conf = f"{view.tier_text}; {view.label('confidence')} {view.confidence:.0%}"
    out += [heading("verification", lang), f"<div>{esc(conf)}</div>"]
    if view.docs:
        items = "".join(f"<li>{link(u)}</li>" for u in view.docs)
        out += [heading("docs", lang), f"<ul>{items}</ul>"]
    return "".join(out)


def dead_ends_html(view: HelpView) -> str:
    """The dead-ends section."""
    if not view.dead_ends:
        return ""
    items = "".join(dead_end_html(d, view.lang) for d in view.dead_ends)
    return heading("dead_ends", view.lang) + f"<ul>{items}</ul>"


def render_help_html(view: HelpView) -> str:
    """The whole panel as static HTML (the text/html fallback of the widget)."""
    lang = view.lang
    out = [_open(lang), f'<div class="tfhelp-title">{title_html(view)}</div>']
    if view.fixes:
        out.append(fixes_heading_html(view))
        for fix in view.fixes:
            out.append(f'<div class="tfhelp-fixed-cell">{fix_html(fix, lang)}</div>')
    out.append(summary_html(view))
    if view.workarounds:
        out.append(heading("workarounds", lang))
        for i, w in enumerate(view.workarounds, 1):
            snip = snippet_html(w.snippet, lang) if w.snippet else ""
            out.append(f'<div class="tfhelp-workaround">{workaround_html(i, w, lang)}{snip}</div>')
    for s in view.other_snippets:
        out.append(f'<div class="tfhelp-snippet">{snippet_html(s, lang)}</div>')
    out.append(dead_ends_html(view))
    if view.related:
        items = "".join(related_html(r) for r in view.related)
        out.append(heading("related", lang) + f'<ul class="tfhelp-related-list">{items}</ul>')
    out.append(facts_html(view))
    if view.others:
        items = "".join(candidate_html(c) for c in view.others)
        out.append(heading("others", lang) + f"<ul>{items}</ul>")
    out.append("</div>")
    return "".join(out)


def no_match_html(view: NoMatchView) -> str:
    """The body of 'no record fits' (without title)."""
    out = []
    if view.error_headline:
        out.append(f"<div><code>{esc(view.error_headline)}</code></div>")
    out.append(trigger_html(view.trigger, view.lang))
    out.append(f'<p class="tfhelp-muted">{esc(view.label("try_search"))}</p>')
    return "".join(out)


def render_no_match_html(view: NoMatchView) -> str:
    """A TensorFlow error no record fits, as HTML."""
    title = f'<div class="tfhelp-title">{title_html(view)}</div>'
    return f"{_open(view.lang)}{title}{no_match_html(view)}</div>"


def render_search_html(view: SearchView) -> str:
    """A search listing as HTML."""
    title = f'<div class="tfhelp-title">{title_html(view)}</div>'
    if not view.hits:
        body = f"<p>{esc(view.label('no_results'))} {esc(repr(view.query))}</p>"
    else:
        body = "<ol>" + "".join(candidate_html(h) for h in view.hits) + "</ol>"
    return f"{_open(view.lang)}{title}{body}</div>"


def render_html(view: HelpView | NoMatchView | SearchView) -> str:
    """Any view as HTML."""
    if isinstance(view, HelpView):
        return render_help_html(view)
    if isinstance(view, SearchView):
        return render_search_html(view)
    return render_no_match_html(view)


def unavailable_html(lang: Lang) -> str:
    """The one line shown when tfhelp itself failed."""
    return f'<div class="tfhelp-unavailable">{esc(label("unavailable", lang))}</div>'


def _open(lang: Lang) -> str:
    code = "zh-Hans" if lang == "zh" else "en"
    return f'<div class="tfhelp-panel" lang="{code}">{STYLE}'
