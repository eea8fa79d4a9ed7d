"""Matching signatures to records: ranked, explained, and empty when nothing fits."""

from __future__ import annotations

import time

import pytest

from tests.paths import FIXTURE_RECORDS, TRACEBACKS
from tfhelp.knowledge import KnowledgeBase
from tfhelp.matching import Matcher
from tfhelp.model import Record
from tfhelp.signature import from_exception, from_text


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([FIXTURE_RECORDS])


def _top(kb: KnowledgeBase, name: str, form: str = "txt") -> list[str]:
    signature = from_text((TRACEBACKS / f"{name}.{form}").read_text(encoding="utf-8"))
    assert signature is not None
    return [m.record.id for m in kb.matcher.match(signature)]


@pytest.mark.parametrize("form", ["txt", "ipython.txt"])
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("matmul_eager", "tensorflow/matmul-size"),
        ("matmul_tf_function", "tensorflow/dims-equal"),
        ("tape_twice", "tensorflow/tape-twice"),
        ("symbolic_numpy", "tensorflow/symbolic-numpy"),
        ("keras_input", "tensorflow/keras-input"),
        ("chained_tf", "tensorflow/reshape"),
    ],
)
def test_real_tracebacks_get_their_record(
    kb: KnowledgeBase, name: str, form: str, expected: str
) -> None:
    assert _top(kb, name, form)[:1] == [expected]


@pytest.mark.parametrize("name", ["zero_division", "key_error", "numpy_broadcast"])
def test_non_tf_errors_get_no_match(kb: KnowledgeBase, name: str) -> None:
    assert _top(kb, name) == []


def test_match_carries_score_and_readable_reason(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "matmul_tf_function.txt").read_text())
    assert signature is not None
    (best, *_) = kb.matcher.match(signature)
    assert 0.5 <= best.score <= 1.0
    assert best.rule == "regex"
    assert "inside the tf.function trace" in best.reason
    assert "ValueError is one it arrives as" in best.reason
    assert "matmul" in best.reason  # the user's code line names the API the record is tagged with


def test_older_wording_matches_through_an_alias(kb: KnowledgeBase) -> None:
    signature = from_text("AttributeError: 'Tensor' object has no attribute 'numpy'")
    assert signature is not None
    (best,) = kb.matcher.match(signature)
    assert best.record.id == "tensorflow/symbolic-numpy" and best.rule == "wording"


def test_class_mismatch_ranks_lower(kb: KnowledgeBase) -> None:
    right = from_text("ValueError: Dimensions must be equal, but are 3 and 4")
    wrong = from_text("TypeError: Dimensions must be equal, but are 3 and 4")
    assert right is not None and wrong is not None
    assert kb.matcher.match(right)[0].score > kb.matcher.match(wrong)[0].score


def test_silent_records_are_never_matched(kb: KnowledgeBase) -> None:
    signature = from_text("ValueError: per-step gradients come back summed")
    assert signature is not None
    assert kb.matcher.match(signature) == []


def test_live_exception_with_hostile_str(kb: KnowledgeBase) -> None:
    class Hostile(Exception):
        def __str__(self) -> str:
            raise RuntimeError("boom")

    try:
        raise Hostile()
    except Hostile as exc:
        assert kb.matcher.match(from_exception(exc)) == []


def test_megabyte_message_stays_fast(kb: KnowledgeBase) -> None:
    text = "ValueError: " + "Dimensions must be equal " * 45_000  # ~1 MB
    signature = from_text(text)
    assert signature is not None
    start = time.perf_counter()
    kb.matcher.match(signature)
    assert time.perf_counter() - start < 0.1


def test_pathological_regex_input_is_bounded() -> None:
    # Polynomial backtracking (allowed by the static check) runs on a bounded subject only.
    record = Record.model_validate(
        {"id": "tensorflow/slow", "signature": "ValueError: a", "regex": r"a.*a.*a.*b"}
    )
    matcher = Matcher([record])
    signature = from_text("ValueError: " + "a" * 1_000_000)
    assert signature is not None
    start = time.perf_counter()
    assert matcher.match(signature) == []
    assert time.perf_counter() - start < 0.1


def test_applicability_is_computed_against_installed_versions() -> None:
    record = Record.model_validate(
        {
            "id": "tensorflow/old",
            "signature": "ValueError: old wording here",
            "regex": "old wording here",
            "versions": [{"version": "tensorflow 2.4.0", "removed": "2.10"}],
            "verified_on": ["tensorflow 2.4.0"],
        }
    )
    signature = from_text("ValueError: old wording here")
    assert signature is not None
    signature = type(signature)(**{**signature.__dict__, "versions": {"tensorflow": "2.21.0"}})
    (match,) = Matcher([record]).match(signature)
    assert match.applicability.applies is False
    assert "2.10" in match.applicability.summary
    assert "2.10" in match.reason


def test_log_text_matches_silent_records_only(kb: KnowledgeBase) -> None:
    log = "step 3\nW: per-step gradients come back summed for you\n"
    (match,) = kb.matcher.match_log(log, {"tensorflow": "2.21.0"})
    assert match.record.id == "tensorflow/per-step" and match.rule == "log"
    assert kb.matcher.match_log("Dimensions must be equal, but are 3 and 4", {}) == []
