"""Terminal IPython (TerminalInteractiveShell, no kernel) prints the help as text: brief under an
error, whole for %tfhelp; within 80 columns; coloured only when IPython's colours are on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PANEL_RECORDS
from tfhelp.render.text import BRIEF_LINES, columns

SESSION = (
    "%load_ext tfhelp\n"
    "raise ValueError('sample failure 12')\n"
    "%tfhelp\n"
    "1 / 0\n"
    "%tfhelp --id tensorflow/other-error\n"
)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _ipython(tmp_path: Path, colors: str) -> str:
    ipython = Path(sys.executable).with_name("ipython")
    env = dict(
        os.environ,
        IPYTHONDIR=str(tmp_path),
        TFHELP_RECORDS_PATH=str(PANEL_RECORDS),
        COLUMNS="80",
    )
    done = subprocess.run(
        [str(ipython), "--simple-prompt", f"--colors={colors}", "--no-banner"],
        input=SESSION,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout


def _chunks(out: str) -> dict[int, str]:
    """What each numbered input printed."""
    parts = re.split(r"In \[(\d+)\]: ", out)
    return {int(n): text for n, text in zip(parts[1::2], parts[2::2], strict=False)}


def test_terminal_ipython_prints_the_text_form(tmp_path: Path):
    out = _ipython(tmp_path, "nocolor")
    chunks = _chunks(out)
    error, whole, zero, record = chunks[2], chunks[3], chunks[4], chunks[5]
    # under the error: the traceback first, then the brief help
    assert "ValueError: sample failure 12" in error
    assert error.index("ValueError: sample failure 12") < error.index("tfhelp: ")
    brief = error[error.index("tfhelp: ") :].strip().splitlines()
    assert brief[0] == "tfhelp: Sample failure in a test  [tensorflow/sample-error]"
    assert "  Cell In[2], line 1" in brief  # the user's line as IPython names it
    assert any(line.startswith("Cause: A made-up error") for line in brief)
    assert any(line.startswith("Fix: Raise on purpose") for line in brief)
    assert brief[-1] == "%tfhelp shows the whole help for the last error"
    assert len(brief) <= BRIEF_LINES and "What not to try" not in error
    # %tfhelp: the whole help for the same error
    assert "tfhelp: Sample failure in a test  [tensorflow/sample-error]" in whole
    assert "More fixes" in whole and "What not to try" in whole and "<div" not in whole
    assert "Cell In[2], line 1" in whole
    assert "tfhelp" not in zero  # other errors get nothing extra
    assert "tfhelp: Another error with the same words  [tensorflow/other-error]" in record
    ours = [*brief, *whole.splitlines(), *record.splitlines()]
    assert all(columns(line) <= 80 for line in ours)
    assert "\x1b" not in out


def test_terminal_colours_follow_ipython(tmp_path: Path):
    out = _ipython(tmp_path, "linux")
    error = _chunks(out)[2]
    assert "\x1b[1mtfhelp: Sample failure in a test" in error
    help_lines = _SGR.sub("", error[error.index("tfhelp: ") - 4 :]).strip().splitlines()
    assert len(help_lines) <= BRIEF_LINES
    assert all(columns(line) <= 80 for line in help_lines)
