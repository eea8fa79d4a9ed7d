"""The record model: the seed format loads unchanged, typos and bad values are refused."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from tests.paths import SEED_RECORD
from tfhelp.model import Record


def test_seed_record_validates_unchanged() -> None:
    data = json.loads(SEED_RECORD.read_text(encoding="utf-8"))
    record = Record.model_validate(data)
    assert record.id == "tensorflow/not-implemented-while-loop-gradients"
    assert record.verification_tier == "ai_generated"
    assert record.workarounds[0].success_rate == 0.85
    # Nothing was dropped: every key of the seed is a field of the model.
    assert set(data) <= set(Record.model_fields)


def _minimal(**extra: object) -> dict[str, object]:
    return {"id": "tensorflow/x", "signature": "ValueError: x", "regex": "x", **extra}


def test_unknown_key_is_refused_and_named() -> None:
    with pytest.raises(ValidationError) as info:
        Record.model_validate(_minimal(workaroundz=[]))
    assert info.value.errors()[0]["loc"] == ("workaroundz",)


def test_unknown_nested_key_is_refused() -> None:
    bad = _minimal(workarounds=[{"action": "a", "success_rate": 0.5, "sucess": 1}])
    with pytest.raises(ValidationError) as info:
        Record.model_validate(bad)
    assert info.value.errors()[0]["loc"] == ("workarounds", 0, "sucess")


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_rates_are_between_zero_and_one(rate: float) -> None:
    with pytest.raises(ValidationError):
        Record.model_validate(_minimal(confidence=rate))


def test_regex_that_does_not_compile_is_refused() -> None:
    with pytest.raises(ValidationError, match="does not compile"):
        Record.model_validate(_minimal(regex="Matrix [size"))


def test_catastrophic_regex_is_refused() -> None:
    with pytest.raises(ValidationError, match="backtrack catastrophically"):
        Record.model_validate(_minimal(regex="(a+)+$"))


def test_workaround_snippet_must_exist() -> None:
    bad = _minimal(workarounds=[{"action": "a", "success_rate": 0.5, "snippet": "nope"}])
    with pytest.raises(ValidationError, match="no snippet with id 'nope'"):
        Record.model_validate(bad)


def test_duplicate_snippet_ids_are_refused() -> None:
    snippet = {"id": "s", "kind": "fix", "title": "t", "title_zh": "t", "code": "pass"}
    with pytest.raises(ValidationError, match="duplicate snippet id"):
        Record.model_validate(_minimal(snippets=[snippet, snippet]))


def test_id_shape_is_checked() -> None:
    with pytest.raises(ValidationError):
        Record.model_validate(_minimal(id="Not An Id"))
