"""The version matrix: proofs merged into record files, the nearest proven release, the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import RECORDS, REPO
from tfhelp.applicability import applicability
from tfhelp.knowledge import load_paths
from tfhelp.model import Record, VersionProof
from tfhelp.versions_matrix import merge_proofs, nearest_release, versions_markdown


def _record(*proofs: VersionProof) -> Record:
    return Record(id="t/x", signature="E: x", regex="x", proofs=list(proofs))


def _proof(tf: str, outcome: str = "matched", raised: str = "ValueError") -> VersionProof:
    return VersionProof(tensorflow=tf, keras="k", outcome=outcome, raised=raised, message="m")


def test_merge_replaces_the_same_release_and_keeps_order(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"id": "t/x", "signature": "E: x", "regex": "x"}), encoding="utf-8")
    assert merge_proofs(path, [_proof("2.21.0"), _proof("2.15.1", "no_error", "")])
    assert merge_proofs(path, [_proof("2.15.1")])
    assert not merge_proofs(path, [_proof("2.15.1")]), "the same proof again changes nothing"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(p["tensorflow"], p["outcome"]) for p in data["proofs"]] == [
        ("2.15.1", "matched"),
        ("2.21.0", "matched"),
    ]
    assert Record.model_validate(data).proofs[0].tensorflow == "2.15.1"


def test_nearest_release() -> None:
    record = _record(
        _proof("2.12.1"), _proof("2.15.1"), _proof("2.21.0"), _proof("2.18.1", "no_error")
    )
    assert nearest_release(record, "2.15.1") == ("2.15.1", True)
    assert nearest_release(record, "2.16.2") == ("2.15.1", False)
    assert nearest_release(record, "2.20.0") == ("2.21.0", False)
    assert nearest_release(_record(), "2.15.1") is None


def test_panel_statement_names_the_users_release() -> None:
    record = _record(_proof("2.15.1"), _proof("2.21.0"), _proof("2.12.1", "no_error", ""))
    here = applicability(record, {"tensorflow": "2.15.1"})
    assert here.checked_here and here.summary == "proven on your version (2.15.1)"
    near = applicability(record, {"tensorflow": "2.17.0"})
    assert not near.checked_here and "nearest to yours (2.17.0): 2.15.1" in near.summary
    assert "最接近" in near.summary_zh
    older = applicability(record, {"tensorflow": "2.12.1"})
    assert older.summary == "on your version (2.12.1) this code raises no error"


def test_versions_page_is_current() -> None:
    records = load_paths([RECORDS]).records
    page = (REPO / "docs" / "versions.md").read_text(encoding="utf-8")
    assert page == versions_markdown(records), (
        "docs/versions.md is stale: run `tfhelp versions > docs/versions.md`"
    )


def test_tf_keras_users_are_told_what_tf_keras_did(monkeypatch: pytest.MonkeyPatch) -> None:
    keras3 = VersionProof(tensorflow="2.21.0", keras="3.15.1", outcome="matched", message="m")
    legacy = VersionProof(
        tensorflow="2.21.0", keras="tf-keras 2.21.0", outcome="no_error", message=""
    )
    record = _record(keras3, legacy)
    installed = {"tensorflow": "2.21.0", "keras": "3.15.1", "tf-keras": "2.21.0"}
    monkeypatch.delenv("TF_USE_LEGACY_KERAS", raising=False)
    assert applicability(record, installed).summary == "proven on your version (2.21.0)"
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    told = applicability(record, installed)
    assert told.summary == "on your version (2.21.0) this code raises no error"
    assert not told.checked_here
    without = {"tensorflow": "2.21.0", "keras": "3.15.1"}  # the flag alone selects nothing
    assert applicability(record, without).summary == "proven on your version (2.21.0)"


def test_a_class_the_record_arrives_as_counts_as_its_error() -> None:
    from tfhelp.model import Reproducer
    from tfhelp.prove import version_proof

    record = Record(
        id="t/x",
        signature="E: x",
        regex="x",
        exception_types=["ValueError", "RuntimeError"],
        reproducer=Reproducer(
            code="raise ValueError('x')", raises="ValueError", message_contains="x"
        ),
    )
    versions = {"tensorflow": "2.12.1", "keras": "2.12.0"}

    def run(classes: list[str], first: str) -> str:
        data = {
            "versions": versions,
            "raised": True,
            "type": classes[0],
            "classes": classes,
            "message": "x",
            "matches": [[first, 0.96, "", {}]],
        }
        proof = version_proof(record, data)
        assert proof is not None
        return proof.outcome

    assert run(["RuntimeError", "Exception"], "t/x") == "matched"
    assert run(["RuntimeError", "Exception"], "t/other") == "unmatched"
    assert run(["TypeError", "Exception"], "t/x") == "other_error"
