"""One display of a help page: the widget view (in a kernel) plus text/html and text/plain.

Front ends that render ipywidgets (JupyterLab, Notebook 7) show the interactive panel; others
(Colab, GitHub, nbconvert, a saved notebook opened without its kernel) show the HTML; terminals
show the text. No front end ever sees a widget's bare repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tfhelp.i18n import Lang, label
from tfhelp.model import Record
from tfhelp.render.html import render_html, unavailable_html
from tfhelp.render.pages import Page, View
from tfhelp.render.text import render_help, render_no_match, render_search
from tfhelp.view import HelpView, SearchView

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def render_text(view: View) -> str:
    """Any view as plain text."""
    if isinstance(view, HelpView):
        return render_help(view)
    if isinstance(view, SearchView):
        return render_search(view)
    return render_no_match(view)


def unavailable_bundle(lang: Lang) -> dict[str, Any]:
    """What is shown when tfhelp itself failed: one short line."""
    return {"text/plain": label("unavailable", lang), "text/html": unavailable_html(lang)}


class HelpOutput:
    """A page ready to display; `_repr_mimebundle_` never raises."""

    def __init__(
        self, page: Page, known: Mapping[str, Record], lang: Lang = "en", widgets: bool = False
    ) -> None:
        self.page = page
        self.known = known
        self.lang: Lang = lang
        self.widgets = widgets
        self._panel: Any = None

    @property
    def panel(self) -> Any:
        """The interactive HelpPanel (built on first use; imports ipywidgets)."""
        if self._panel is None:
            from tfhelp.render.widgets import HelpPanel

            self._panel = HelpPanel(self.page, self.known, self.lang)
        return self._panel

    def bundle(self) -> dict[str, Any]:
        """The mime bundle: text/plain and text/html always, the widget view when asked for."""
        view = self.page.view(self.lang, self.known)
        data: dict[str, Any] = {"text/plain": render_text(view), "text/html": render_html(view)}
        if self.widgets:
            try:
                shown = self.panel._repr_mimebundle_() or {}
            except Exception:  # no widget libraries, or a widget fault: the HTML still helps
                shown = {}
            if WIDGET_MIME in shown:
                data[WIDGET_MIME] = shown[WIDGET_MIME]
        return data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        try:
            return self.bundle()
        except Exception:
            return unavailable_bundle(self.lang)

    def __repr__(self) -> str:
        return f"<tfhelp {type(self.page).__name__}>"
