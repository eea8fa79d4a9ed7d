"""The interactive help panel (ipywidgets): sections, Run and Insert per snippet, links in place.

DOM classes for front-end tests: `tfhelp-panel` (root), `tfhelp-title`, `tfhelp-lang` (language
toggle), `tfhelp-back`, `tfhelp-workaround` (one per workaround), `tfhelp-snippet`, `tfhelp-run`
and `tfhelp-run-output` / `tfhelp-run-status` (per snippet), `tfhelp-insert` (the button inside
the `tfhelp-insert-widget`, see tfhelp/render/insert.py for how it adds a cell),
`tfhelp-fixed-cell` (the user's cell fixed: its diff, `tfhelp-insert` and `tfhelp-replace`
buttons), `tfhelp-related`
(related errors), `tfhelp-candidate` (other candidates), `tfhelp-hit` (search results).

Every HTML value is built by tfhelp.render.html, which escapes record and exception text; button
descriptions and tooltips are shown as text by ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets

from tfhelp.i18n import Lang, label
from tfhelp.model import Record
from tfhelp.render import html as h
from tfhelp.render.pages import Page, RecordPage, View
from tfhelp.render.runner import RunResult, run_snippet
from tfhelp.view import FixView, HelpView, SearchView, SnippetView, fix_label


def _html(value: str, *classes: str) -> widgets.HTML:
    w = widgets.HTML(value=value)
    for cls in classes:
        w.add_class(cls)
    return w


def _button(
    text: str, cls: str, on_click: Callable[[], object], tooltip: str = ""
) -> widgets.Button:
    b = widgets.Button(description=text, tooltip=tooltip or text)
    b.layout = widgets.Layout(width="auto", max_width="100%")
    b.add_class(cls)
    b.on_click(lambda _button: on_click())
    return b


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it (frees their comms when a page is left)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


class SnippetBox(widgets.VBox):
    """A snippet: highlighted code, Run (output shown below it) and Insert-as-cell buttons."""

    def __init__(self, snippet: SnippetView, lang: Lang, anchor: str) -> None:
        super().__init__()
        self.add_class("tfhelp-snippet")
        self.snippet = snippet
        self.lang: Lang = lang
        self.output = widgets.Output()
        self.output.add_class("tfhelp-run-output")
        self.status = _html("", "tfhelp-run-status")
        self.status.layout.margin = "0 0 0 8px"  # apart from the insert button's own message
        self.run_button = _button(label("run", lang), "tfhelp-run", self.run)
        self.run_button.icon = "play"
        actions: list[widgets.Widget] = [self.run_button]
        try:
            from tfhelp.render.insert import InsertButton

            self.insert_button: widgets.Widget | None = InsertButton(snippet.code, anchor, lang)
            actions.append(self.insert_button)
        except ImportError:  # pragma: no cover - anywidget is a dependency; degrade to Run only
            self.insert_button = None
        actions.append(self.status)
        self.children = (
            _html(h.snippet_html(snippet, lang)),
            widgets.HBox(actions),
            self.output,
        )

    def run(self) -> RunResult:
        """Run the snippet (see tfhelp.render.runner) and show what it printed in the panel."""
        self.output.outputs = ()
        self.status.value = h.esc(label("running", self.lang))
        self.run_button.disabled = True
        try:
            result = run_snippet(self.snippet)
        finally:
            self.run_button.disabled = False
        if result.stdout:
            self.output.append_stdout(result.stdout)
        if result.stderr:
            self.output.append_stderr(result.stderr)
        word = label("run_ok" if result.ok else "run_failed", self.lang)
        mark = "✔" if result.ok else "✘"
        self.status.value = h.esc(f"{mark} {word} ({result.seconds:.1f} s)")
        return result


class FixBox(widgets.VBox):
    """The user's cell, fixed: the diff, then "Insert fixed cell below" and "Replace cell"."""

    def __init__(self, fix: FixView, lang: Lang, anchor: str) -> None:
        super().__init__()
        self.add_class("tfhelp-fixed-cell")
        self.fix = fix
        actions: list[widgets.Widget] = []
        try:
            from tfhelp.render.insert import InsertButton

            insert = fix_label("insert_fixed", lang)
            self.insert_button: widgets.Widget | None = InsertButton(
                fix.code, anchor, lang, button_label=insert
            )
            self.replace_button: widgets.Widget | None = InsertButton(
                fix.code,
                anchor,
                lang,
                button_label=fix_label("replace_cell", lang),
                mode="replace",
                replaced_message=fix_label("replaced", lang),
            )
            actions += [self.insert_button, self.replace_button]
        except ImportError:  # pragma: no cover - anywidget is a dependency
            self.insert_button = self.replace_button = None
        self.children = (_html(h.fix_html(fix, lang)), widgets.HBox(actions))


