"""%%tfhelp in a real JupyterLab 4 in headless Chromium: a pasted traceback gets the panel."""

from __future__ import annotations

import re
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.browser.ui import open_ui
from tests.paths import TRACEBACKS

pytestmark = pytest.mark.browser

NOTEBOOK = "paste.ipynb"
RECORD = "tensorflow/matmul-size-incompatible"
TIMEOUT_MS = 60_000


def _notebook() -> Any:
    text = (TRACEBACKS / "matmul_eager.ipython.txt").read_text(encoding="utf-8")
    quoted = "".join(f"> {line}\n" for line in text.splitlines())
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_code_cell("%load_ext tfhelp"),
        new_code_cell(f"%%tfhelp\nFrom the CI log of the nightly run:\n\n{quoted}"),
        new_code_cell("%%tfhelp\nZeroDivisionError: division by zero"),
    ]
    return nb


def test_paste_magic_shows_the_panel_in_jupyterlab(chromium: Any, lab_server: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    nbformat.write(_notebook(), lab_server.root_dir / NOTEBOOK)
    with open_ui(chromium, lab_server, NOTEBOOK) as ui:
        ui.run_all()
        assert ui.pending() == [], ui.prompts()
        panel = ui.cell(1).locator(".jp-Cell-outputArea .tfhelp-panel").first
        panel.scroll_into_view_if_needed()
        expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(RECORD)
        expect(panel.locator(".tfhelp-first-fix pre.tfhelp-code")).to_be_visible()
        lang = panel.locator("button[data-action='lang']")
        expect(lang).to_have_text(re.compile(r"^(中文|English)$"))
        lang.click()  # the widget is live: it talks to the kernel
        expect(panel.locator(".tfhelp-title")).to_contain_text("矩阵乘法")
        ui.screenshot("paste-panel", panel, block="start")
        none = ui.cell(2).locator(".jp-Cell-outputArea .jp-OutputArea-output")
        expect(none).to_have_text(
            "tfhelp: no record fits this error: ZeroDivisionError: division by zero"
        )
