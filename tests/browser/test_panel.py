"""The help panel in real JupyterLab 4 and Notebook 7, light and dark, in headless Chromium.

Per front end and theme, a notebook with a real TensorFlow shape error is opened and its cells
are run with Shift+Enter, as a user does; the tests then read and click the panel under the
error: the first screen (height, title, the user's line, cause, first fix with code), the head in
view, a collapsed section, related navigation, Run, Insert, 中文, and the search listing. Each
test leaves the panel on its first page in English. Screenshots: artifacts/panel-<front end>-
<theme>.png (the first screen), artifacts/browser/<front end>-*.png (the steps).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.browser.jupyter_app import JupyterApp
from tests.browser.ui import ARTIFACTS, NotebookUI, new_context
from tests.paths import RECORDS, REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "artifacts"
RECORD = "tensorflow/matmul-size-incompatible"
ERROR_CELL = """features = tf.ones([2, 3])
weights = tf.ones([4, 5])
logits = tf.matmul(features, weights)"""
USER_LINE = "logits = tf.matmul(features, weights)"
SEARCH_CELL = "%tfhelp while_loop"
NEXT_CELL = "print('the next cell')"
SUMMARY_MAX_PX = 300
SMALL_SCREEN = {"width": 1280, "height": 720}  # a laptop: the traceback and panel overflow it
TIMEOUT_MS = 60_000
CJK = re.compile(r"[\u4e00-\u9fff]")
# Whether `el` is inside the window and every scrolling box around it (Notebook 7's output box,
# JupyterLab's notebook panel): what a reader can see without scrolling.
IN_VIEW = """el => {
    const r = el.getBoundingClientRect();
    if (r.height === 0) return false;
    let top = 0, bottom = window.innerHeight;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const box = a.getBoundingClientRect();
        if (box.height > 0 && /(auto|scroll|hidden)/.test(getComputedStyle(a).overflowY)) {
            top = Math.max(top, box.top); bottom = Math.min(bottom, box.bottom);
        }
    }
    return r.top >= top - 1 && r.bottom <= bottom + 1;
}"""
# WCAG contrast of an element's text colour against the first opaque background behind it.
CONTRAST = """el => {
    const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = c => {
            c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const fg = rgb(getComputedStyle(el).color);
    let bg = [255, 255, 255];
    for (let a = el; a; a = a.parentElement) {
        const c = rgb(getComputedStyle(a).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; }
    }
    const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
}"""


def record(record_id: str) -> dict[str, Any]:
    return json.loads((RECORDS / f"{record_id.split('/', 1)[1]}.json").read_text(encoding="utf-8"))


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _notebook() -> Any:
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        new_markdown_cell("# A shape error\n\nThe cell below multiplies two matrices."),
        new_code_cell("%load_ext tfhelp\nimport tensorflow as tf"),
        # Outputs in a scroll box (as Notebook 7 shows long outputs): the panel must still show
        # its head, inside the box.
        new_code_cell(ERROR_CELL, metadata={"scrolled": True}),
        new_code_cell(NEXT_CELL),
        new_code_cell(SEARCH_CELL),
    ]
    return nb


@dataclass
class Opened:
    """The notebook run in one front end and theme; `panel` is the error cell's panel."""

    ui: NotebookUI
    theme: str
    head_in_view: bool  # measured right after Shift+Enter, before any test scrolled

    @property
    def cell(self) -> int:
        return self.ui.find_cell(USER_LINE)

    @property
    def panel(self) -> Any:
        return panel_of(self.ui, self.cell)

    def reset(self) -> None:
        """Back to the first page, in English, sections closed."""
        panel = self.panel
        panel.scroll_into_view_if_needed()
        # Not under test here: plain DOM clicks, each followed by the page it leads to.
        title_id = panel.locator(".tfhelp-title .tfhelp-id")
        back = panel.locator("button[data-action='back']")
        for _ in range(5):
            if (title_id.text_content() or "") == RECORD or not back.is_visible():
                break
            shown = title_id.text_content() or ""
            back.evaluate("b => b.click()")
            expect(title_id).not_to_have_text(shown)
        expect(title_id).to_have_text(RECORD)
        lang = panel.locator("button[data-action='lang']")
        if (lang.text_content() or "").strip() != "中文":
            lang.evaluate("b => b.click()")
            expect(lang).to_have_text("中文")


def panel_of(ui: NotebookUI, index: int) -> Any:
    """The live panel among a cell's own outputs."""
    return ui.cell(index).locator(".jp-Cell-outputArea .tfhelp-live .tfhelp-panel").first


def shift_enter(ui: NotebookUI, index: int) -> None:
    """Select a cell and run it with Shift+Enter, without waiting (the caller waits)."""
    ui.select(index)
    ui.page.keyboard.press("Shift+Enter")


@pytest.fixture(
    scope="module",
    params=[("lab", "light"), ("lab", "dark"), ("notebook", "light"), ("notebook", "dark")],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def opened(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Opened]:
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    kind, theme = request.param
    app: JupyterApp = request.getfixturevalue(f"{kind}_server")
    app.set_theme(theme)
    path = f"panel-{theme}.ipynb"
    nbformat.write(_notebook(), app.root_dir / path)
    context = new_context(chromium, app)
    try:
        page = context.new_page()
        page.set_viewport_size(SMALL_SCREEN)
        ui = NotebookUI(page, app, path)
        ui.open(reset=True)
        dark = page.evaluate("() => document.body.dataset.jpThemeLight") == "false"
        assert dark == (theme == "dark"), f"the {theme} theme was not applied"
        ui.run_cell(ui.find_cell("%load_ext tfhelp"))
        index = ui.find_cell(USER_LINE)
        shift_enter(ui, index)
        title = panel_of(ui, index).locator(".tfhelp-title")
        try:
            title.wait_for(state="attached", timeout=180_000)
        except Exception as exc:
            raise AssertionError(f"no panel under the error: {exc}\n{ui.diagnostics()}") from exc
        # The panel scrolls its head into view once it is laid out; give it that moment.
        try:
            page.wait_for_function(IN_VIEW, arg=title.element_handle(), timeout=5_000)
            head_in_view = True
        except Exception:
            head_in_view = False
        ui.wait_done(["x"], 120)  # until the kernel is idle again
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{theme}-after-shift-enter.png"))
        yield Opened(ui, theme, head_in_view)
    finally:
        context.close()


def test_head_in_view_after_shift_enter(opened: Opened) -> None:
    """After Shift+Enter the notebook moves on to the next cell; the panel's title and summary
    are nevertheless on screen (inside Notebook 7's output scroll box too)."""
    ui = opened.ui
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ui.page.screenshot(path=str(ARTIFACTS / f"{ui.kind}-{opened.theme}-after-shift-enter.png"))
    area = ui.cell(opened.cell).locator(".jp-Cell-outputArea")
    scrolled = ui.cell(opened.cell).evaluate("c => c.classList.contains('jp-mod-outputsScrolled')")
    assert scrolled, "the error cell's outputs should be in a scroll box for this test"
    box = area.bounding_box()
    assert box is not None and box["height"] < 500, box
    assert opened.head_in_view, "the panel's title was not in view after Shift+Enter"


def test_first_screen_is_the_summary(opened: Opened) -> None:
    """Title, the user's line as IPython names it, one sentence of cause, and the first fix with
    its code, in at most ~300 px; everything else collapsed."""
    ui, panel = opened.ui, opened.panel
    opened.reset()
    title = panel.locator(".tfhelp-title")
    expect(title.locator(".tfhelp-id")).to_have_text(RECORD)
    expect(title).to_contain_text(record(RECORD)["title"])
    summary = panel.locator(".tfhelp-summary")
    place = summary.locator(".tfhelp-place")
    expect(place).to_contain_text(re.compile(r"Cell In\[\d+\], line 3"))
    expect(place).to_contain_text(USER_LINE)
    cause = summary.locator(".tfhelp-cause")
    expect(cause).to_contain_text(re.compile(r"\w{3,}"))
    fix = summary.locator(".tfhelp-first-fix")
    code = fix.locator("pre.tfhelp-code")
    expect(code).to_contain_text("tf.")
    expect(fix.locator("button[data-action='run']")).to_be_visible()
    expect(fix.locator("button[data-action='insert']")).to_be_visible()
    box = summary.bounding_box()
    head = title.bounding_box()
    assert box is not None and head is not None
    height = box["y"] + box["height"] - head["y"]
    assert height <= SUMMARY_MAX_PX, f"title + summary take {height:.0f} px"
    sections = panel.locator("details.tfhelp-section")
    assert sections.count() >= 3
    assert all(not o for o in sections.evaluate_all("ds => ds.map(d => d.open)"))
    # Readable in this theme: the panel's text and the code on its own background.
    for element in (cause, code, title.locator(".tfhelp-id")):
        ratio = element.evaluate(CONTRAST)
        assert ratio >= 4.5, f"contrast {ratio:.1f} in the {opened.theme} theme"
    title.evaluate("e => e.scrollIntoView({block: 'start'})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    ui.page.screenshot(path=str(SHOTS / f"panel-{ui.kind}-{opened.theme}.png"))


def test_collapsed_section_expands(opened: Opened) -> None:
    panel = opened.panel
    opened.reset()
    why = panel.locator("details[data-section='why']")
    error = why.locator("pre.tfhelp-error")
    expect(error).to_be_hidden()
    why.locator("summary").click()
    expect(why).to_have_attribute("open", "")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Matrix size-incompatible")
    why.locator("summary").click()
    expect(error).to_be_hidden()


def test_related_navigation_brings_the_title_into_view(opened: Opened) -> None:
    ui, panel = opened.ui, opened.panel
    opened.reset()
    related = panel.locator("details[data-section='related']")
    related.locator("summary").click()
    link = related.locator("button[data-action='open']").first
    target = link.get_attribute("data-record")
    assert target and target != RECORD
    link.scroll_into_view_if_needed()
    link.click()
    title = panel.locator(".tfhelp-title")
    expect(title.locator(".tfhelp-id")).to_have_text(target)
    expect(title).to_contain_text(record(target)["title"])
    ui.page.wait_for_function(IN_VIEW, arg=title.element_handle(), timeout=5_000)
    assert ui.cell(opened.cell).locator(".tfhelp-panel").count() == 1  # in place
    ui.screenshot(f"{opened.theme}-related", None)
    back = panel.locator("button[data-action='back']")
    expect(back).to_be_visible()
    back.click()
    expect(title.locator(".tfhelp-id")).to_have_text(RECORD)
    expect(back).to_be_hidden()


def test_run_shows_output(opened: Opened) -> None:
    ui, panel = opened.ui, opened.panel
    opened.reset()
    fix = panel.locator(".tfhelp-first-fix")
    fix.locator("button[data-action='run']").click()
    status = fix.locator(".tfhelp-run-status")
    expect(status).to_contain_text("Ran without error", timeout=180_000)
    expect(status).to_contain_text(re.compile(r"✔ .*\(\d+\.\d s\)"))
    expect(fix.locator("pre.tfhelp-run-output")).not_to_contain_text("Traceback")
    ui.screenshot(f"{opened.theme}-run", fix)


def test_run_output_of_a_printing_snippet(opened: Opened) -> None:
    """Run shows what the snippet printed (the search listing's record with a print)."""
    ui = opened.ui
    record_id, code = printing_snippet()
    index = ui.add_cell_at_end(f"%tfhelp --id {record_id}")
    ui.run_cell(index)
    panel = panel_of(ui, index)
    expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(record_id)
    run = panel.locator(f"button[data-action='run'][data-snippet='{code[0]}']")
    if not run.is_visible():  # not the first fix: it is under "More fixes"
        panel.locator("details[data-section='more_fixes'] summary").click()
    run.click()
    output = panel.locator("pre.tfhelp-run-output").filter(has_text=code[1])
    expect(output).to_have_count(1, timeout=180_000)
    ui.screenshot(f"{opened.theme}-run-output", output)


def printing_snippet() -> tuple[str, tuple[str, str]]:
    """A record with a snippet that prints a literal (and runs in the kernel)."""
    for path in sorted(RECORDS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "id" not in data:
            continue
        for s in data.get("snippets", []):
            found = re.search(r"^print\(\s*[\"']([^\"'{}]+)[\"']", s.get("code", ""), re.M)
            if found and not s.get("graph_mode"):
                return data["id"], (s["id"], found.group(1))
    raise AssertionError("no record has a snippet that prints")


def test_insert_adds_the_fix_as_a_cell_below(opened: Opened) -> None:
    ui, panel = opened.ui, opened.panel
    opened.reset()
    fix = panel.locator(".tfhelp-first-fix")
    shown = (fix.locator("pre.tfhelp-code").text_content() or "").rstrip()
    button = fix.locator("button[data-action='insert']")
    expect(button).to_have_attribute("data-mode", "cell")
    before = ui.cell_count()
    button.click()
    expect(button).to_have_attribute("data-result", re.compile(r"^(cell|clipboard|failed)$"))
    assert button.get_attribute("data-result") == "cell", ui.diagnostics()
    expect(ui.cells).to_have_count(before + 1)
    new = opened.cell + 1
    ui.cell(new).scroll_into_view_if_needed()
    assert ui.source(new).rstrip() == shown
    assert ui.prompts()[new] == "[ ]:", "the inserted cell must not run by itself"
    expect(fix.locator(".tfhelp-insert-status")).to_have_text("Inserted as a new cell below")
    # Leave the notebook as it was for the other tests.
    ui.select(new)
    ui.page.keyboard.press("d")
    ui.page.keyboard.press("d")
    expect(ui.cells).to_have_count(before)


def test_language_switch(opened: Opened) -> None:
    ui, panel = opened.ui, opened.panel
    opened.reset()
    lang = panel.locator("button[data-action='lang']")
    title = panel.locator(".tfhelp-title")
    why = panel.locator("details[data-section='why']")
    why.locator("summary").click()  # an open section stays open in the other language
    lang.click()
    expect(lang).to_have_text("English")
    expect(title).to_contain_text(record(RECORD)["title_zh"])
    expect(panel.locator(".tfhelp-first-fix button[data-action='run']")).to_have_text("运行")
    expect(panel.locator("details[data-section='why']")).to_have_attribute("open", "")
    assert CJK.search(panel.locator(".tfhelp-summary").text_content() or "")
    ui.screenshot(f"{opened.theme}-chinese", panel, block="start")
    lang.click()
    expect(lang).to_have_text("中文")
    expect(title).to_contain_text(record(RECORD)["title"])
    assert not CJK.search(title.locator("b").text_content() or "")
    panel.locator("details[data-section='why'] summary").click()


def test_search_listing_opens_in_place(opened: Opened) -> None:
    ui = opened.ui
    index = ui.find_cell(SEARCH_CELL, exact=True)
    if not ui.cell(index).locator(".tfhelp-panel").count():
        ui.run_cell(index)
    panel = panel_of(ui, index)
    title = panel.locator(".tfhelp-title")
    expect(title).to_contain_text("Search results for")
    hits = panel.locator("button[data-action='open']")
    expect(hits.first).to_be_visible()
    count = hits.count()
    assert count >= 2
    target = hits.first.get_attribute("data-record")
    hits.first.click()
    expect(title.locator(".tfhelp-id")).to_have_text(target or "")
    panel.locator("button[data-action='back']").click()
    expect(title).to_contain_text("Search results for")
    expect(hits).to_have_count(count)


def test_copy_to_clipboard_in_lab_console(chromium: Any, lab_server: JupyterApp) -> None:
    """Where there is no notebook to add a cell to (a JupyterLab console), Insert says Copy and
    puts the snippet on the clipboard."""
    context = new_context(chromium, lab_server)
    try:
        page = context.new_page()
        page.goto(f"{lab_server.base_url}/lab/workspaces/console?token={lab_server.token}")
        page.locator(".jp-LauncherCard[data-category='Console']").first.click()
        prompt = page.locator(".jp-CodeConsole-input .cm-content")
        prompt.wait_for()
        lab_server.wait_for_session(lambda s: s.get("type") == "console", "the console")
        prompt.click()
        page.keyboard.insert_text(f"%load_ext tfhelp\n%tfhelp --id {RECORD}")
        page.keyboard.press("Shift+Enter")
        panel = page.locator(".jp-CodeConsole-content .tfhelp-live .tfhelp-panel").first
        expect(panel.locator(".tfhelp-title .tfhelp-id")).to_have_text(RECORD)
        fix = panel.locator(".tfhelp-first-fix")
        button = fix.locator("button[data-action='insert']")
        expect(button).to_have_attribute("data-mode", "clipboard")
        expect(button).to_have_text("Copy")
        button.click()
        expect(button).to_have_attribute("data-result", "clipboard")
        expect(fix.locator(".tfhelp-insert-status")).to_have_text("Copied to the clipboard")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        shown = fix.locator("pre.tfhelp-code").text_content() or ""
        assert copied.rstrip() == shown.rstrip()
        page.screenshot(path=str(ARTIFACTS / "lab-console-copy.png"))
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["lab", "notebook"])
def test_retired_panels_become_static_html(
    kind: str, chromium: Any, request: pytest.FixtureRequest
) -> None:
    """Beyond the live panels kept (here 2, set in the notebook), the oldest panel's output is
    replaced by the static HTML and its model closed: the page shows it as HTML, not as a
    broken widget."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    app: JupyterApp = request.getfixturevalue(f"{kind}_server")
    app.set_theme("light")
    nb = _notebook()
    setup = "%load_ext tfhelp\nimport tensorflow as tf\nimport tfhelp.render.widgets\n"
    nb.cells = [new_code_cell(setup + "tfhelp.render.widgets.LIVE.keep = 2")]
    nb.cells += [new_code_cell(f"tf.matmul(tf.ones([2, 3]), tf.ones([{n}, 5]))") for n in (4, 5, 6)]
    path = "retire.ipynb"
    nbformat.write(nb, app.root_dir / path)
    context = new_context(chromium, app)
    try:
        ui = NotebookUI(context.new_page(), app, path)
        ui.open(reset=True)
        for index in range(4):
            ui.run_cell(index)
        first, *rest = (ui.cell(i).locator(".jp-Cell-outputArea") for i in (1, 2, 3))
        for area in rest:
            expect(area.locator(".tfhelp-live .tfhelp-panel .tfhelp-id")).to_have_text(RECORD)
        first.scroll_into_view_if_needed()
        expect(first.locator(".tfhelp-live")).to_have_count(0)
        static = first.locator(".tfhelp-panel")
        expect(static.locator(".tfhelp-title .tfhelp-id")).to_have_text(RECORD)
        expect(static.locator("button")).to_have_count(0)  # the static form: no dead buttons
        expect(first).not_to_contain_text("Error displaying widget")
        ui.screenshot("retired-static", static)
    finally:
        context.close()
