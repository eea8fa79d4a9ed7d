"""The record model: the seed format loads unchanged, typos and bad values are refused."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_specific_placeholders_must_name_groups_of_the_regex() -> None:
    good = _minimal(regex=r"In\[0\]: (?P<a>\[[^\]]*\])", specific="Yours is {a}, rank {a.rank}.")
    assert Record.model_validate(good).specific.startswith("Yours")
    with pytest.raises(ValidationError, match=r"specific: \{b\} names no named group"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", specific="{b}"))
    with pytest.raises(ValidationError, match=r"specific_zh: \{a.cube\}: no derivation"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", specific_zh="{a.cube}"))


def test_when_keys_and_because_placeholders_must_name_groups() -> None:
    fix = {"action": "a", "success_rate": 0.5, "when": {"nope": "1"}}
    with pytest.raises(ValidationError, match=r"workarounds.0.when: \{nope\} names no named"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", workarounds=[fix]))
    fix = {"action": "a", "success_rate": 0.5, "because": "{c}"}
    with pytest.raises(ValidationError, match=r"workarounds.0.because: \{c\}"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", workarounds=[fix]))
    fix = {"action": "a", "success_rate": 0.5, "when": {"a": "(a+)+$"}}
    with pytest.raises(ValidationError, match="backtrack"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", workarounds=[fix]))


def test_loader_names_file_and_field_of_a_bad_placeholder(tmp_path: Path) -> None:
    from tfhelp.knowledge.loader import load_paths

    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_minimal(regex=r"(?P<a>x)", specific="{shape}")))
    problems = [str(p) for p in load_paths([path]).problems]
    assert len(problems) == 1
    assert str(path) in problems[0] and "specific: {shape} names no named group" in problems[0]


def test_a_value_may_be_spelled_by_several_groups() -> None:
    # Python's re names a group once: alternatives spell the same value `shape`, `shape__2`.
    regex = r"got (?P<shape>\(\d+\))|received (?P<shape__2>\[\d+\])"
    record = Record.model_validate(_minimal(regex=regex, specific="Yours is {shape}."))
    assert record.specific == "Yours is {shape}."
    with pytest.raises(ValidationError, match=r"\{shape__2\} names no named group"):
        Record.model_validate(_minimal(regex=r"(?P<shape>x)", specific="{shape__2}"))


def test_when_patterns_may_compare_with_another_value_of_the_regex() -> None:
    fix = {"action": "a", "success_rate": 0.5, "when": {"a.last": "{b.first}"}}
    good = _minimal(regex=r"(?P<a>\[\d+\]) (?P<b>\[\d+\])", workarounds=[fix])
    assert Record.model_validate(good).workarounds[0].when == {"a.last": "{b.first}"}
    fix = {"action": "a", "success_rate": 0.5, "when": {"a": "{c}"}}
    with pytest.raises(ValidationError, match=r"workarounds.0.when.a: \{c\} names no named"):
        Record.model_validate(_minimal(regex=r"(?P<a>x)", workarounds=[fix]))
