"""Real error text pasted into public issue threads, each paste found or left alone as it should.

tests/data/pastes/<name>.txt is the paste as it was posted; <name>.json says where it came from
("source"), its error family ("family"), the record it must find first ("expect", a record id,
or null when no record covers the family yet) and whether it is a TensorFlow error at all
("tf", true when missing). Pastes are gathered from real pages; never edit them to make a test
pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tfhelp
from tests.paths import DATA

PASTES = DATA / "pastes"


def _pastes() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for meta_path in sorted(PASTES.glob("*.json")):
        text_path = meta_path.with_suffix(".txt")
        if text_path.is_file():
            out.append((text_path, json.loads(meta_path.read_text(encoding="utf-8"))))
    return out


ALL = _pastes()
EXPECTED = [(p, m) for p, m in ALL if m.get("expect")]
NOT_TF = [(p, m) for p, m in ALL if m.get("tf", True) is False and not m.get("expect")]


def test_the_corpus_is_there() -> None:
    assert len(ALL) >= 150, f"{len(ALL)} pastes in {PASTES}"
    for path, meta in ALL:
        assert {"source", "family"} <= set(meta), path.name
        assert "expect" in meta, path.name


@pytest.mark.parametrize(("path", "meta"), EXPECTED, ids=[p.name for p, _ in EXPECTED])
def test_paste_finds_its_record_first(path: Path, meta: dict[str, Any]) -> None:
    matches = tfhelp.diagnose_text(path.read_bytes())
    found = [(m.record.id, m.score) for m in matches]
    assert found and found[0][0] == meta["expect"], (meta["source"], found)


@pytest.mark.parametrize(("path", "meta"), NOT_TF, ids=[p.name for p, _ in NOT_TF])
def test_paste_of_another_library_finds_nothing(path: Path, meta: dict[str, Any]) -> None:
    matches = tfhelp.diagnose_text(path.read_bytes())
    assert [m.record.id for m in matches] == [], meta["source"]
