"""Every notebook in notebooks/ runs in a real kernel; panels carry widget, HTML and text."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from tests.paths import REPO

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PROBE = "import json, tfhelp\nprint(json.dumps({'tfhelp_file': tfhelp.__file__}))"

# quickstart.ipynb: a piece of each cell's code -> the record its panel must name.
QUICKSTART = {
    "tape.gradient(loss, w)": "tensorflow/gradienttape-non-persistent-reused",
    "tf.matmul(features, weights)": "tensorflow/matmul-size-incompatible",
    "scale = tf.Variable(2.0)": "tensorflow/tf-function-variable-created-twice",
    "%tfhelp while_loop": "tensorflow/per-step-gradients-while-loop",
    "%tfhelp --id tensorflow/per-step-gradients-while-loop": (
        "tensorflow/per-step-gradients-while-loop"
    ),
}


def _panels(cell) -> list[dict]:
    return [
        o["data"]
        for o in cell.get("outputs", [])
        if o["output_type"] in ("display_data", "execute_result")
        and 'class="tfhelp-panel"' in o["data"].get("text/html", "")
    ]


def test_notebooks_are_stored_without_outputs():
    assert any(p.name == "quickstart.ipynb" for p in NOTEBOOKS)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3", path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_a_real_kernel(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_code_cell(PROBE))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,  # errors only where a cell is tagged raises-exception
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()

    probe = json.loads(nb.cells[-1].outputs[-1]["text"].strip().splitlines()[-1])
    tfhelp_dir = Path(probe["tfhelp_file"]).resolve().parent
    assert tfhelp_dir == REPO / "tfhelp", "the kernel must import tfhelp from this repository"

    widget_state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json")
    models = widget_state["state"] if widget_state else {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        panels = _panels(cell)
        if "raises-exception" in cell.metadata.get("tags", []):
            kinds = [o["output_type"] for o in cell.outputs]
            assert "error" in kinds, cell.source
            assert len(panels) == 1, (cell.source, kinds)
            # the traceback first, the help under it
            assert kinds.index("error") < kinds.index("display_data"), kinds
        for data in panels:
            assert {WIDGET_MIME, "text/html", "text/plain"} <= set(data), cell.source
            assert data[WIDGET_MIME]["model_id"] in models
            assert 'class="tfhelp-panel"' in data["text/html"]
            assert "VBox(" not in data["text/plain"]  # not a widget's repr
        expected = [rid for piece, rid in QUICKSTART.items() if piece in cell.source]
        if path.name == "quickstart.ipynb" and expected:
            (panel,) = panels
            assert expected[0] in panel["text/plain"].replace("\n", ""), panel["text/plain"][:500]
            assert expected[0] in panel["text/html"]
    if path.name == "quickstart.ipynb":
        last = [c for c in nb.cells if c.cell_type == "code" and c.source == "%tfhelp"]
        (panel,) = _panels(last[0])
        path = REPO / "records" / "tf-function-variable-created-twice.json"
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["title_zh"] in panel["text/plain"]  # after %tfhelp --lang zh
    for other in os.environ.get("TFHELP_KERNEL_KEEP", "").split(os.pathsep):
        if other:  # debugging aid: TFHELP_KERNEL_KEEP=/tmp/out.ipynb keeps the executed notebook
            nbformat.write(nb, other)
