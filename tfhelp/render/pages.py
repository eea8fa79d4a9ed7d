"""Pages a help panel can show (an error, a record, a search), each turned into a view on demand."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from tfhelp.fixes import CodeFix, notebook_cell_fixes
from tfhelp.i18n import Lang
from tfhelp.matching import Match
from tfhelp.model import Record
from tfhelp.search_index import SearchHit
from tfhelp.signature.model import Signature
from tfhelp.view import HelpView, NoMatchView, SearchView, match_view, record_view, search_view

View = HelpView | NoMatchView | SearchView


@dataclass(frozen=True)
class ErrorPage:
    """Help for one error: its best match (and other candidates), or 'no record fits'."""

    signature: Signature
    matches: tuple[Match, ...]

    @functools.cached_property
    def fixes(self) -> tuple[CodeFix, ...]:
        """The user's cell, fixed (when the error came from a notebook cell a fixer knows)."""
        try:
            return tuple(notebook_cell_fixes(self.signature, self.matches)[1])
        except Exception:  # a fixer fault must not cost the panel
            return ()

    def view(self, lang: Lang, known: Mapping[str, Record]) -> HelpView | NoMatchView:
        """The view in this language."""
        fixes = list(self.fixes) if self.matches else []
        return match_view(list(self.matches), self.signature, lang, dict(known), fixes=fixes)


@dataclass(frozen=True)
class RecordPage:
    """One record, opened by id (from a search, a related link or `%tfhelp --id`)."""

    record_id: str

    def view(self, lang: Lang, known: Mapping[str, Record]) -> HelpView:
        """The view in this language; KeyError when the id is not loaded."""
        return record_view(known[self.record_id], lang, known=dict(known))


@dataclass(frozen=True)
class SearchPage:
    """A search listing."""

    query: str
    hits: tuple[SearchHit, ...]

    def view(self, lang: Lang, known: Mapping[str, Record]) -> SearchView:
        """The view in this language."""
        return search_view(self.query, list(self.hits), lang)


Page = ErrorPage | RecordPage | SearchPage
