"""View models: one language chosen, workarounds ranked, links resolved, candidates when unsure."""

from __future__ import annotations

import pytest

from tests.paths import FIXTURE_RECORDS, TRACEBACKS
from tfhelp.knowledge import KnowledgeBase
from tfhelp.signature import from_text
from tfhelp.view import HelpView, NoMatchView, match_view, record_view, search_view


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([FIXTURE_RECORDS])


def test_record_view_in_both_languages(kb: KnowledgeBase) -> None:
    record = kb.by_id["tensorflow/per-step"]
    en = record_view(record, "en", known=kb.by_id)
    zh = record_view(record, "zh", known=kb.by_id)
    assert en.title == "Per-step gradients of a tf.while_loop"
    assert zh.title == "tf.while_loop 每一步的梯度"
    assert zh.label("why") == "原因" and en.label("why") == "Why it happens"
    assert en.silent


def test_related_links_are_resolved(kb: KnowledgeBase) -> None:
    view = record_view(kb.by_id["tensorflow/tape-twice"], "zh", known=kb.by_id)
    (link,) = view.related
    assert link.record_id == "tensorflow/per-step" and link.known
    assert link.title == "tf.while_loop 每一步的梯度"
    assert link.condition == "循环时。" and link.relation_label == "之后常出现"


def test_match_view_has_trigger_reason_and_fit(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "tape_twice.ipython.txt").read_text())
    assert signature is not None
    view = match_view(kb.matcher.match(signature), signature, "en", kb.by_id)
    assert isinstance(view, HelpView)
    assert view.record_id == "tensorflow/tape-twice"
    assert view.trigger is not None and view.trigger.line == "tape.gradient(y, x)"
    assert view.error_headline.startswith("RuntimeError: A non-persistent GradientTape")
    assert "matches the record's pattern" in view.reason
    assert view.fit.summary  # versions compared with the installed TensorFlow


def test_no_match_view(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "zero_division.txt").read_text())
    assert signature is not None
    view = match_view([], signature, "en")
    assert isinstance(view, NoMatchView)
    assert view.error_headline == "ZeroDivisionError: division by zero"


def test_search_view_titles_follow_language(kb: KnowledgeBase) -> None:
    view = search_view("while_loop", kb.searcher.search("while_loop"), "zh")
    assert view.hits[0].title == "tf.while_loop 每一步的梯度"


def test_chinese_view_localizes_reason_and_versions(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "matmul_tf_function.txt").read_text())
    assert signature is not None
    view = match_view(kb.matcher.match(signature), signature, "zh", kb.by_id)
    assert isinstance(view, HelpView)
    assert view.reason.startswith("错误信息（在 tf.function 追踪内部）与条目的模式相符")
    assert "ValueError" in view.reason and "matches" not in view.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in view.versions_text)
