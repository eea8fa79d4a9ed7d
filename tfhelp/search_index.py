"""Full-text search index over records, in English and Chinese, tolerant of typos."""

from __future__ import annotations

import heapq
import math
import re
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tfhelp.tokens import terms

if TYPE_CHECKING:
    from tfhelp.model import Record

# How much a word counts by where it stands in a record.
_ID, _TITLE, _TAG, _SIGNATURE, _ALIAS, _BODY, _MINOR = 3.0, 3.0, 3.0, 2.0, 1.5, 1.0, 0.5
_EXACT, _PREFIX, _FUZZY = 1.0, 0.7, 0.6
_SATURATION = 4.0
_SILENT_PRIOR = 1.15
_EVIDENCE = 0.05  # per natural log of the public threads a record cites (evidence_count)
MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 2000  # a query is words typed or pasted, not a document
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ACCUMULATORS = 1000  # records found before common words stop adding new ones (see search)
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
    """An inverted index of record words; `search(query)` ranks records for a query.

    The index is plain data (`to_data`), so a compiled knowledge base stores it whole and
    `Searcher(records, data)` is ready at once: each word's postings are a packed string decoded
    the first time a query uses the word, and the typo index is cut into buckets decoded the
    same way.
    """

    def __init__(self, records: Sequence[Record], data: dict[str, Any] | None = None) -> None:
        self._records = list(records)
        self._data = build_data(self._records) if data is None else data
        vocab, packed, buckets = self._data["vocab"], self._data["postings"], self._data["deletes"]
        if not (
            isinstance(vocab, list)
            and isinstance(packed, Sequence)
            and len(vocab) == len(packed)
            and isinstance(buckets, Sequence)
            and len(buckets) > 0
            and all(isinstance(t, str) for t in vocab)
        ):
            raise ValueError("search index data is malformed")
        if self._data.get("records") != len(self._records):
            raise ValueError("the search index does not cover these records")
        self._vocab: list[str] = vocab
        self._packed: Sequence[str] = packed
        self._position = {term: i for i, term in enumerate(vocab)}
        self._decoded: dict[int, dict[int, float]] = {}
        self._buckets: Sequence[str] = buckets
        self._bucket_cache: dict[int, dict[str, list[int]]] = {}
        by_id = sorted(range(len(self._records)), key=lambda i: self._records[i].id)
        self._rank = [0] * len(self._records)  # ties are broken by id
        for position, index in enumerate(by_id):
            self._rank[index] = position
        # Silent problems raise nothing for the hook to catch: search is how people find them.
        # Records met more often in public threads rank higher among equally good text matches.
        self._prior = [
            (_SILENT_PRIOR if r.silent else 1.0) * (1 + _EVIDENCE * math.log1p(r.evidence_count))
            for r in self._records
        ]

    def to_data(self) -> dict[str, Any]:
        """The index as plain JSON data; `Searcher(records, data)` reads it back."""
        return self._data

    def _gains(self, term: str) -> dict[int, float] | None:
        """What a word adds to each record it is in (None for a word not in the index)."""
        position = self._position.get(term)
        if position is None:
            return None
        gains = self._decoded.get(position)
        if gains is None:
            gains = {}
            limit = len(self._records)
            for pair in self._packed[position].split(" "):
                index, _, gain = pair.partition(":")
                i = int(index)
                if not 0 <= i < limit:
                    raise ValueError("search index data is malformed")
                gains[i] = float(gain)
            self._decoded[position] = gains
        return gains

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Records for the query, best first; [] for an empty or hopeless query."""
        qterms = list(dict.fromkeys(terms(query[:MAX_QUERY_CHARS])))[:MAX_QUERY_TERMS]
        if not qterms:
            return []
        scores: dict[int, float] = {}
        found: dict[int, int] = {}  # how many distinct query words found each record
        expanded = []
        for qterm in qterms:
            postings = [(self._gains(t) or {}, factor) for t, factor in self._expand(qterm)]
            expanded.append((sum(len(g) for g, _ in postings), postings))
        # Rarest words first. Once enough records are found, a common word only adds to those
        # (a record found by common words alone is far down the list anyway): a long query of
        # everyday words costs a few thousand additions at 10k records, not tens of thousands.
        for size, postings in sorted(expanded, key=lambda e: e[0]):
            if scores and len(scores) >= ACCUMULATORS and size > ACCUMULATORS:
                _add_to_found(scores, found, postings)
                continue
            reached: set[int] = set()
            get = scores.get
            for gains, factor in postings:
                if factor == _EXACT:
                    for index, gain in gains.items():
                        scores[index] = get(index, 0.0) + gain
                else:
                    for index, gain in gains.items():
                        scores[index] = get(index, 0.0) + gain * factor
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
            sorted(
                q
                for q in qterms
                if any(index in (self._gains(t) or {}) for t, _ in self._expand(q))
            )
        )

    def _expand(self, qterm: str) -> list[tuple[str, float]]:
        """The index terms a query term stands for: itself, words it begins, near misspellings."""
        if qterm in self._position:
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
        found: set[str] = set()
        for variant in (qterm, *_deletions(qterm)):
            for position in self._deletes(variant):
                found.add(self._vocab[position])
            if variant in self._position:
                found.add(variant)
        return sorted(found)[:20]

    def _deletes(self, variant: str) -> list[int]:
        """Vocabulary positions of the words that give `variant` when one letter is deleted."""
        number = _bucket(variant, len(self._buckets))
        bucket = self._bucket_cache.get(number)
        if bucket is None:
            bucket = {}
            for line in self._buckets[number].split("\n"):
                if line:
                    key, *where = line.split(" ")
                    bucket[key] = [int(w) for w in where]
            self._bucket_cache[number] = bucket
        where = bucket.get(variant, [])
        if any(not 0 <= w < len(self._vocab) for w in where):
            raise ValueError("search index data is malformed")
        return where


def query_lang(query: str, default: str) -> str:
    """The language to answer a query in: Chinese when it is written with Chinese characters
    (`%tfhelp 梯度` lists Chinese titles whatever the setting), else the default."""
    return "zh" if _CJK.search(query[:MAX_QUERY_CHARS]) else default


def _add_to_found(
    scores: dict[int, float], found: dict[int, int], postings: list[tuple[dict[int, float], float]]
) -> None:
    """Add a word's gains to the records already found (and only to them)."""
    for index in scores:
        hit = False
        add = 0.0
        for gains, factor in postings:
            gain = gains.get(index)
            if gain is not None:
                add += gain * factor
                hit = True
        if hit:
            scores[index] += add
            found[index] = found.get(index, 0) + 1


