"""The deadends.dev ErrorCanon reader: a foreign pack loads as records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import DEADENDS
from tfhelp.knowledge import load_paths
from tfhelp.knowledge.deadends import convert_canon, is_canon
from tfhelp.model import Record

needs_corpus = pytest.mark.skipif(not DEADENDS.is_dir(), reason="../shared corpus not present")


@needs_corpus
def test_tensorflow_canons_convert() -> None:
    folder = DEADENDS / "tensorflow"
    result = load_paths([folder])
    assert result.problems == []
    assert len(result.records) >= 40
    record = next(r for r in result.records if "custom-gradient-error" in r.id)
    assert record.signature.startswith("LookupError")
    assert record.verification_tier == "auto_generated"
    assert record.workarounds and record.dead_ends


@needs_corpus
def test_whole_corpus_loads_without_problems() -> None:
    result = load_paths([DEADENDS])
    assert result.problems == []
    assert len(result.records) > 2400


def test_unsafe_foreign_regex_falls_back_to_the_literal_signature(tmp_path: Path) -> None:
    canon = {
        "schema_version": "1.0.0",
        "id": "x/bad-regex/linux",
        "error": {"signature": "Boom (a+)", "regex": "(a+)+$", "domain": "x"},
        "verdict": {"resolvable": "true", "fix_success_rate": 0.5, "confidence": 0.5},
        "dead_ends": [],
        "workarounds": [],
        "transition_graph": {},
        "metadata": {"review_status": "auto_generated"},
    }
    assert is_canon(canon)
    record = Record.model_validate(convert_canon(canon))
    assert record.regex == r"Boom\ \(a\+\)"
    (tmp_path / "c.json").write_text(json.dumps(canon))
    assert load_paths([tmp_path]).problems == []
