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
    assert set(matches[0]) == {"id", "score", "reason", "signature", "values"}
    text = (TRACEBACKS / f"{name}.{form}").read_text(encoding="utf-8")
    assert all(isinstance(v, str) and v in text for v in matches[0]["values"].values())


def test_explain_json_gives_the_users_values(capsys: pytest.CaptureFixture[str]) -> None:
    # The real MatMul message names both operands' shapes; the JSON carries them as captured.
    code, out, _ = _run(capsys, "explain", "--json", str(TRACEBACKS / "matmul_eager.txt"))
    top = json.loads(out)["matches"][0]
    text = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
    assert code == 0 and top["id"] == "tensorflow/matmul-size-incompatible"
    assert set(top["values"]) == {"a", "b"}
    assert f"In[0]: {top['values']['a']}, In[1]: {top['values']['b']}" in text


@pytest.mark.parametrize("name", ["zero_division", "key_error", "numpy_broadcast"])
def test_explain_json_non_tf_gives_no_match(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = _run(capsys, "explain", "--json", str(TRACEBACKS / f"{name}.txt"))
    assert json.loads(out) == {"matches": []}
    assert code == 0


def test_explain_text_has_sections(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(TRACEBACKS / "tape_twice.txt")
    code, out, _ = _run(capsys, "explain", "--records", str(FIXTURE_RECORDS), path)
    assert code == 0
    for heading in ("Why it happens", "Cause:", "Fix:", "Related errors", "Versions and proof"):
        assert heading in out
    assert "tape.gradient(y, x)" in out
    code, out, _ = _run(capsys, "explain", "--lang", "zh", "--records", str(FIXTURE_RECORDS), path)
    assert "原因" in out and "直接原因" in out and "修复：" in out


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


# Pasted text and bad input on `tfhelp explain` ------------------------------------------------

_CHILD_ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": "/tmp"}


def test_explain_reads_a_quoted_paste(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
    paste = tmp_path / "issue.md"
    paste.write_text("I get this:\n\n" + "".join(f"> {line}\n" for line in text.splitlines()))
    code, out, _ = _run(capsys, "explain", "--json", str(paste))
    assert code == 0 and json.loads(out)["matches"][0]["id"] == REAL_TRACEBACKS["matmul_eager"]


def test_explain_binary_garbage_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    garbage = tmp_path / "model.h5"
    garbage.write_bytes(b"\x89HDF\r\n\x1a\n\x00\x00" + bytes(range(256)) * 64)
    code, out, err = _run(capsys, "explain", str(garbage))
    assert code == 2 and out == ""
    assert (
        err == "tfhelp: error: explain: the input is binary data, not text (expected a traceback)\n"
    )


def test_explain_a_100_mb_file_reads_only_its_ends(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import time

    big = tmp_path / "train.log"
    with big.open("wb") as f:
        f.write(b"epoch 1 - loss: 0.25 - accuracy: 0.91\n" * (100 * 2**20 // 38))
        f.write((TRACEBACKS / "matmul_eager.txt").read_bytes())
    start = time.process_time()
    code, out, _ = _run(capsys, "explain", "--json", str(big))
    took = time.process_time() - start
    assert code == 0 and json.loads(out)["matches"][0]["id"] == REAL_TRACEBACKS["matmul_eager"]
    assert took < 1.0, f"{took:.2f} s CPU for a 100 MB file"


def test_explain_stdin_that_never_ends_is_cut_with_a_note(tmp_path: Path) -> None:
    # A writer that never stops (`yes`): tfhelp reads a bounded prefix, says so in one line,
    # explains what it read and exits; `yes` then ends on the closed pipe.
    line = (
        "W tensorflow/core/framework/op_kernel.cc:1830] OP_REQUIRES failed at matmul_op_impl.h:731"
        " : INVALID_ARGUMENT: Matrix size-incompatible: In[0]: [2,3], In[1]: [4,5]"
    )
    yes = subprocess.Popen(["yes", line], stdout=subprocess.PIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tfhelp", "explain", "--json", "-"],
            stdin=yes.stdout,
            capture_output=True,
            text=True,
            timeout=120,
            env=_CHILD_ENV,
            cwd=tmp_path,
        )
    finally:
        assert yes.stdout is not None
        yes.stdout.close()
        yes.kill()
        yes.wait()
    assert done.returncode == 0, done.stderr
    assert done.stderr == "tfhelp: note: stdin did not end; explaining its first 256 MB\n"
    assert json.loads(done.stdout)["matches"][0]["id"] == REAL_TRACEBACKS["matmul_eager"]


def test_explain_on_a_warm_cache_needs_no_pydantic(tmp_path: Path) -> None:
    """The compiled cache lets `tfhelp explain` answer without importing pydantic (most of a
    cold start's cost before it); the first run compiles the bundled records."""
    import os

    probe = (
        "import sys, tfhelp.cli\n"
        "status = tfhelp.cli.main(['explain', '--json', sys.argv[1]])\n"
        "print('pydantic' in sys.modules, status)\n"
    )
    env = {**os.environ, "TFHELP_CACHE_DIR": str(tmp_path / "cache")}
    traceback = str(TRACEBACKS / "tape_twice.txt")
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, traceback],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0].splitlines()[-1] == "True 0"  # compiling validates with pydantic
    assert runs[1].splitlines()[-1] == "False 0"
    assert json.loads(runs[1].rsplit("\n", 2)[0])["matches"][0]["id"] == (
        "tensorflow/gradienttape-non-persistent-reused"
    )
