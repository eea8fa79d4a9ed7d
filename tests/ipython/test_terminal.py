"""Terminal IPython (TerminalInteractiveShell, no kernel) prints the help as text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PANEL_RECORDS

SESSION = (
    "%load_ext tfhelp\n"
    "raise ValueError('sample failure 12')\n"
    "1 / 0\n"
    "%tfhelp --id tensorflow/other-error\n"
)


def test_terminal_ipython_prints_the_text_form(tmp_path: Path):
    ipython = Path(sys.executable).with_name("ipython")
    env = dict(os.environ, IPYTHONDIR=str(tmp_path), TFHELP_RECORDS_PATH=str(PANEL_RECORDS))
    done = subprocess.run(
        [str(ipython), "--simple-prompt", "--colors=nocolor", "--no-banner"],
        input=SESSION,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    out = done.stdout
    assert "ValueError: sample failure 12" in out
    assert "tfhelp: Sample failure in a test  [tensorflow/sample-error]" in out
    assert "What works" in out and "<div" not in out
    assert out.count("tfhelp: ") >= 2  # the panel, and the %tfhelp answer
    assert "tfhelp: Another error with the same words  [tensorflow/other-error]" in out
    (zero,) = [chunk for chunk in out.split("In [") if "ZeroDivisionError" in chunk]
    assert "tfhelp" not in zero  # other errors get nothing extra
