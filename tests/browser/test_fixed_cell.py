"""The user's cell, fixed, in a real JupyterLab 4 and Notebook 7 (headless Chromium): the panel
shows the diff first; "Insert fixed cell below" adds a cell holding the fixed code, which runs;
"Replace cell" puts the fixed code into the cell that raised."""

from __future__ import annotations

import re
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.browser.ui import open_ui

pytestmark = pytest.mark.browser

NOTEBOOK = "fixed_cell.ipynb"
RECORD = "tensorflow/gradienttape-non-persistent-reused"
TIMEOUT_MS = 60_000
FAILING = """w = tf.Variable(3.0)
with tf.GradientTape() as tape:   # the user's own comment stays
    loss = w * w + 2.0 * w
first = tape.gradient(loss, w)
second = tape.gradient(loss, w)
"""
FIXED = FAILING.replace("tf.GradientTape()", "tf.GradientTape(persistent=True)")


def _notebook() -> Any:
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("%load_ext tfhelp\nimport tensorflow as tf"),
        new_code_cell(FAILING),  # tf comes from the cell above, as in a real notebook
    ]
    return nb


@pytest.mark.parametrize("kind", ["lab", "notebook"])
def test_fixed_cell_inserted_and_replaced(
    kind: str, chromium: Any, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    app = request.getfixturevalue(f"{kind}_server")
    nbformat.write(_notebook(), app.root_dir / NOTEBOOK)
    with open_ui(chromium, app, NOTEBOOK) as ui:
        ui.run_all()
        if ui.pending():
            ui.run_cell(ui.pending()[0])
        panel = ui.cell(1).locator(".jp-Cell-outputArea .tfhelp-live .tfhelp-panel").first
        panel.scroll_into_view_if_needed()
        expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(RECORD)
        # The user's own cell, fixed, is the first fix of the summary.
        fixed = panel.locator(".tfhelp-summary .tfhelp-first-fix[data-kind='fixed_cell']")
        expect(fixed.locator(".tfhelp-diff")).to_contain_text(
            "+with tf.GradientTape(persistent=True) as tape:   # the user's own comment stays"
        )
        ui.screenshot(f"fixed-cell-{kind}", panel, block="start")

        insert = fixed.locator("button[data-action='insert-fixed']")
        expect(insert).to_have_text("Insert fixed cell below")
        expect(insert).to_have_attribute("data-mode", "cell")
        before = ui.cell_count()
        insert.click()
        expect(insert).to_have_attribute("data-result", re.compile(r"^(cell|clipboard|failed)$"))
        assert insert.get_attribute("data-result") == "cell", ui.diagnostics()
        expect(ui.cells).to_have_count(before + 1)
        assert ui.source(2).rstrip() == FIXED.rstrip()
        assert ui.prompts()[2] == "[ ]:", "the inserted cell must not run by itself"

        # The inserted cell runs without the error (the notebook's own kernel, real TF).
        ui.run_cell(2)
        assert not ui.cell(2).locator(".tfhelp-panel").count()
        assert "RuntimeError" not in (ui.cell(2).text_content() or "")

        replace = fixed.locator("button[data-action='replace']")
        expect(replace).to_have_text("Replace cell")
        replace.click()
        expect(replace).to_have_attribute("data-result", "replaced")
        assert ui.source(1).rstrip() == FIXED.rstrip()
        saved = ui.save()
        texts = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in saved["cells"]
        ]
        assert texts[1].rstrip() == FIXED.rstrip() and texts[2].rstrip() == FIXED.rstrip()
