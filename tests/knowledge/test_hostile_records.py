"""A hostile record folder costs one named problem per bad file; everything else still loads.

Each case is an attack that once switched off all help or hung the loader (issue: never in the way).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.paths import RECORDS
from tfhelp.cli import main
from tfhelp.knowledge import KnowledgeBase, load_paths


def _good(folder: Path) -> None:
    (folder / "good.json").write_text(
        json.dumps(
            {"id": "tensorflow/good", "signature": "ValueError: good one", "regex": "good one"}
        ),
        encoding="utf-8",
    )


def _deep_json(folder: Path) -> str:
    (folder / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    return "deep.json"


def _huge_int(folder: Path) -> str:
    (folder / "bigint.json").write_text('{"id": ' + "9" * 5000 + "}", encoding="utf-8")
    return "bigint.json"


def _overflow_regex(folder: Path) -> str:
    data = {"id": "tensorflow/ovf", "signature": "E: x", "regex": "a{4294967296}"}
    (folder / "ovf.json").write_text(json.dumps(data), encoding="utf-8")
    return "ovf.json"


def _nested_groups(folder: Path) -> str:
    data = {"id": "tensorflow/nest", "signature": "E: x", "regex": "(" * 1000 + "a" + ")" * 1000}
    (folder / "nest.json").write_text(json.dumps(data), encoding="utf-8")
    return "nest.json"


def _canon_verdict_list(folder: Path) -> str:
    data = {"schema_version": "1", "id": "x/y", "error": {"signature": "E"}, "verdict": [1, 2]}
    (folder / "canon.json").write_text(json.dumps(data), encoding="utf-8")
    return "canon.json"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "p.json")
    return "p.json"


def _dev_zero(folder: Path) -> str:
    (folder / "z.json").symlink_to("/dev/zero")
    return "z.json"


def _too_big(folder: Path) -> str:
    (folder / "big.json").write_text('{"id": "' + "x" * (2 << 20) + '"}', encoding="utf-8")
    return "big.json"


def _alternation(folder: Path) -> str:
    regex = "(?:" + "|".join(f"word{i}" for i in range(20_000)) + ")?"
    data = {"id": "tensorflow/alt", "signature": "E: x", "regex": regex}
    (folder / "alt.json").write_text(json.dumps(data), encoding="utf-8")
    return "alt.json"


ATTACKS = [
    _deep_json,
    _huge_int,
    _overflow_regex,
    _nested_groups,
    _canon_verdict_list,
    _fifo,
    _dev_zero,
    _too_big,
    _alternation,
]


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda f: f.__name__.strip("_"))
def test_one_bad_file_is_named_once_and_the_rest_loads(attack, tmp_path: Path) -> None:
    _good(tmp_path)
    name = attack(tmp_path)
    start = time.perf_counter()
    result = load_paths([RECORDS, tmp_path])
    took = time.perf_counter() - start
    assert "tensorflow/good" in {r.id for r in result.records}
    assert len(result.records) > 60, "the bundled records still load"
    named = [str(p) for p in result.problems if name in str(p)]
    assert len(named) == 1, [str(p) for p in result.problems]
    assert took < 10, f"loading took {took:.1f} s"
    # The knowledge base built from them still answers.
    kb = KnowledgeBase(result.records)
    assert kb.searcher.search("good one")[0].record.id == "tensorflow/good"


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda f: f.__name__.strip("_"))
def test_validate_prints_one_line_per_bad_file_never_a_traceback(attack, tmp_path, capsys) -> None:
    _good(tmp_path)
    name = attack(tmp_path)
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert sum(name in line for line in out.splitlines()) == 1
    assert out.strip().splitlines()[-1].startswith("1 problem(s) in 1 loaded record(s)")
