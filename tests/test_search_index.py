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


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return KnowledgeBase(load_paths([RECORDS]).records)


def test_the_most_evidenced_while_loop_record_ranks_first(bundled: KnowledgeBase) -> None:
    """`%tfhelp while_loop`: among records about while_loop, the one users meet most (the most
    public threads cited, evidence_count) comes first, not only the best text match."""
    about = [r for r in bundled.records if "while-loop" in r.id]
    most = max(r.evidence_count for r in about)
    (first, *_) = bundled.searcher.search("while_loop")
    assert "while-loop" in first.record.id and first.record.evidence_count == most


def test_evidence_breaks_near_ties(bundled: KnowledgeBase) -> None:
    from tfhelp.search_index import Searcher

    class Plain:
        """A record with its evidence taken away."""

        def __init__(self, record: object) -> None:
            self.__dict__.update(vars(record))
            self.evidence_count = 0

    without = Searcher([Plain(r) for r in bundled.records])  # type: ignore[misc]
    with_evidence = bundled.searcher
    scores = {h.record.id: h.score for h in with_evidence.search("while_loop", limit=50)}
    flat = {h.record.id: h.score for h in without.search("while_loop", limit=50)}
    record = max(bundled.records, key=lambda r: r.evidence_count if r.id in scores else -1)
    assert record.evidence_count > 0 and scores[record.id] > flat[record.id]


def test_a_chinese_query_answers_with_chinese_titles(bundled: KnowledgeBase) -> None:
    from tfhelp.search_index import query_lang
    from tfhelp.view import search_view

    hits = bundled.searcher.search("梯度")
    assert hits and query_lang("梯度", "en") == "zh" and query_lang("gradient", "en") == "en"
    view = search_view("梯度", hits, "en")  # the setting says English; the query is Chinese
    assert view.lang == "zh"
    assert any(h.record.title_zh for h in hits)
    for hit, row in zip(hits, view.hits, strict=True):
        assert row.title == (hit.record.title_zh or hit.record.display_title)


def test_the_index_round_trips_through_plain_data(bundled: KnowledgeBase) -> None:
    import json

    from tfhelp.search_index import Searcher

    data = json.loads(json.dumps(bundled.searcher.to_data()))
    again = Searcher(bundled.records, data)
    for query in ("while_loop", "whlie_loop", "梯度", "GradientTape persistent", "resh"):
        assert again.search(query) == bundled.searcher.search(query)


def test_data_of_another_size_is_refused(bundled: KnowledgeBase) -> None:
    from tfhelp.search_index import Searcher

    with pytest.raises(ValueError, match="does not cover"):
        Searcher(bundled.records[:-1], bundled.searcher.to_data())


def test_long_queries_of_common_words_keep_the_best_record() -> None:
    """Past ACCUMULATORS records, common words only add to records already found: the best
    hits stay the same as adding every word to every record."""
    from tfhelp import search_index

    records = load_paths([RECORDS]).records
    query = "Cannot convert a symbolic tf.Tensor to a numpy array"
    full = search_index.Searcher(records).search(query, limit=3)
    saved = search_index.ACCUMULATORS
    search_index.ACCUMULATORS = 20  # prune at the bundled size, as at 10k records
    try:
        pruned = search_index.Searcher(records).search(query, limit=3)
    finally:
        search_index.ACCUMULATORS = saved
    assert [h.record.id for h in pruned][:1] == [h.record.id for h in full][:1]
