"""Full-text search index over records, in English and Chinese, tolerant of typos."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tfhelp.model import Record
from tfhelp.tokens import terms

# How much a word counts by where it stands in a record.
_ID, _TITLE, _TAG, _SIGNATURE, _ALIAS, _BODY, _MINOR = 3.0, 3.0, 3.0, 2.0, 1.5, 1.0, 0.5
_EXACT, _PREFIX, _FUZZY = 1.0, 0.7, 0.6
_SATURATION = 4.0
_SILENT_PRIOR = 1.15
MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 2000  # a query is words typed or pasted, not a document
MAX_FUZZY_LEN = 32  # longer words get no typo variants: their count and size grow with length


@dataclass(frozen=True)
class SearchHit:
    """A record found by a query, with its score and the words that found it."""

    record: Record
    score: float
    matched: tuple[str, ...]


def _fields(record: Record) -> Iterable[tuple[str, float]]:
    yield record.id.replace("/", " ").replace("-", "_"), _ID
    yield record.id.replace("/", " ").replace("-", " "), _ID
    yield record.title, _TITLE
    yield record.title_zh, _TITLE
    yield record.signature, _SIGNATURE
    yield record.signature_zh, _SIGNATURE
    yield " ".join(record.tags), _TAG
    yield " ".join(record.exception_types), _TAG
    yield " ".join(record.aliases), _ALIAS
    yield record.root_cause, _BODY
    yield record.root_cause_zh, _BODY
    yield record.explanation, _BODY
    yield record.explanation_zh, _BODY
    for w in record.workarounds:
        yield f"{w.action} {w.how}", _BODY
        yield f"{w.action_zh} {w.how_zh}", _BODY
    yield " ".join(record.workarounds_zh), _BODY
    for s in record.snippets:
        yield f"{s.title} {s.title_zh}", _BODY
    for d in record.dead_ends:
        yield f"{d.action} {d.why_fails} {d.action_zh} {d.why_fails_zh}", _MINOR


class Searcher:
    """An inverted index of record words; `search(query)` ranks records for a query."""

    def __init__(self, records: Sequence[Record]) -> None:
        self._records = list(records)
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for index, record in enumerate(self._records):
            for text, weight in _fields(record):
                if not text:
                    continue
                for term in set(terms(text)):
                    doc = postings[term]
                    doc[index] = doc.get(index, 0.0) + weight
        n = max(len(self._records), 1)
        # A word found in several fields counts more, with diminishing returns (as in BM25).
        for doc in postings.values():
            for index, weight in doc.items():
                doc[index] = weight * (1 + _SATURATION) / (weight + _SATURATION)
        # What each word adds to each record's score, computed once (idf times field weight).
        self._gains: dict[str, dict[int, float]] = {
            t: {i: w * math.log(1 + n / len(d)) for i, w in d.items()} for t, d in postings.items()
        }
        self._vocab = sorted(self._gains)
        by_id = sorted(range(len(self._records)), key=lambda i: self._records[i].id)
        self._rank = [0] * len(self._records)  # ties are broken by id
        for position, index in enumerate(by_id):
            self._rank[index] = position
        # Silent problems raise nothing for the hook to catch: search is how people find them.
        self._prior = [_SILENT_PRIOR if r.silent else 1.0 for r in self._records]
        self._deletes: dict[str, list[str]] | None = None

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Records for the query, best first; [] for an empty or hopeless query."""
        qterms = list(dict.fromkeys(terms(query[:MAX_QUERY_CHARS])))[:MAX_QUERY_TERMS]
        if not qterms:
            return []
        scores: dict[int, float] = {}
        found: dict[int, int] = {}  # how many distinct query words found each record
        for qterm in qterms:
            expansions = self._expand(qterm)
            reached: set[int] = set()
            for term, factor in expansions:
                gains = self._gains[term]
                get = scores.get
                if factor == _EXACT:
                    for index, gain in gains.items():
                        scores[index] = get(index, 0.0) + gain
                else:
                    for index, gain in gains.items():
                        scores[index] = get(index, 0.0) + gain * factor
                if len(expansions) == 1:
                    for index in gains:
                        found[index] = found.get(index, 0) + 1
                else:
                    reached.update(gains)
            for index in reached:
                found[index] = found.get(index, 0) + 1
        wanted = len(qterms)
        prior, rank = self._prior, self._rank
        best = heapq.nlargest(
            limit,
            ((s * (found[i] / wanted) ** 2 * prior[i], -rank[i], i) for i, s in scores.items()),
        )
        return [
            SearchHit(self._records[i], round(s, 3), self._matched(qterms, i)) for s, _, i in best
        ]

    def _matched(self, qterms: list[str], index: int) -> tuple[str, ...]:
        """The query words that found a record (computed for the shown hits only)."""
        return tuple(
            sorted(q for q in qterms if any(index in self._gains[t] for t, _ in self._expand(q)))
        )

    def _expand(self, qterm: str) -> list[tuple[str, float]]:
        """The index terms a query term stands for: itself, words it begins, near misspellings."""
        if qterm in self._gains:
            return [(qterm, _EXACT)]  # longer words it begins would only add rare-word noise
        found: list[tuple[str, float]] = []
        if len(qterm) >= 3 or (qterm and qterm[0] >= "\u3400"):
            start = bisect_left(self._vocab, qterm)
            for term in self._vocab[start : start + 50]:
                if not term.startswith(qterm):
                    break
                if term != qterm:
                    found.append((term, _PREFIX))
        if not found and 4 <= len(qterm) <= MAX_FUZZY_LEN:
            found = [(t, _FUZZY) for t in self._near(qterm)]
        return found

    def _near(self, qterm: str) -> list[str]:
        """Vocabulary words one deletion away on either side (covers swaps and one-letter typos)."""
        if self._deletes is None:
            deletes: dict[str, list[str]] = defaultdict(list)
            for term in self._vocab:
                if 4 <= len(term) <= MAX_FUZZY_LEN:
                    for variant in _deletions(term):
                        deletes[variant].append(term)
            self._deletes = dict(deletes)
        found: set[str] = set()
        for variant in (qterm, *_deletions(qterm)):
            found.update(self._deletes.get(variant, ()))
            if variant in self._gains:
                found.add(variant)
        return sorted(found)[:20]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
