"""The interactive help panel: one anywidget model per panel, rendered by panel.js.

The kernel side holds the page stack and the language and sends the current page as HTML with
its buttons (tfhelp.render.html with `actions=True`, where every record and exception text is
escaped); panel.js shows that HTML and wires the elements marked `data-action` (`run`, `insert`,
`insert-fixed`, `replace`, `open`, `back`, `lang`). Inserting and replacing happen in the front
end (it edits the notebook document, with the code from the `code` trait); the others come back
as custom messages handled by `HelpPanel.act`: Run runs the snippet with tfhelp.render.runner and
reports in the `runs` trait, navigation and language send a new `html`.

A panel costs one model (one comm). `LivePanels` keeps the last `KEEP` panels live; an older one
has its display replaced by the static HTML (`update_display`) and its model closed, so a long
session does not accumulate models.
"""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets
import traitlets

from tfhelp.i18n import Lang, label
from tfhelp.render.pages import Page, RecordPage, View
from tfhelp.render.runner import RunResult, run_snippet
from tfhelp.view import HelpView, SnippetView, fix_label

if TYPE_CHECKING:
    from tfhelp.model import Record

ESM = Path(__file__).with_name("panel.js").read_text(encoding="utf-8")
KEEP = 20  # live panels per kernel; older ones become static HTML
_LABELS = ("run", "insert", "copy", "inserted", "copied", "copy_failed", "running", "run_ok")
_LABELS_MORE = ("run_failed", "back", "language")
_FIX_LABELS = ("insert_fixed", "replace_cell", "replaced")

Renderer = Callable[[View], str]


def labels(lang: Lang) -> dict[str, str]:
    """The interface words the front end needs, in one language."""
    words = {key: label(key, lang) for key in (*_LABELS, *_LABELS_MORE)}
    words.update({key: fix_label(key, lang) for key in _FIX_LABELS})
    return words


def snippets_of(view: View) -> dict[str, SnippetView]:
    """Every snippet a view shows, by id; the user's fixed cells as `fixed:<record id>`."""
    found: dict[str, SnippetView] = {}
    if not isinstance(view, HelpView):
        return found
    for w in view.workarounds:
        if w.snippet is not None:
            found[w.snippet.id] = w.snippet
    for s in view.other_snippets:
        found[s.id] = s
    for fix in view.fixes:
        key = f"fixed:{fix.record_id}"
        found.setdefault(key, SnippetView(key, "fixed", fix.title, fix.code))
    return found


