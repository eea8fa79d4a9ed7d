"""Ctrl-C while help is built, in a real kernel: the traceback once, one line, help next time."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.conftest import PANEL_RECORDS

# Inside the kernel: the first help build sends SIGINT to the kernel itself and then waits; the
# kernel turns the signal into KeyboardInterrupt at once (as when the user presses Ctrl-C or the
# stop button), so the wait never ends on its own and the test does not depend on timing.
SLOW_HELP = """\
import os, signal, time
from tfhelp.matching import Matcher
_real_match = Matcher.match
_builds = []
def _slow_match(self, signature, limit=5):
    _builds.append(time.perf_counter())
    if len(_builds) == 1:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(60)
    return _real_match(self, signature, limit=limit)
Matcher.match = _slow_match
"""


def _texts(cell, kind: str) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == kind)


def _errors(cell) -> list[dict]:
    return [o for o in cell.outputs if o["output_type"] == "error"]


def _panels(cell) -> list[dict]:
    return [
        o["data"]
        for o in cell.outputs
        if o["output_type"] == "display_data" and "tfhelp" in o["data"].get("text/plain", "")
    ]


@pytest.mark.kernel
@pytest.mark.reliability
def test_interrupting_help_in_a_real_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    monkeypatch.setenv("TFHELP_RECORDS_PATH", str(PANEL_RECORDS))
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("%load_ext tfhelp\n%config TfHelp.widgets = False"),
        new_code_cell(SLOW_HELP),
        new_code_cell("raise ValueError('sample failure 5')"),
        new_code_cell("raise ValueError('sample failure 6')"),
        new_code_cell("print(len(_builds), get_ipython().custom_exceptions)"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()

    interrupted, after, probe = nb.cells[2], nb.cells[3], nb.cells[4]
    (error,) = _errors(interrupted)  # the traceback, once
    assert error["ename"] == "ValueError" and error["evalue"] == "sample failure 5"
    stderr = [ln for ln in _texts(interrupted, "stderr").splitlines() if ln.strip()]
    assert stderr == ["tfhelp: help interrupted"], stderr
    assert _panels(interrupted) == []

    (error,) = _errors(after)
    assert error["evalue"] == "sample failure 6"
    (panel,) = _panels(after)  # the handler is still registered: the next error gets help
    assert "tensorflow/sample-error" in panel["text/plain"]
    assert _texts(after, "stderr") == ""
    assert _texts(probe, "stdout").strip() == "2 (<class 'Exception'>,)"
