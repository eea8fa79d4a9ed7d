"""The help panel in a real JupyterLab 4 and Notebook 7, driven by headless Chromium.

One server per front end; the quickstart notebook is copied into its root, opened, and run
once (module-scoped fixture); the tests then click through the panel in that page. Each test
leaves the panel as it found it (English, first page), so the order of the tests does not
matter. Screenshots: artifacts/browser/<front end>-<step>.png.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.jupyter_app import JupyterApp
from tests.browser.ui import ARTIFACTS, NotebookUI, new_context, open_ui
from tests.paths import RECORDS, REPO

pytestmark = pytest.mark.browser

QUICKSTART = REPO / "notebooks" / "quickstart.ipynb"
NOTEBOOK = "quickstart.ipynb"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The quickstart's failing cells (a line of each) and the record each one's panel must name.
ERROR_CELLS = {
    "per_step_grads = [tape.gradient(loss, w) for loss in step_losses]": (
        "tensorflow/gradienttape-non-persistent-reused"
    ),
    "logits = tf.matmul(features, weights)": "tensorflow/matmul-size-incompatible",
    "scale = tf.Variable(2.0)": "tensorflow/tf-function-variable-created-twice",
}
FIRST_ERROR = next(iter(ERROR_CELLS))
TIMEOUT_MS = 60_000


def records() -> dict[str, dict[str, Any]]:
    """The records shipped in records/, by id."""
    out = {}
    for path in sorted(RECORDS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "id" in data and "title" in data:
            out[data["id"]] = data
    return out


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@dataclass
class Executed:
    """The quickstart, run in one front end; `panel` is the first failing cell's panel."""

    ui: NotebookUI

    @property
    def cell(self) -> int:
        return self.ui.find_cell(FIRST_ERROR)

    @property
    def panel(self) -> Any:
        return cell_panel(self.ui, self.cell)

    def reset(self) -> None:
        """Bring the panel back to English and its first page."""
        panel = ready(self.panel)
        back = panel.locator("button.tfhelp-back")
        shown = panel.locator(".tfhelp-title .tfhelp-id")
        for _ in range(10):
            if not back.is_visible():
                break
            before = shown.text_content()
            back.click()
            expect(shown).not_to_have_text(before or "")
        lang = panel.locator("button.tfhelp-lang")
        if lang.text_content().strip() != "中文":
            lang.click()
            expect(lang).to_have_text("中文")


def ready(panel: Any) -> Any:
    """The panel, scrolled into view, once its child views have rendered (they come after the
    panel's own box). Scrolled into view because JupyterLab skips the rendering of cells out of
    view (CSS content-visibility), and such elements have no innerText and no visible box."""
    panel.scroll_into_view_if_needed()
    expect(panel.locator("button.tfhelp-lang")).to_have_text(re.compile(r"^(中文|English)$"))
    expect(panel.locator(".tfhelp-title .tfhelp-brand")).to_have_text("tfhelp")
    return panel


def cell_panel(ui: NotebookUI, index: int) -> Any:
    """The tfhelp panel among a cell's own outputs."""
    return ui.cell(index).locator(".jp-Cell-outputArea .tfhelp-panel").first


def run_quickstart(ui: NotebookUI) -> None:
    """Run All; if it stopped at a cell that raised, run the rest one cell at a time."""
    ui.run_all()
    for _ in range(ui.cell_count()):
        pending = ui.pending()
        if not pending:
            return
        ui.run_cell(pending[0])
    raise AssertionError(f"cells left unexecuted: {ui.prompts()}")


@pytest.fixture(scope="module", params=["lab", "notebook"])
def executed(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Executed]:
    """The quickstart copied into a fresh server's root, opened and run in this front end."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    app = request.getfixturevalue(f"{request.param}_server")
    assert QUICKSTART.is_file(), f"{QUICKSTART} is missing"
    shutil.copy(QUICKSTART, app.root_dir / NOTEBOOK)
    with open_ui(chromium, app, NOTEBOOK) as ui:
        ui.screenshot("01-opened")
        run_quickstart(ui)
        done = Executed(ui)
        try:
            ready(done.panel)
        except Exception as exc:
            message = f"no panel under the first error: {exc}\n{ui.diagnostics()}"
            raise AssertionError(message) from exc
        yield done


def output_order(ui: NotebookUI, index: int) -> dict[str, Any]:
    """Where, among a cell's own outputs, the traceback and the panel are."""
    return ui.cell(index).evaluate(
        """c => {
            const outs = Array.from(c.querySelectorAll(
                '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output'));
            const error = outs.findIndex(o => o.textContent.includes('Traceback')
                                             && !o.querySelector('.tfhelp-panel'));
            const panel = outs.findIndex(o => o.querySelector('.tfhelp-panel'));
            return {error, panel, count: outs.length,
                    kinds: outs.map(o => o.dataset.mimeType || o.className)};
        }"""
    )


