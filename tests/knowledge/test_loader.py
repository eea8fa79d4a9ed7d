"""Loading record folders: each problem names file, field and reason; good records still load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import FIXTURE_RECORDS, SEED_RECORD
from tfhelp.knowledge import KnowledgeBase, load_paths


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _record(slug: str, **extra: object) -> dict[str, object]:
    return {"id": f"tensorflow/{slug}", "signature": "ValueError: x", "regex": "x", **extra}


def test_fixture_folder_loads_clean() -> None:
    result = load_paths([FIXTURE_RECORDS])
    assert result.problems == []
    assert len(result.records) == 7


def test_seed_file_loads() -> None:
    result = load_paths([SEED_RECORD])
    assert result.problems == []
    assert result.records[0].id == "tensorflow/not-implemented-while-loop-gradients"


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "good.json", _record("good"))
    _write(tmp_path, "bad.json", '{\n  "id": "tensorflow/bad",\n  "signature": \n}')
    result = load_paths([tmp_path])
    assert [r.id for r in result.records] == ["tensorflow/good"]
    (problem,) = result.problems
    assert problem.path.endswith("bad.json") and problem.line == 4
    assert "invalid JSON" in str(problem) and "bad.json:4" in str(problem)


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", _record("r", workarounds=[{"action": "a", "success_rate": "high"}]))
    (problem,) = load_paths([tmp_path]).problems
    assert problem.field == "workarounds.0.success_rate"
    assert "number" in problem.reason


def test_bad_regex_names_the_field(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", _record("r", regex="Matrix [size"))
    (problem,) = load_paths([tmp_path]).problems
    assert problem.field == "regex" and "does not compile" in problem.reason


def test_catastrophic_regex_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", _record("r", regex="(a+)+$"))
    (problem,) = load_paths([tmp_path]).problems
    assert problem.field == "regex" and "catastrophically" in problem.reason


def test_typo_key_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "r.json", _record("r", explantion="typo"))
    (problem,) = load_paths([tmp_path]).problems
    assert problem.field == "explantion" and "unknown key" in problem.reason


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", _record("same"))
    _write(tmp_path, "b.json", _record("same"))
    result = load_paths([tmp_path])
    assert len(result.records) == 1
    (problem,) = result.problems
    assert "duplicate id" in problem.reason and "a.json" in problem.reason
    assert problem.path.endswith("b.json")


def test_unknown_transition_link_is_reported(tmp_path: Path) -> None:
    link = {"leads_to": [{"error_id": "tensorflow/missing"}]}
    _write(tmp_path, "r.json", _record("r", transition_graph=link))
    result = load_paths([tmp_path])
    assert len(result.records) == 1  # the record still loads
    (problem,) = result.problems
    assert problem.field == "transition_graph.leads_to"
    assert "tensorflow/missing" in problem.reason


def test_non_utf8_and_non_object_files(tmp_path: Path) -> None:
    (tmp_path / "latin.json").write_bytes(b'{"id": "caf\xe9"}')
    _write(tmp_path, "list.json", [1, 2])
    reasons = sorted(p.reason for p in load_paths([tmp_path]).problems)
    assert reasons == ["is not UTF-8 (byte 11)", "must hold a JSON object, not list"]


def test_schema_files_are_not_records(tmp_path: Path) -> None:
    _write(tmp_path, "record.schema.json", {"type": "object"})
    assert load_paths([tmp_path]).problems == []


def test_knowledge_base_indexes_by_id() -> None:
    kb = KnowledgeBase.from_paths([FIXTURE_RECORDS])
    assert kb.get("tensorflow/tape-twice") is not None
    assert kb.get("tensorflow/nope") is None
    assert len(kb) == 7


def test_extra_folders_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tfhelp.knowledge_base as base

    _write(tmp_path, "mine.json", _record("mine-extra"))
    monkeypatch.setenv("TFHELP_RECORDS_PATH", str(tmp_path))
    base.reset_default()
    try:
        assert base.default_knowledge_base().get("tensorflow/mine-extra") is not None
    finally:
        monkeypatch.delenv("TFHELP_RECORDS_PATH")
        base.reset_default()
