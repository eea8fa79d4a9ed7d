"""One display of a help page: the widget view (in a kernel) plus text/html and text/plain.

Front ends that render widgets (JupyterLab, Notebook 7) show the interactive panel; others
(Colab, GitHub, nbconvert, a saved notebook opened without its kernel) show the HTML; terminals
show the text. No front end ever sees a widget's bare repr. In a kernel the panel is shown with a
display id, so that when it is retired (see tfhelp.render.widgets.LivePanels) its output can be
replaced by the static HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tfhelp.i18n import Lang, label
from tfhelp.render.html import render_html, unavailable_html
from tfhelp.render.pages import Page, View
from tfhelp.render.text import render_help, render_no_match, render_search
from tfhelp.view import HelpView, SearchView

if TYPE_CHECKING:
    from tfhelp.model import Record

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
    """A page ready to display; `_repr_mimebundle_` never raises.

    `display_pub` (IPython's display publisher, given in a kernel) is what a retired panel uses
    to replace its display with the static HTML.
    """

    def __init__(
        self,
        page: Page,
        known: Mapping[str, Record],
        lang: Lang = "en",
        widgets: bool = False,
        display_pub: Any = None,
    ) -> None:
        self.page = page
        self.known = known
        self.lang: Lang = lang
        self.widgets = widgets
        self.display_pub = display_pub
        self._panel: Any = None
        self._data: dict[str, Any] | None = None

    @property
    def panel(self) -> Any:
        """The interactive HelpPanel (built on first use; imports anywidget)."""
        if self._panel is None:
            self._panel = self._make_panel(None)
        return self._panel

    @property
    def display_id(self) -> str:
        """The display id of the live panel ('' without one)."""
        return str(getattr(self._panel, "display_id", "") or "")

    def _make_panel(self, first: tuple[View, str] | None) -> Any:
        from tfhelp.render.widgets import LIVE, HelpPanel

        panel = HelpPanel(self.page, self.known, self.lang, first=first)
        LIVE.add(panel, self._replace if self.display_pub is not None else None)
        return panel

    def _replace(self, data: dict[str, Any], display_id: str) -> None:
        transient = {"display_id": display_id}
        self.display_pub.publish(data=data, metadata={}, transient=transient, update=True)

    def bundle(self) -> dict[str, Any]:
        """The mime bundle: text/plain and text/html always, the widget view when asked for.
        Built once: displaying the same output again shows the same panel."""
        if self._data is not None:
            return self._data
        view = self.page.view(self.lang, self.known)
        html = render_html(view)
        data: dict[str, Any] = {"text/plain": render_text(view), "text/html": html}
        if self.widgets:
            try:
                if self._panel is None:
                    self._panel = self._make_panel((view, render_html(view, actions=True)))
                model_id = self._panel.model_id
            except Exception:  # no widget libraries, or a widget fault: the HTML still helps
                model_id = None
            if model_id:
                data[WIDGET_MIME] = {"version_major": 2, "version_minor": 1, "model_id": model_id}
        self._data = data
        return data

    def publish(self, display_pub: Any) -> None:
        """Show the page as one display_data output (with the panel's display id if any); the
        bundle is built first, so a fault shows nothing."""
        data = self.bundle()
        transient = {"display_id": self.display_id} if self.display_id else None
        display_pub.publish(data=data, metadata={}, transient=transient)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        try:
            return self.bundle()
        except Exception:
            return unavailable_bundle(self.lang)

    def __repr__(self) -> str:
        return f"<tfhelp {type(self.page).__name__}>"


class LiveHelpOutput(HelpOutput):
    """A HelpOutput in a kernel: displayed (also as a magic's result) with its display id, so
    that it can be replaced by its static form when it is retired."""

    def _ipython_display_(self) -> None:
        if self.display_pub is None:
            from IPython.core.interactiveshell import InteractiveShell

            self.display_pub = InteractiveShell.instance().display_pub
        try:
            self.publish(self.display_pub)
        except Exception:
            self.display_pub.publish(data=unavailable_bundle(self.lang), metadata={})