@pytest.mark.parametrize(
    "line", list(ERROR_CELLS), ids=[r.split("/")[-1] for r in ERROR_CELLS.values()]
)
def test_panel_below_traceback_names_record(executed: Executed, line: str) -> None:
    """1. The panel is in the failing cell's outputs, after the traceback; its title names the
    record it matched."""
    ui = executed.ui
    index = ui.find_cell(line)
    panel = cell_panel(ui, index)
    expect(panel).to_be_visible()
    order = output_order(ui, index)
    assert order["error"] >= 0, f"no traceback in the failing cell: {order}"
    assert order["panel"] > order["error"], f"the panel is not below the traceback: {order}"
    title = panel.locator(".tfhelp-title")
    expected = ERROR_CELLS[line]
    expect(title.locator(".tfhelp-id")).to_have_text(expected)
    expect(title).to_contain_text(records()[expected]["title"])
    # The usual traceback is untouched: IPython's header and the exception's own last line.
    error = ui.cell(index).locator(".jp-Cell-outputArea .jp-OutputArea-output").nth(order["error"])
    expect(error).to_contain_text("Traceback (most recent call last)")
    expect(error).to_contain_text(re.compile(r"(Error|Exception): "))
    # What works: at least one workaround row, each with its Run button.
    expect(panel.locator(".tfhelp-workaround").first).to_be_visible()
    expect(panel.locator(".tfhelp-run").first).to_be_visible()
    name = expected.split("/")[-1]
    ui.screenshot(f"02-panel-{name}", title)  # the end of the traceback above, the panel below


def test_language_toggle(executed: Executed) -> None:
    """2. 中文 switches the panel's text to Chinese; the button switches it back."""
    ui, panel = executed.ui, executed.panel
    executed.reset()
    lang = panel.locator("button.tfhelp-lang")
    title = panel.locator(".tfhelp-title")
    body = panel.locator(".tfhelp-body")
    record_id = title.locator(".tfhelp-id").text_content().strip()
    record = records()[record_id]
    expect(body).to_contain_text("What works")
    expect(body).to_contain_text(explanation_start(record_id))
    expect(lang).to_have_text("中文")
    lang.click()
    expect(lang).to_have_text("English")
    expect(body).not_to_contain_text("What works")
    expect(body).to_contain_text("可行的解决办法")
    expect(body).to_contain_text(explanation_start(record_id, "zh"))
    expect(title).to_contain_text(record["title_zh"])
    expect(title).not_to_contain_text(record["title"])
    assert CJK.search(title.text_content() or "")
    ui.screenshot("03-chinese", panel, block="start")
    lang.click()
    expect(lang).to_have_text("中文")
    expect(body).to_contain_text("What works")
    expect(body).to_contain_text(explanation_start(record_id))
    expect(title).to_contain_text(record["title"])
    assert not CJK.search(title.text_content() or "")


def explanation_start(record_id: str, lang: str = "en") -> str:
    """The first words of a record's explanation, as the panel's "Why it happens" shows them."""
    record = records()[record_id]
    suffix = "_zh" if lang == "zh" else ""
    text = record.get("explanation" + suffix) or record.get("root_cause" + suffix) or ""
    return " ".join(text.split())[:60]


def expect_body_of(panel: Any, record_id: str, error_page: bool) -> None:
    """Wait until the panel's body (not only its title) shows this record. The title changes
    first; the body's widgets are rebuilt after it."""
    expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(record_id)
    expect(panel.locator(".tfhelp-body")).to_contain_text(explanation_start(record_id))
    your_error = panel.locator(".tfhelp-body").get_by_text("Your error", exact=True)
    expect(your_error).to_have_count(1 if error_page else 0)


def output_count(ui: NotebookUI, index: int) -> int:
    return ui.cell(index).locator(".jp-Cell-outputArea > .jp-OutputArea-child").count()


