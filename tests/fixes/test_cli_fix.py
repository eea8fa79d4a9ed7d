"""`tfhelp explain --fix SCRIPT`: the script's fix for its traceback, as a unified diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tfhelp.cli import main

SCRIPT = """import tensorflow as tf

w = tf.Variable(3.0)
with tf.GradientTape() as tape:
    loss = w * w
print(tape.gradient(loss, w))
print(tape.gradient(loss, w))
"""


def traceback_of(path: Path) -> str:
    return (
        "Traceback (most recent call last):\n"
        f'  File "{path}", line 7, in <module>\n'
        "    print(tape.gradient(loss, w))\n"
        '  File "/venv/lib/python3.11/site-packages/tensorflow/python/eager/backprop.py", '
        "line 1005, in gradient\n"
        "RuntimeError: A non-persistent GradientTape can only be used to compute one set of "
        "gradients (or jacobians)\n"
    )


def test_explain_fix_prints_the_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    log = tmp_path / "tb.txt"
    log.write_text(traceback_of(script))
    assert main(["explain", "--fix", str(script), str(log)]) == 0
    out = capsys.readouterr().out
    assert "[tensorflow/gradienttape-non-persistent-reused]" in out
    assert (
        "-with tf.GradientTape() as tape:\n+with tf.GradientTape(persistent=True) as tape:" in out
    )
    assert main(["explain", "--fix", str(script), "--json", str(log)]) == 0
    found = json.loads(capsys.readouterr().out)["fixes"]
    assert found[0]["code"] == SCRIPT.replace("GradientTape()", "GradientTape(persistent=True)")


def test_explain_fix_says_when_nothing_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT.replace("tf.GradientTape()", "make_tape()"))
    log = tmp_path / "tb.txt"
    log.write_text(traceback_of(script))
    assert main(["explain", "--fix", str(script), str(log)]) == 1
    assert "no fix applies" in capsys.readouterr().out
    assert main(["explain", "--fix", str(tmp_path / "missing.py"), str(log)]) == 2
