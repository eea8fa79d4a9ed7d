"""A loaded set of records with lazily built match and search indexes."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tfhelp.knowledge.loader import (
    LoadProblem,
    bundled_records_dir,
    extra_records_dirs,
    load_paths,
)
from tfhelp.model import Record

if TYPE_CHECKING:
    from tfhelp.matching import Match, Matcher
    from tfhelp.search_index import Searcher
    from tfhelp.signature.model import Signature


class KnowledgeBase:
    """Records by id, the problems met loading them, and the indexes built on first use."""

    def __init__(self, records: Iterable[Record], problems: Iterable[LoadProblem] = ()) -> None:
        self.records: list[Record] = list(records)
        self.problems: list[LoadProblem] = list(problems)
        self.by_id: dict[str, Record] = {r.id: r for r in self.records}
        self._matcher: Matcher | None = None
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_paths(cls, paths: Iterable[Path | str]) -> KnowledgeBase:
        """Load record files and folders; bad records are reported in `problems`, not raised."""
        result = load_paths(paths)
        return cls(result.records, result.problems)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> Record | None:
        """The record with this id, if loaded."""
        return self.by_id.get(record_id)

    @property
    def matcher(self) -> Matcher:
        """The match index (built on first use)."""
        with self._lock:
            if self._matcher is None:
                from tfhelp.matching import Matcher

                self._matcher = Matcher(self.records)
            return self._matcher

    def explain_text(
        self, data: str | bytes, limit: int = 5
    ) -> tuple[Signature | None, list[Match]]:
        """The signature of a traceback given as text (clean or pasted), and the records that fit.

        The paste is normalised first (quotes, fences, wraps, log prefixes undone). When its
        exception fits no record, a record whose pattern matches some line of the text is still
        found, scored lower without a class. Last, the text is read as a log: a warning or log
        line may name a silent problem.
        """
        from tfhelp.signature.paste import normalise
        from tfhelp.signature.text import parse, with_lines
        from tfhelp.signature.versions import installed_versions

        text = normalise(data)
        signature = parse(text)
        matches = self.matcher.match(signature, limit=limit) if signature is not None else []
        if not matches and (
            signature is None or signature.is_tensorflow or not signature.error.type_name
        ):
            loose = with_lines(signature, text)
            found = self.matcher.match(loose, limit=limit) if loose is not None else []
            if found:
                signature, matches = loose, found
        if not matches:
            matches = self.matcher.match_log(text, installed_versions(), limit=limit)
        return signature, matches

    @property
    def searcher(self) -> Searcher:
        """The search index (built on first use)."""
        with self._lock:
            if self._searcher is None:
                from tfhelp.search_index import Searcher

                self._searcher = Searcher(self.records)
            return self._searcher


_default: KnowledgeBase | None = None
_default_lock = threading.Lock()


def default_paths() -> list[Path]:
    """The bundled records, then folders from TFHELP_RECORDS_PATH."""
    return [bundled_records_dir(), *extra_records_dirs()]


def default_knowledge_base() -> KnowledgeBase:
    """The knowledge base the public API and the notebook use, loaded once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = KnowledgeBase.from_paths(default_paths())
        return _default


def reset_default() -> None:
    """Forget the loaded knowledge base (tests, and after records change on disk)."""
    global _default
    with _default_lock:
        _default = None