def test_related_error_opens_in_place(executed: Executed) -> None:
    """3. A related-error button opens that record in the same panel; Back returns."""
    ui, panel = executed.ui, executed.panel
    executed.reset()
    outputs = output_count(ui, executed.cell)
    title_id = panel.locator(".tfhelp-title .tfhelp-id")
    first_id = title_id.text_content().strip()
    related = panel.locator("button.tfhelp-related:not([disabled])")
    assert related.count() > 0, "the matched record shows no related error that can be opened"
    button = related.first
    related_title = button.text_content().strip().split(": ", 1)[-1]
    button.click()
    expect(title_id).not_to_have_text(first_id)
    new_id = title_id.text_content().strip()
    known = records()
    assert new_id in known, new_id
    assert known[new_id]["title"] == related_title, (new_id, related_title)
    expect(panel.locator(".tfhelp-title")).to_contain_text(related_title)
    expect_body_of(panel, new_id, error_page=False)
    # In place: the same panel in the same output, nothing added to the cell.
    assert output_count(ui, executed.cell) == outputs
    assert ui.cell(executed.cell).locator(".tfhelp-panel").count() == 1
    ui.screenshot("04-related-opened", panel, block="start")
    back = panel.locator("button.tfhelp-back")
    expect(back).to_be_visible()
    back.click()
    expect_body_of(panel, first_id, error_page=True)
    expect(back).to_be_hidden()


def test_run_shows_result_in_panel(executed: Executed) -> None:
    """4. Run executes the snippet in the kernel and shows the result inside the panel."""
    ui, panel = executed.ui, executed.panel
    executed.reset()
    snippet = panel.locator(".tfhelp-snippet").first
    snippet.locator("button.tfhelp-run").click()
    status = snippet.locator(".tfhelp-run-status")
    expect(status).to_contain_text("Ran without error", timeout=180_000)
    expect(status).to_contain_text(re.compile(r"✔ .*\(\d+\.\d s\)"))
    expect(snippet.locator(".tfhelp-run-output")).not_to_contain_text("Traceback")
    ui.screenshot("05-run", snippet)


def snippet_codes(record_id: str) -> list[str]:
    """The code of every snippet of a record, without trailing blank space."""
    return [s["code"].rstrip() for s in records()[record_id].get("snippets", [])]


def test_insert_puts_snippet_in_new_cell_below(executed: Executed) -> None:
    """5. Insert puts the snippet's code into a new code cell right below the panel's cell."""
    ui, panel = executed.ui, executed.panel
    executed.reset()
    record_id = panel.locator(".tfhelp-title .tfhelp-id").text_content().strip()
    snippet = panel.locator(".tfhelp-snippet").first
    shown = snippet.locator(".tfhelp-code pre").text_content().rstrip()
    button = snippet.locator("button.tfhelp-insert")
    expect(button).to_have_attribute("data-mode", "cell")
    expect(button).to_have_text("Insert as cell below")
    before = ui.cell_count()
    button.click()
    expect(button).to_have_attribute("data-result", re.compile(r"^(cell|clipboard|failed)$"))
    assert button.get_attribute("data-result") == "cell", (
        f"the front end did not insert a cell (result {button.get_attribute('data-result')!r})\n"
        + ui.diagnostics()
    )
    expect(snippet.locator(".tfhelp-insert-status")).to_have_text("Inserted as a new cell below")
    expect(ui.cells).to_have_count(before + 1)
    new = executed.cell + 1
    ui.cell(new).scroll_into_view_if_needed()
    source = ui.source(new).rstrip()
    assert source == shown, f"new cell holds:\n{source}\n--- the panel shows:\n{shown}"
    assert source in snippet_codes(record_id), "the new cell is not one of the record's snippets"
    assert "jp-CodeCell" in (ui.cell(new).get_attribute("class") or "")
    assert ui.prompts()[new] == "[ ]:", "the inserted cell was run, it should only be inserted"
    ui.screenshot("06-inserted-cell", ui.cell(new))
    # The notebook document itself has the cell (not only the page): save and read it back.
    saved = ui.save()
    cells = saved["cells"]
    assert len(cells) == before + 1
    text = cells[new]["source"]
    text = "".join(text) if isinstance(text, list) else text
    assert cells[new]["cell_type"] == "code" and text.rstrip() == source


def test_run_output_appears_in_panel(executed: Executed) -> None:
    """4b. A snippet that prints: Run shows what it printed in the snippet's output area."""
    ui = executed.ui
    record_id, code = printing_snippet()
    index = ui.add_cell_at_end(f"%tfhelp --id {record_id}")
    ui.run_cell(index)
    panel = ui.cell(index).locator(".tfhelp-panel")
    expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(record_id)
    box = panel.locator(".tfhelp-snippet").filter(has_text=code.splitlines()[-1].strip())
    expect(box).to_have_count(1)
    printed = re.search(r"print\(\s*[\"']([^\"']+)[\"']", code)
    assert printed, code
    box.locator("button.tfhelp-run").click()
    expect(box.locator(".tfhelp-run-status")).to_contain_text("Ran without error", timeout=180_000)
    output = box.locator(".tfhelp-run-output")
    expect(output).to_contain_text(printed.group(1))
    ui.screenshot("07-run-output", box)


