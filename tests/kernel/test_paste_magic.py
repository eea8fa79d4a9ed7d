"""%%tfhelp in a real kernel: a pasted traceback gets the panel a live error gets."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.paths import TRACEBACKS

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RECORD = "tensorflow/matmul-size-incompatible"


def _paste() -> str:
    text = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
    quoted = "".join(f"> {line}\n" for line in text.splitlines())
    return f"%%tfhelp\nA colleague sent me this from CI:\n\n{quoted}\nany idea?\n"


@pytest.mark.kernel
def test_paste_magic_in_a_real_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("%load_ext tfhelp"),
        new_code_cell(_paste()),
        new_code_cell("%%tfhelp\nZeroDivisionError: division by zero"),
        new_code_cell("import sys\nprint('tensorflow' in sys.modules)"),
    ]
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True).execute()

    # Shown as display_data with a display id (so that it can be retired to static HTML later).
    (panel,) = [o for o in nb.cells[1].outputs if o["output_type"] == "display_data"]
    data = panel["data"]
    assert {WIDGET_MIME, "text/html", "text/plain"} <= set(data)
    assert 'class="tfhelp-panel"' in data["text/html"] and RECORD in data["text/html"]
    assert RECORD in data["text/plain"].replace("\n", "")
    models = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert data[WIDGET_MIME]["model_id"] in models
    (none,) = nb.cells[2].outputs
    assert none["data"] == {
        "text/plain": "tfhelp: no record fits this error: ZeroDivisionError: division by zero"
    }
    assert nb.cells[3].outputs[0]["text"].strip() == "False"  # the paste imported no TensorFlow
    nbformat.validate(nb)
