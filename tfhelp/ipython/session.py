"""tfhelp's state in one shell: settings, the knowledge base (loaded at first use) and display."""

from __future__ import annotations

import os
import sys
import threading
import traceback
import weakref
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tfhelp.ipython.config import TfHelp

if TYPE_CHECKING:
    from tfhelp.knowledge_base import KnowledgeBase
    from tfhelp.render.bundle import HelpOutput
    from tfhelp.render.pages import ErrorPage, Page

DEBUG_ENV = "TFHELP_DEBUG"  # set to 1 to see the traceback of a fault inside tfhelp
_reported: weakref.WeakSet[Any] = weakref.WeakSet()  # knowledge bases whose problems were shown


class Session:
    """What the hook and the magic share. Heavy modules are imported on first use only."""

    def __init__(self, shell: Any, settings: TfHelp) -> None:
        self.shell = shell
        self.settings = settings

    @property
    def lang(self) -> Any:
        """The language chosen in the settings ('en' or 'zh')."""
        return "zh" if str(self.settings.lang).lower() == "zh" else "en"

    def knowledge(self) -> KnowledgeBase:
        """The knowledge base; its load problems, if any, are reported once as one line."""
        from tfhelp.i18n import label
        from tfhelp.knowledge_base import default_knowledge_base

        kb = default_knowledge_base()
        if kb.problems and kb not in _reported:
            _reported.add(kb)
            files = {p.path for p in kb.problems}
            line = label("problems", self.lang).format(n=len(files))
            print(f"{line} ({kb.problems[0]})"[:300], file=sys.stderr)
        return kb

    def preload(self) -> threading.Thread:
        """Load the knowledge base and its match index in a daemon thread (faults are ignored:
        the first error simply loads them again, and reports any problem then)."""

        def work() -> None:
            try:
                import tfhelp.signature  # noqa: F401 - what the first error reads it with
                from tfhelp.knowledge_base import default_knowledge_base

                default_knowledge_base().matcher  # noqa: B018 - built for its side effect
            except Exception:  # pragma: no cover - shown at the first error instead
                pass

        thread = threading.Thread(target=work, name="tfhelp-preload", daemon=True)
        thread.start()
        return thread

    @property
    def in_kernel(self) -> bool:
        """True in a Jupyter kernel (widgets can be shown), False in a terminal or plain shell."""
        return getattr(self.shell, "kernel", None) is not None

    def output(self, page: Page) -> HelpOutput:
        """A displayable help page in the current language."""
        from tfhelp.render.bundle import HelpOutput, LiveHelpOutput

        known = self.knowledge().by_id
        if self.in_kernel and bool(self.settings.widgets):
            pub = self.shell.display_pub
            return LiveHelpOutput(page, known, self.lang, widgets=True, display_pub=pub)
        return HelpOutput(page, known, self.lang)

    def error_page(
        self,
        value: BaseException,
        tb: TracebackType | None,
        always: bool = False,
        brief: bool = False,
    ) -> ErrorPage | None:
        """The page for an error; None when it is not TensorFlow's and no record fits it.
        `brief`: its text form is the summary only (shown under the error; %tfhelp has all)."""
        from tfhelp.render.pages import ErrorPage, cell_numbers
        from tfhelp.signature import from_exception
        from tfhelp.view import TextStyle

        signature = from_exception(value, tb)
        limit = 1 + int(self.settings.candidates)
        matches = self.knowledge().matcher.match(signature, limit=limit)
        if not (matches or signature.is_tensorflow or always):
            return None
        # IPython names its cells `Cell In[n]` (format_code_name); the help says the same.
        compiler = getattr(self.shell, "compile", None)
        cells = cell_numbers(signature, getattr(compiler, "format_code_name", None))
        style = TextStyle(brief=brief, color=self.colors)
        return ErrorPage(signature, tuple(matches), cells, style)

    @property
    def colors(self) -> bool:
        """True when IPython's colours are on in a terminal (a kernel's text/plain stays plain)."""
        scheme = str(getattr(self.shell, "colors", "nocolor")).lower()
        return not self.in_kernel and scheme not in ("nocolor", "none", "")

    def paste_page(self, text: str) -> Page | None:
        """The page for error text pasted into a cell; None when the text holds no error."""
        from tfhelp.render.pages import ErrorPage, RecordPage

        limit = 1 + int(self.settings.candidates)
        signature, matches = self.knowledge().explain_text(text, limit=limit)
        if matches and matches[0].rule == "log":  # a warning naming a problem that raises nothing
            return RecordPage(matches[0].record.id)
        if signature is None:
            return None
        return ErrorPage(signature, tuple(matches))

    def on_error(self, value: BaseException, tb: TracebackType | None) -> None:
        """Called by the hook after the traceback is shown: display help if there is any."""
        if not self.settings.auto:
            return
        page = self.error_page(value, tb, brief=True)
        if page is not None:
            self.show(self.output(page))

    def show(self, output: HelpOutput) -> None:
        """Display a page as one output (the bundle is built first, so a fault shows nothing);
        in a kernel with the panel's display id, so that a retired panel becomes static HTML."""
        output.publish(self.shell.display_pub)

    def unavailable(self, error: BaseException) -> None:
        """The one line shown when tfhelp itself failed; never raises."""
        try:
            from tfhelp.i18n import label

            text = f"{label('unavailable', self.lang)} ({type(error).__name__})"
            if os.environ.get(DEBUG_ENV):
                text += "\n" + "".join(traceback.format_exception(error))
            print(text, file=sys.stderr)
        except Exception:  # pragma: no cover - nothing more can be done
            pass