def build_data(records: Sequence[Record]) -> dict[str, Any]:
    """The search index of these records as plain JSON data."""
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for index, record in enumerate(records):
        for text, weight in _fields(record):
            if not text:
                continue
            for term in set(terms(text)):
                doc = postings[term]
                doc[index] = doc.get(index, 0.0) + weight
    n = max(len(records), 1)
    vocab = sorted(postings)
    packed: list[str] = []
    for term in vocab:
        doc = postings[term]
        idf = math.log(1 + n / len(doc))
        # A word found in several fields counts more, with diminishing returns (as in BM25);
        # what it adds to each record's score is computed once (idf times field weight).
        packed.append(
            " ".join(
                f"{i}:{w * (1 + _SATURATION) / (w + _SATURATION) * idf:.6g}"
                for i, w in sorted(doc.items())
            )
        )
    # The typo index: every one-letter deletion of each word, filed by a stable hash of the
    # deletion into buckets (decoded one bucket at a time when a query needs it).
    count = 1 << max(6, (len(vocab) // 16).bit_length())
    buckets: list[dict[str, list[int]]] = [defaultdict(list) for _ in range(count)]
    for position, term in enumerate(vocab):
        if 4 <= len(term) <= MAX_FUZZY_LEN:
            for variant in _deletions(term):
                buckets[_bucket(variant, count)][variant].append(position)
    deletes = [
        "\n".join(" ".join([v, *map(str, where)]) for v, where in bucket.items())
        for bucket in buckets
    ]
    return {"records": len(records), "vocab": vocab, "postings": packed, "deletes": deletes}


def _bucket(variant: str, count: int) -> int:
    return zlib.crc32(variant.encode("utf-8")) % count


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
