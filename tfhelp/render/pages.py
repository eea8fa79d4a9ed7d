"""Pages a help panel can show (an error, a record, a search), each turned into a view on demand."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tfhelp.fixes import CodeFix, notebook_cell_fixes
from tfhelp.i18n import Lang
from tfhelp.matching import Match
from tfhelp.search_index import SearchHit
from tfhelp.signature.model import Signature
from tfhelp.view import (
    HelpView,
    NoMatchView,
    SearchView,
    TextStyle,
    match_view,
    record_view,
    search_view,
)

if TYPE_CHECKING:
    from tfhelp.model import Record

View = HelpView | NoMatchView | SearchView


def cell_numbers(
    signature: Signature, name_of: Callable[[str], tuple[str, str] | None] | None
) -> dict[str, int]:
    """The execution count of each cell file among the error's frames, asked of IPython's
    `shell.compile.format_code_name` (which answers ('Cell', 'In[3]') for a cell it ran)."""
    found: dict[str, int] = {}
    if name_of is None:
        return found
    for frame in (*signature.frames, *signature.traced_frames):
        if frame.filename in found or not frame.is_user:
            continue
        try:
            named = name_of(frame.filename)
        except Exception:  # IPython's private naming changed: the plain place still helps
            continue
        if named and named[1].startswith("In[") and named[1][3:-1].isdigit():
            found[frame.filename] = int(named[1][3:-1])
    return found


@dataclass(frozen=True)
class ErrorPage:
    """Help for one error: its best match (and other candidates), or 'no record fits'.

    `cells` maps a kernel's cell files to their execution count (to say `Cell In[3]`);
    `style` asks the terminal form to be brief (under an error) or coloured.
    """

    signature: Signature
    matches: tuple[Match, ...]
    cells: Mapping[str, int] = field(default_factory=dict, compare=False)
    style: TextStyle = field(default_factory=TextStyle, compare=False)

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
        return match_view(
            list(self.matches),
            self.signature,
            lang,
            known,
            fixes=fixes,
            cells=self.cells,
            style=self.style,
        )


@dataclass(frozen=True)
class RecordPage:
    """One record, opened by id (from a search, a related link or `%tfhelp --id`)."""

    record_id: str
    style: TextStyle = field(default_factory=TextStyle, compare=False)

    def view(self, lang: Lang, known: Mapping[str, Record]) -> HelpView:
        """The view in this language; KeyError when the id is not loaded."""
        return record_view(known[self.record_id], lang, known=known, style=self.style)


@dataclass(frozen=True)
class SearchPage:
    """A search listing."""

    query: str
    hits: tuple[SearchHit, ...]
    style: TextStyle = field(default_factory=TextStyle, compare=False)

    def view(self, lang: Lang, known: Mapping[str, Record]) -> SearchView:
        """The view in this language."""
        return search_view(self.query, list(self.hits), lang, self.style)


Page = ErrorPage | RecordPage | SearchPage