def printing_snippet() -> tuple[str, str]:
    """A record with a snippet that prints (and runs in the kernel, not in a child process)."""
    for record_id, record in records().items():
        for s in record.get("snippets", []):
            code = s.get("code", "")
            if re.search(r"^print\(\s*[\"']", code, re.M) and not s.get("graph_mode"):
                return record_id, code
    raise AssertionError("no record has a snippet that prints")


def test_search_magic_lists_and_opens(executed: Executed) -> None:
    """6. `%tfhelp while_loop` lists records; clicking one opens it in place; Back returns."""
    ui = executed.ui
    index = ui.find_cell("%tfhelp while_loop", exact=True)
    panel = cell_panel(ui, index)
    title = panel.locator(".tfhelp-title")
    expect(title).to_contain_text("Search results for")
    hits = panel.locator("button.tfhelp-hit")
    expect(hits.first).to_be_visible()
    texts = hits.all_text_contents()
    assert len(texts) >= 2, texts
    assert sum("while" in t.lower() for t in texts) >= 2, texts
    ui.screenshot("08-search", panel)
    first = hits.first
    hit_id = re.search(r"\[([^\]]+)\]\s*$", first.text_content()).group(1)
    assert hit_id in records()
    first.click()
    expect_body_of(panel, hit_id, error_page=False)
    expect(title).to_contain_text(records()[hit_id]["title"])
    expect(panel).to_contain_text("What works")
    expect(hits).to_have_count(0)
    ui.screenshot("09-search-opened", panel, block="start")
    panel.locator("button.tfhelp-back").click()
    expect(title).to_contain_text("Search results for")
    expect(hits).to_have_count(len(texts))


def test_magic_record_and_last_error_in_chinese(executed: Executed) -> None:
    """%tfhelp --id shows a record; after %tfhelp --lang zh, %tfhelp shows the last error's help
    in Chinese."""
    ui = executed.ui
    record_id = "tensorflow/per-step-gradients-while-loop"
    panel = cell_panel(ui, ui.find_cell(f"%tfhelp --id {record_id}", exact=True))
    expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(record_id)
    expect(panel.locator(".tfhelp-title")).to_contain_text(records()[record_id]["title"])
    last = cell_panel(ui, ui.find_cell("%tfhelp", exact=True))
    last_id = list(ERROR_CELLS.values())[-1]
    expect(last.locator(".tfhelp-title .tfhelp-id")).to_have_text(last_id)
    expect(last.locator("button.tfhelp-lang")).to_have_text("English")
    expect(last).to_contain_text("可行的解决办法")
    title_zh = records()[last_id].get("title_zh", "")
    if title_zh:
        expect(last.locator(".tfhelp-title")).to_contain_text(title_zh)
    ui.screenshot("10-last-error-chinese", last, block="start")


def test_copy_to_clipboard_in_lab_console(chromium: Any, lab_server: JupyterApp) -> None:
    """5b. Where there is no notebook to add a cell to (a JupyterLab console), the same button
    says Copy and puts the snippet on the clipboard."""
    context = new_context(chromium, lab_server)
    try:
        page = context.new_page()
        # A workspace of its own, so that JupyterLab does not reopen the quickstart here.
        page.goto(f"{lab_server.base_url}/lab/workspaces/console?token={lab_server.token}")
        page.locator(".jp-LauncherCard[data-category='Console']").first.click()
        prompt = page.locator(".jp-CodeConsole-input .cm-content")
        prompt.wait_for()
        lab_server.wait_for_session(lambda s: s.get("type") == "console", "the console")
        record_id, code = printing_snippet()
        prompt.click()
        page.keyboard.insert_text(f"%load_ext tfhelp\n%tfhelp --id {record_id}")
        page.keyboard.press("Shift+Enter")
        panel = page.locator(".jp-CodeConsole-content .tfhelp-panel").first
        expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(record_id)
        box = panel.locator(".tfhelp-snippet").filter(has_text=code.splitlines()[-1].strip())
        button = box.locator("button.tfhelp-insert")
        expect(button).to_have_attribute("data-mode", "clipboard")
        expect(button).to_have_text("Copy")
        button.click()
        expect(button).to_have_attribute("data-result", "clipboard")
        expect(box.locator(".tfhelp-insert-status")).to_have_text("Copied to the clipboard")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.rstrip() == code.rstrip(), copied
        box.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(ARTIFACTS / "lab-11-console-copy.png"))
    finally:
        context.close()
