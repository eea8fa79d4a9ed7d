"""In a real kernel, when IPython's display of an error fails, the notebook shows what it shows
without tfhelp, plus at most one line: the same outputs, cell by cell, in two kernels."""

from __future__ import annotations

import re

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.conftest import PANEL_RECORDS
from tests.reliability.test_display_failures import ATTACKS

CHOSEN = [
    "__str__ raises",
    "__context__ cycle",
    "metaclass whose __name__ raises",
    "_render_traceback_ raises",
    "__getattr__ raises",
]


def _run(first_cell: str) -> list[list[dict]]:
    from nbclient import NotebookClient

    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [new_code_cell(first_cell)] + [new_code_cell(ATTACKS[a]) for a in CHOSEN]
    nb.cells.append(new_code_cell("raise ValueError('sample failure 9')"))
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [list(cell.outputs) for cell in nb.cells[1:]]


def _stream_lines(outputs: list[dict], name: str) -> list[str]:
    text = "".join(o.get("text", "") for o in outputs if o.get("name") == name)
    text = re.sub(r"ipykernel_\d+", "ipykernel_PID", text)  # each kernel has its own folder
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def two_kernels() -> tuple[list[list[dict]], list[list[dict]]]:
    """Every attack cell's outputs, without tfhelp and with it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TFHELP_RECORDS_PATH", str(PANEL_RECORDS))
        return _run("pass"), _run("%load_ext tfhelp\n%config TfHelp.widgets = False")


@pytest.mark.kernel
@pytest.mark.reliability
@pytest.mark.parametrize("attack", CHOSEN)
def test_a_broken_display_looks_the_same_in_a_real_kernel(attack: str, two_kernels) -> None:
    alone, helped = two_kernels
    without, with_ = alone[CHOSEN.index(attack)], helped[CHOSEN.index(attack)]
    errors = [(o["ename"], o["evalue"]) for o in with_ if o["output_type"] == "error"]
    assert errors == [(o["ename"], o["evalue"]) for o in without if o["output_type"] == "error"]
    assert _stream_lines(with_, "stdout") == _stream_lines(without, "stdout")
    extra, base = _stream_lines(with_, "stderr"), _stream_lines(without, "stderr")
    assert extra[: len(base)] == base
    assert len(extra) - len(base) <= 1
    assert all(line.startswith("tfhelp:") for line in extra[len(base) :])
    assert [o for o in with_ if o["output_type"] == "display_data"] == []


@pytest.mark.kernel
@pytest.mark.reliability
def test_help_comes_for_the_next_error_in_that_kernel(two_kernels) -> None:
    _, helped = two_kernels
    panels = [o for o in helped[-1] if o["output_type"] == "display_data"]
    assert len(panels) == 1 and "tensorflow/sample-error" in panels[0]["data"]["text/plain"]
