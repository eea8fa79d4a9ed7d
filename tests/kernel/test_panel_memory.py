"""500 TensorFlow errors in a row in a real kernel (nbclient): the panels' models and the
kernel's memory stay flat, the newest panels stay live and the older ones become static HTML."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = pytest.mark.kernel

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ERRORS = 500
WARM = 100  # errors before the first measure: more than the live panels kept (20)
KEEP = 20
RSS_BOUND_MB = 25  # growth allowed from error 100 to error 500 (it was ~200 MB with ipywidgets)
SETUP = "%load_ext tfhelp\nimport tensorflow as tf"
ERROR = "tf.matmul(tf.ones([2, 3]), tf.ones([{n}, 5]))"  # a real shape error, 4 <= n
PROBE = """import gc, json, ipywidgets.widgets.widget as _w
gc.collect()
_rss = int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])
_panels = sum(type(w).__name__ == "HelpPanel" for w in _w._instances.values())
print(json.dumps({"widgets": len(_w._instances), "rss_kb": _rss, "panels": _panels}))"""


def _probe(cell) -> dict[str, int]:
    text = "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")
    return json.loads(text.strip().splitlines()[-1])


def _panels(cell) -> list[dict]:
    return [
        o
        for o in cell.outputs
        if o["output_type"] == "display_data"
        and 'class="tfhelp-panel"' in o["data"].get("text/html", "")
    ]


def test_500_errors_leave_models_and_memory_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    cells = [new_code_cell(SETUP)]
    for n in range(ERRORS):
        if n == WARM:
            cells.append(new_code_cell(PROBE))
        cells.append(new_code_cell(ERROR.format(n=4 + n % 7)))
    cells.append(new_code_cell(PROBE))
    nb.cells = cells
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True)
    client.execute()

    probes = [c for c in nb.cells if c.source == PROBE]
    warm, end = _probe(probes[0]), _probe(probes[1])
    # One model per live panel plus the one Layout they share; never more than KEEP panels.
    assert warm["panels"] == KEEP and end["panels"] == KEEP, (warm, end)
    assert end["widgets"] == warm["widgets"] <= KEEP + 1, (warm, end)
    grown = (end["rss_kb"] - warm["rss_kb"]) / 1024
    assert grown < RSS_BOUND_MB, f"kernel RSS grew {grown:.1f} MB over {ERRORS - WARM} errors"

    errors = [c for c in nb.cells if c.source.startswith("tf.matmul")]
    assert len(errors) == ERRORS
    for cell in errors:
        kinds = [o["output_type"] for o in cell.outputs]
        assert "error" in kinds, kinds
        (panel,) = _panels(cell)
        assert kinds.index("error") < cell.outputs.index(panel)  # the help under the traceback
        data = panel["data"]
        assert "tensorflow/matmul-size-incompatible" in data["text/plain"]
        assert "tensorflow/matmul-size-incompatible" in data["text/html"]
        assert "data-action" not in data["text/html"]  # the static form has no dead buttons
    live = [c for c in errors if WIDGET_MIME in _panels(c)[0]["data"]]
    # The newest KEEP panels are live widgets; every older display was replaced by static HTML
    # (nbclient applies update_display_data to the output with that display id).
    assert live == errors[-KEEP:]
