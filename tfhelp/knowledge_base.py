"""The knowledge base: compiled records with their match and search indexes, built or cached."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tfhelp.knowledge.cache import compile_paths
from tfhelp.knowledge.loader import LoadProblem, bundled_records_dir, extra_records_dirs

# What reading an index from data that does not fit the records can raise.
_UNFIT = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)

if TYPE_CHECKING:
    from tfhelp.matching import Match, Matcher
    from tfhelp.model import Record
    from tfhelp.search_index import Searcher
    from tfhelp.signature.model import Signature


class KnowledgeBase:
    """Records by id, the problems met loading them, and their match and search indexes.

    `from_paths` reads the compiled cache (see tfhelp.knowledge.cache) or builds it; the indexes
    then come from it. A knowledge base made from records directly builds them on first use.
    """

    def __init__(
        self,
        records: Iterable[Record],
        problems: Iterable[LoadProblem] = (),
        indexes: dict[str, Any] | None = None,
    ) -> None:
        self.records: list[Record] = list(records)
        self.problems: list[LoadProblem] = list(problems)
        self.by_id: dict[str, Record] = {r.id: r for r in self.records}
        self.from_cache = False
        self._indexes = indexes or {}
        self._matcher: Matcher | None = None
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_paths(cls, paths: Iterable[Path | str]) -> KnowledgeBase:
        """Load record files and folders; bad records are reported in `problems`, not raised."""
        compiled = compile_paths([Path(p) for p in paths], build_indexes)
        kb = cls(compiled.records, compiled.problems, compiled.sections)  # type: ignore[arg-type]
        kb.from_cache = compiled.from_cache
        return kb

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> Record | None:
        """The record with this id, if loaded."""
        return self.by_id.get(record_id)

    @property
    def matcher(self) -> Matcher:
        """The match index (read from the compiled data, or built on first use)."""
        with self._lock:
            if self._matcher is None:
                from tfhelp.matching import Matcher

                self._matcher = self._index("matcher", Matcher.from_data, Matcher)
            return self._matcher

    @property
    def searcher(self) -> Searcher:
        """The search index (read from the compiled data, or built on first use)."""
        with self._lock:
            if self._searcher is None:
                from tfhelp.search_index import Searcher

                self._searcher = self._index("searcher", Searcher, Searcher)
            return self._searcher

    def _index(self, name: str, read: Callable[..., Any], build: Callable[..., Any]) -> Any:
        """An index read from the compiled data when it fits, else built from the records."""
        stored = self._indexes.get(name)
        if stored:
            try:
                return read(self.records, stored())
            except _UNFIT:
                pass  # the data does not fit these records: build the index afresh
        return build(self.records)

    def explain_text(
        self, data: str | bytes, limit: int = 5
    ) -> tuple[Signature | None, list[Match]]:
        """The signature of a traceback given as text (clean or pasted), and the records that fit.

        The paste is normalised first (quotes, fences, wraps, log prefixes undone). When its
        exception fits no record, a record whose pattern matches some line of the text is still
        found, scored lower without a class. Last, the text is read as a log: a warning or log
        line may name a silent problem.
        """
        from tfhelp.signature.paste import decode, normalise
        from tfhelp.signature.text import is_tensorflow_text, parse, with_lines
        from tfhelp.signature.versions import installed_versions

        raw = decode(data)  # bounded, decoded once: normalise reads the same text
        text = normalise(raw)
        signature = parse(text)
        # Normalising drops log prefixes such as `F tensorflow/python/...cc:675]`, which may be
        # the only sign that the paste comes from TensorFlow.
        if signature is not None and not signature.is_tensorflow and is_tensorflow_text(raw):
            signature = replace(signature, is_tensorflow=True)
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


def build_indexes(records: Sequence[Any]) -> dict[str, Any]:
    """The match and search indexes of validated records, as plain data for the cache."""
    from tfhelp.knowledge.cache import Table
    from tfhelp.matching import Matcher
    from tfhelp.search_index import build_data

    matcher, searcher = Matcher(records).to_data(), build_data(records)
    # Rows a query reads a few of are stored one by one and decoded when first read.
    matcher["entries"] = Table(matcher["entries"])
    searcher["postings"] = Table(searcher["postings"])
    searcher["deletes"] = Table(searcher["deletes"])
    return {"matcher": matcher, "searcher": searcher}


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
