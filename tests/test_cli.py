"""The command line, run as users run it: exit codes, one-line errors, JSON and text output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import FIXTURE_RECORDS, REPO, TRACEBACKS
from tfhelp.cli import main

REAL_TRACEBACKS = {
    "matmul_eager": "tensorflow/matmul-size-incompatible",
    "matmul_tf_function": "tensorflow/dimensions-must-be-equal",
    "tape_twice": "tensorflow/gradienttape-non-persistent-reused",
    "variable_twice": "tensorflow/tf-function-variable-created-twice",
    "symbolic_numpy": "tensorflow/symbolic-tensor-numpy-attribute",
    "keras_input": "tensorflow/keras-input-incompatible",
    "chained_tf": "tensorflow/reshape-size-mismatch",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("form", ["txt", "ipython.txt"])
@pytest.mark.parametrize(("name", "expected"), sorted(REAL_TRACEBACKS.items()))
def test_explain_json_on_real_tracebacks(
    capsys: pytest.CaptureFixture[str], name: str, form: str, expected: str
) -> None:
    code, out, _ = _run(capsys, "explain", "--json", str(TRACEBACKS / f"{name}.{form}"))
    matches = json.loads(out)["matches"]
    assert code == 0
    assert matches[0]["id"] == expected
    assert set(matches[0]) == {"id", "score", "reason", "signature"}


@pytest.mark.parametrize("name", ["zero_division", "key_error", "numpy_broadcast"])
def test_explain_json_non_tf_gives_no_match(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = _run(capsys, "explain", "--json", str(TRACEBACKS / f"{name}.txt"))
    assert json.loads(out) == {"matches": []}
    assert code == 0


def test_explain_text_has_sections(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(TRACEBACKS / "tape_twice.txt")
    code, out, _ = _run(capsys, "explain", "--records", str(FIXTURE_RECORDS), path)
    assert code == 0
    for heading in ("Why it happens", "Your line that triggered it", "What works"):
        assert heading in out
    assert "tape.gradient(y, x)" in out
    code, out, _ = _run(capsys, "explain", "--lang", "zh", "--records", str(FIXTURE_RECORDS), path)
    assert "原因" in out and "可行的解决办法" in out


def test_explain_reads_stdin_with_bad_bytes() -> None:
    data = (TRACEBACKS / "tape_twice.txt").read_bytes() + b"\n\xff\xfe garbage"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tfhelp",
            "explain",
            "--json",
            "-",
            "--records",
            str(FIXTURE_RECORDS),
        ],
        input=data,
        capture_output=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matches"][0]["id"] == "tensorflow/tape-twice"


def test_search_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", "--json", "--records", str(FIXTURE_RECORDS), "whlie_loop")
    assert code == 0
    assert json.loads(out)["matches"][0]["id"] == "tensorflow/per-step"
    code, out, _ = _run(capsys, "search", "--records", str(FIXTURE_RECORDS), "梯度")
    assert code == 0 and "tensorflow/per-step" in out


def test_show_json_is_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "show", "--json", "--records", str(FIXTURE_RECORDS), "tensorflow/reshape"
    )
    assert code == 0
    assert json.loads(out)["id"] == "tensorflow/reshape"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "tensorflow/nope"], "no record with id 'tensorflow/nope'"),
        (["explain", "/no/such/file"], "no such file: /no/such/file"),
        (["validate", "/no/such/dir"], "no such file or folder"),
        (["search", "x", "--limit", "0"], "--limit must be at least 1"),
        (["search", "x", "--records", "/nope"], "--records: no such file or folder"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "search", "x", "--lang", "fr")
    assert code == 2 and "unknown language 'fr'" in err and "Traceback" not in err


def test_validate_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"id": "tensorflow/a", "signature": "x", "regex": "(a+)+"}')
    (tmp_path / "b.json").write_text("{ not json")
    code, out, _ = _run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert "a.json: regex: regex may backtrack catastrophically" in out
    assert "b.json:1: invalid JSON" in out
    assert "2 problem(s)" in out


def test_validate_bundled_records_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate")
    assert code == 0, out


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "Record"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "tfhelp"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and done.stdout.startswith("tfhelp ")


def test_explain_reads_warnings_of_silent_problems(capsys: pytest.CaptureFixture[str]) -> None:
    log = str(TRACEBACKS.parent / "keras_fit_warnings.log")
    code, out, _ = _run(capsys, "explain", "--json", log)
    ids = [m["id"] for m in json.loads(out)["matches"]]
    assert code == 0
    assert set(ids) == {
        "tensorflow/tf-function-retracing",
        "tensorflow/gradients-do-not-exist-for-variables",
    }
    code, out, _ = _run(capsys, "explain", log)
    assert code == 0 and "raises no exception" in out
