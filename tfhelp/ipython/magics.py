"""The %tfhelp magics: help for the last error, search, one record, on/off and language (line);
help for error text pasted into a cell (%%tfhelp)."""

from __future__ import annotations

import sys
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from tfhelp.ipython.session import Session

SEARCH_LIMIT = 10


class Notice:
    """A one-line answer (`%tfhelp on`, `%tfhelp --lang zh`), displayable as text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.text}

    def __repr__(self) -> str:
        return self.text


@magics_class
class TfHelpMagics(Magics):
    """Holds the %tfhelp magic of one shell."""

    def __init__(self, shell: Any, session: Session) -> None:
        super().__init__(shell=shell)
        self.session = session

    @line_magic
    @magic_arguments()
    @argument(
        "--id",
        dest="record_id",
        metavar="ID",
        default=None,
        help="show one record, e.g. tensorflow/per-step-gradients-while-loop",
    )
    @argument("--lang", metavar="LANG", default=None, help="switch the language: en or zh (中文)")
    @argument(
        "words",
        nargs="*",
        help="words to search for (English or Chinese); 'on' or 'off' turns the help under "
        "errors on or off",
    )
    def tfhelp(self, line: str = "") -> Any:
        """Help for TensorFlow and Keras errors, from tfhelp's offline knowledge base.

        %tfhelp                  help for the last error
        %tfhelp WORDS            search; click a result to open it in place
        %tfhelp --id ID          show one record
        %tfhelp on | off         turn the help shown under errors on or off
        %tfhelp --lang zh | en   switch the language of the help (English / 中文)
        """
        try:
            args = parse_argstring(self.tfhelp, line)
        except ValueError as exc:  # unbalanced quotes and the like
            raise UsageError(f"%tfhelp: {exc}") from None
        if args.lang is not None:
            self._set_lang(args.lang)
        words: list[str] = args.words
        if args.record_id is not None and words:
            raise UsageError("%tfhelp: give either --id ID or search words, not both")
        if args.record_id is not None:
            return self._record(args.record_id)
        if [w.lower() for w in words] in (["on"], ["off"]):
            self.session.settings.auto = words[0].lower() == "on"
            return Notice(self._label("auto_on" if self.session.settings.auto else "auto_off"))
        if words:
            return self._search(" ".join(words))
        if args.lang is not None:
            return Notice(self._label("lang_set"))
        return self._last_error()

    @cell_magic("tfhelp")
    @magic_arguments()
    @argument("--lang", metavar="LANG", default=None, help="switch the language: en or zh (中文)")
    def tfhelp_paste(self, line: str, cell: str) -> Any:
        """%%tfhelp: help for error text pasted into the cell, as under a live error.

        Paste a traceback, the last lines of one, a log or an error message from a colleague,
        a CI run or a forum below the %%tfhelp line; Markdown quotes, fences, wrapped lines
        and log prefixes are fine. The panel is the one shown under live errors, with the
        other candidates when the best match is not certain.

        %%tfhelp [--lang zh | en]
        """
        try:
            args = parse_argstring(self.tfhelp_paste, line)
        except ValueError as exc:
            raise UsageError(f"%%tfhelp: {exc}") from None
        if args.lang is not None:
            self._set_lang(args.lang)
        if not (cell or "").strip():
            raise UsageError(self._label("paste_empty"))
        page = self.session.paste_page(cell)
        if page is None:
            return Notice(self._label("paste_no_error"))
        from tfhelp.render.pages import ErrorPage

        if isinstance(page, ErrorPage) and not page.matches:
            headline = page.signature.error.headline.strip().split("\n", 1)[0][:160]
            return Notice(f"{self._label('paste_no_record')} {headline}")
        return self.session.output(page)

    def _label(self, key: str) -> str:
        from tfhelp.i18n import label

        return label(key, self.session.lang)

    def _set_lang(self, value: str) -> None:
        from tfhelp.i18n import check_lang

        try:
            self.session.settings.lang = check_lang(value)
        except ValueError as exc:
            raise UsageError(f"%tfhelp: {exc}") from None

    def _record(self, record_id: str) -> Any:
        from tfhelp.render.pages import RecordPage

        kb = self.session.knowledge()
        if record_id not in kb.by_id:
            near = [h.record.id for h in kb.searcher.search(record_id.replace("/", " "), limit=3)]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise UsageError(f"%tfhelp: no record with id {record_id!r}{hint}")
        return self.session.output(RecordPage(record_id))

    def _search(self, query: str) -> Any:
        from tfhelp.render.pages import SearchPage

        hits = self.session.knowledge().searcher.search(query, limit=SEARCH_LIMIT)
        return self.session.output(SearchPage(query, tuple(hits)))

    def _last_error(self) -> Any:
        value = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
        if not isinstance(value, BaseException):
            return Notice(self._label("no_last_error"))
        tb = getattr(sys, "last_traceback", None) or value.__traceback__
        page = self.session.error_page(value, tb, always=True)
        assert page is not None
        return self.session.output(page)