class HelpPanel(widgets.VBox):
    """The panel: a title bar (Back, language toggle) over the current page's sections."""

    def __init__(self, page: Page, known: Mapping[str, Record], lang: Lang = "en") -> None:
        super().__init__()
        self.add_class("tfhelp-panel")
        self.known = known
        self.lang: Lang = lang
        self.stack: list[Page] = [page]
        self.title = _html("", "tfhelp-title")
        self.title.layout = widgets.Layout(flex="1 1 auto")
        self.back_button = _button("", "tfhelp-back", self.back)
        self.back_button.icon = "arrow-left"
        self.lang_button = _button("", "tfhelp-lang", self.toggle_lang)
        self.body = widgets.VBox()
        self.body.add_class("tfhelp-body")
        for button in (self.back_button, self.lang_button):
            button.layout = widgets.Layout(width="auto", flex="0 0 auto")
        header = widgets.HBox([self.title, self.back_button, self.lang_button])
        self.children = (_html(h.STYLE), header, self.body)
        self.render()

    @property
    def page(self) -> Page:
        """The page shown now."""
        return self.stack[-1]

    @property
    def view(self) -> View:
        """The view shown now."""
        return self.page.view(self.lang, self.known)

    def open_record(self, record_id: str) -> None:
        """Show another record in place (Back returns)."""
        if record_id in self.known:
            self.stack.append(RecordPage(record_id))
            self.render()

    def back(self) -> None:
        """Return to the previous page."""
        if len(self.stack) > 1:
            self.stack.pop()
            self.render()

    def toggle_lang(self) -> None:
        """Switch every text between English and Chinese."""
        self.set_lang("en" if self.lang == "zh" else "zh")

    def set_lang(self, lang: Lang) -> None:
        """Show the panel in this language."""
        self.lang = lang
        self.render()

    def render(self) -> None:
        """Rebuild the title bar and the body for the current page and language."""
        old = self.body.children
        try:
            view = self.view
            title = h.title_html(view)
            children = self._children(view)
        except Exception:  # a broken record must not break the panel's buttons
            title = h.unavailable_html(self.lang)
            children = []
        self.lang_button.description = label("language", self.lang)
        self.lang_button.tooltip = label("language", self.lang)
        self.back_button.description = label("back", self.lang)
        self.back_button.layout.display = "" if len(self.stack) > 1 else "none"
        self.body.children = tuple(children)
        self.title.value = title  # after the body, so title and body never disagree on screen
        for child in old:
            close_tree(child)

    def _children(self, view: View) -> list[widgets.Widget]:
        if isinstance(view, HelpView):
            return self._help(view)
        if isinstance(view, SearchView):
            return self._search(view)
        return [_html(h.no_match_html(view))]

    def _search(self, view: SearchView) -> list[widgets.Widget]:
        if not view.hits:
            return [_html(h.esc(f"{view.label('no_results')} {view.query!r}"))]
        buttons = [
            self._link(f"{i}. {hit.title}  [{hit.record_id}]", "tfhelp-hit", hit.record_id)
            for i, hit in enumerate(view.hits, 1)
        ]
        return [widgets.VBox(buttons)]

    def _link(self, text: str, cls: str, record_id: str, tooltip: str = "") -> widgets.Button:
        b = _button(text, cls, lambda: self.open_record(record_id), tooltip=tooltip)
        b.disabled = record_id not in self.known
        return b

    def _help(self, view: HelpView) -> list[widgets.Widget]:
        lang = view.lang
        out: list[widgets.Widget] = []
        if view.fixes:
            out.append(_html(h.fixes_heading_html(view)))
            out.extend(FixBox(fix, lang, self.model_id) for fix in view.fixes)
        out.append(_html(h.summary_html(view)))
        if view.workarounds:
            out.append(_html(h.heading("workarounds", lang)))
        for i, w in enumerate(view.workarounds, 1):
            parts: list[widgets.Widget] = [_html(h.workaround_html(i, w, lang))]
            if w.snippet is not None:
                parts.append(SnippetBox(w.snippet, lang, self.model_id))
            row = widgets.VBox(parts)
            row.add_class("tfhelp-workaround")
            out.append(row)
        out.extend(SnippetBox(s, lang, self.model_id) for s in view.other_snippets)
        if view.dead_ends:
            out.append(_html(h.dead_ends_html(view)))
        if view.related:
            out.append(_html(h.heading("related", lang)))
            out.append(
                widgets.VBox(
                    [
                        self._link(
                            f"{r.relation_label}: {r.title}",
                            "tfhelp-related",
                            r.record_id,
                            tooltip=r.condition or r.record_id,
                        )
                        for r in view.related
                    ]
                )
            )
        out.append(_html(h.facts_html(view)))
        if view.others:
            out.append(_html(h.heading("others", lang)))
            out.append(
                widgets.VBox(
                    [
                        self._link(
                            f"{c.title}  [{c.record_id}] ({c.score:.2f})",
                            "tfhelp-candidate",
                            c.record_id,
                        )
                        for c in view.others
                    ]
                )
            )
        return out


def snippet_boxes(widget: widgets.Widget) -> list[SnippetBox]:
    """Every snippet box inside a widget tree (tests and front ends drive them)."""
    found: list[SnippetBox] = []
    if isinstance(widget, SnippetBox):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found.extend(snippet_boxes(child))
    return found


def find_by_class(widget: widgets.Widget, cls: str) -> list[widgets.Widget]:
    """Every widget inside a tree that carries this DOM class."""
    found = [widget] if cls in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found.extend(find_by_class(child, cls))
    return found