class HelpPanel(anywidget.AnyWidget):
    """One panel: a page stack, a language, and the current page's HTML for the front end."""

    # A plain trait, not anywidget's file-watching form: that one keeps every instance alive.
    _esm = traitlets.Unicode(ESM).tag(sync=True)

    anchor = traitlets.Unicode("", help="This model's id: how Insert finds the panel's cell.").tag(
        sync=True
    )
    html = traitlets.Unicode("", help="The current page as HTML, with its buttons.").tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)
    labels = traitlets.Dict(help="Interface words in the current language.").tag(sync=True)
    code = traitlets.Dict(help="Snippet id -> code, for Insert and Replace.").tag(sync=True)
    depth = traitlets.Int(1, help="Pages on the stack; Back is shown above 1.").tag(sync=True)
    nav = traitlets.Int(0, help="Counts navigations; the front end scrolls to the title.").tag(
        sync=True
    )
    runs = traitlets.Dict(help="Snippet id -> {state, stdout, stderr, seconds}.").tag(sync=True)
    shown = traitlets.Bool(
        False, help="Set by the front end once it has scrolled to the head."
    ).tag(sync=True)

    def __init__(
        self,
        page: Page,
        known: Mapping[str, Record],
        lang: Lang = "en",
        *,
        render: Renderer | None = None,
        first: tuple[View, str] | None = None,
    ) -> None:
        super().__init__(layout=shared_layout())
        self.known = known
        self.stack: list[Page] = [page]
        self.view_lang: Lang = lang
        self.display_id = ""
        self._render = render or _live_html
        self._view: View | None = None
        self.anchor = self.model_id
        self.on_msg(self._on_msg)
        self._show(first)

    @property
    def page(self) -> Page:
        """The page shown now."""
        return self.stack[-1]

    @property
    def view(self) -> View:
        """The view shown now."""
        if self._view is None:
            self._view = self.page.view(self.view_lang, self.known)
        return self._view

    # --- actions (from the front end's messages, or called directly) ---------------------------

    def act(self, content: Mapping[str, Any]) -> RunResult | None:
        """Do what a front-end message asks: run, open, back or lang. Unknown ones are ignored."""
        action = content.get("action")
        if action == "run":
            return self.run(str(content.get("snippet", "")))
        if action == "open":
            self.open_record(str(content.get("record", "")))
        elif action == "back":
            self.back()
        elif action == "lang":
            wanted = content.get("lang")
            self.set_lang(wanted if wanted in ("en", "zh") else _other(self.view_lang))
        return None

    def open_record(self, record_id: str) -> None:
        """Show another record in place (Back returns)."""
        if record_id in self.known:
            self.stack.append(RecordPage(record_id))
            self._show(navigated=True)

    def back(self) -> None:
        """Return to the previous page."""
        if len(self.stack) > 1:
            self.stack.pop()
            self._show(navigated=True)

    def toggle_lang(self) -> None:
        """Switch every text between English and Chinese."""
        self.set_lang(_other(self.view_lang))

    def set_lang(self, lang: Lang) -> None:
        """Show the panel in this language."""
        self.view_lang = lang
        self._show()

    def run(self, snippet_id: str) -> RunResult | None:
        """Run a snippet of the current page; its state and output go to the `runs` trait."""
        try:
            snippet = snippets_of(self.view).get(snippet_id)
        except Exception:
            snippet = None
        if snippet is None:
            return None
        self.runs = {**self.runs, snippet_id: {"state": "running"}}
        result = run_snippet(snippet)
        state = {
            "state": "ok" if result.ok else "failed",
            "stdout": result.stdout,
            "stderr": result.stderr,
            "seconds": result.seconds,
        }
        self.runs = {**self.runs, snippet_id: state}
        return result

    # --- the static form -----------------------------------------------------------------------

    def static_html(self) -> str:
        """The current page as the text/html a front end without widgets shows."""
        from tfhelp.render.html import render_html

        try:
            return render_html(self.view)
        except Exception:
            return _unavailable(self.view_lang)

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, Mapping):
            try:
                self.act(content)
            except Exception:  # a fault in one action must not break the kernel's comm
                self.html = _unavailable(self.view_lang)

    def _show(self, first: tuple[View, str] | None = None, navigated: bool = False) -> None:
        try:
            if first is not None:
                self._view, html = first
            else:
                self._view = None
                html = self._render(self.view)
            code = {key: s.code for key, s in snippets_of(self.view).items()}
        except Exception:  # a broken record must not break the panel's buttons
            html, code = _unavailable(self.view_lang), {}
        with self.hold_sync():
            self.lang = self.view_lang
            self.labels = labels(self.view_lang)
            self.code = code
            self.runs = {}
            self.depth = len(self.stack)
            self.html = html
            if navigated:
                self.nav += 1


_LAYOUT: list[ipywidgets.Layout] = []


def shared_layout() -> ipywidgets.Layout:
    """One Layout model for every panel (a DOM widget needs one; one each would double the
    models)."""
    if not _LAYOUT or _LAYOUT[0].comm is None:  # closed, e.g. by Widget.close_all()
        _LAYOUT[:] = [ipywidgets.Layout()]
    return _LAYOUT[0]


def _other(lang: Lang) -> Lang:
    return "en" if lang == "zh" else "zh"


def _live_html(view: View) -> str:
    from tfhelp.render.html import render_html

    return render_html(view, actions=True)


def _unavailable(lang: Lang) -> str:
    from tfhelp.render.html import unavailable_html

    return unavailable_html(lang)


Publish = Callable[[dict[str, Any], str], None]


class LivePanels:
    """The panels of one kernel that are still live; the oldest beyond `keep` become static."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.live: deque[tuple[HelpPanel, Publish | None]] = deque()
        self._ids = itertools.count(1)

    def add(self, panel: HelpPanel, publish: Publish | None = None) -> str:
        """Keep a panel live; give it a display id (for `publish` to replace it later)."""
        panel.display_id = f"tfhelp-{uuid.uuid4().hex[:12]}-{next(self._ids)}"
        self.live.append((panel, publish))
        while len(self.live) > self.keep:
            self.retire(*self.live.popleft())
        return panel.display_id

    def retire(self, panel: HelpPanel, publish: Publish | None) -> None:
        """Replace a panel's display with its static form, then close its model."""
        try:
            if publish is not None and panel.display_id:
                publish(static_bundle(panel), panel.display_id)
        finally:
            panel.close()

    def clear(self) -> None:
        """Retire every live panel (unloading the extension)."""
        while self.live:
            self.retire(*self.live.popleft())


def static_bundle(panel: HelpPanel) -> dict[str, Any]:
    """The text/html and text/plain of the page a panel shows now."""
    from tfhelp.render.bundle import render_text

    try:
        text = render_text(panel.view)
    except Exception:
        text = label("unavailable", panel.view_lang)
    return {"text/plain": text, "text/html": panel.static_html()}


LIVE = LivePanels()
