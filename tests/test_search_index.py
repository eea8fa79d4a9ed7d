"""Search: ids, titles, tags and prose in English and Chinese, with typos tolerated."""

from __future__ import annotations

import pytest

from tests.paths import FIXTURE_RECORDS, RECORDS
from tfhelp.knowledge import KnowledgeBase, load_paths


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([FIXTURE_RECORDS])


def _ids(kb: KnowledgeBase, query: str) -> list[str]:
    return [h.record.id for h in kb.searcher.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("while_loop", "tensorflow/per-step"),
        ("whlie_loop", "tensorflow/per-step"),  # transposed letters
        ("jacobain", "tensorflow/per-step"),  # one-letter typo
        ("梯度", "tensorflow/per-step"),  # Chinese
        ("每一步", "tensorflow/per-step"),
        ("GradientTape persistent", "tensorflow/tape-twice"),
        ("reshape", "tensorflow/reshape"),
        ("tape-twice", "tensorflow/tape-twice"),  # the id
        ("resh", "tensorflow/reshape"),  # a prefix
    ],
)
def test_query_finds_record_first(kb: KnowledgeBase, query: str, expected: str) -> None:
    assert _ids(kb, query)[:1] == [expected]


@pytest.mark.parametrize("query", ["", "   ", "the of and", "zzzqqqxxx"])
def test_hopeless_queries_find_nothing(kb: KnowledgeBase, query: str) -> None:
    assert _ids(kb, query) == []


def test_hits_say_which_words_found_them(kb: KnowledgeBase) -> None:
    (hit, *_) = kb.searcher.search("tensorarray jacobian")
    assert set(hit.matched) == {"tensorarray", "jacobian"}


def test_huge_query_is_bounded(kb: KnowledgeBase) -> None:
    assert isinstance(kb.searcher.search("reshape " * 10_000), list)


@pytest.mark.parametrize("length", [40_000, 100_000])
def test_one_huge_word_is_answered_at_once(length: int) -> None:
    import time

    index = KnowledgeBase(load_paths([RECORDS]).records).searcher
    start = time.process_time()
    hits = index.search("whileloop" * (length // 9))
    assert hits == []
    assert time.process_time() - start < 0.5
