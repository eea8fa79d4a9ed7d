"""Driving a notebook page (JupyterLab 4 or Notebook 7) with Playwright, without fixed sleeps.

The selectors are the ones both front ends share (`.jp-Notebook`, `.jp-Cell`, the Run menu's
`runmenu:run-all` command); where they differ, the difference is named here and nowhere else.
Chromium is Debian's (/usr/bin/chromium, or $TFHELP_CHROMIUM), launched by Playwright through
`executable_path`: `playwright install` is never needed.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.browser.jupyter_app import JupyterApp, ServerError
from tests.paths import REPO

ARTIFACTS = REPO / "artifacts" / "browser"
CHROMIUM = os.environ.get("TFHELP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}
CELL = ".jp-Notebook .jp-Cell"
PROMPT = ".jp-InputArea-prompt"
RUN_ALL = ".lm-Menu-item[data-command='runmenu:run-all']"


class NotebookUI:
    """One open notebook page in a browser context."""

    def __init__(self, page: Any, app: JupyterApp, path: str) -> None:
        self.page = page
        self.app = app
        self.path = path
        self.console: list[str] = []
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    @property
    def kind(self) -> str:
        return self.app.kind

    # --- opening and running -------------------------------------------------------------------

    def open(self, timeout: float = 120.0, reset: bool = False) -> None:
        """Load the notebook page and wait until its kernel is idle and connected. `reset`: in
        JupyterLab, start from an empty workspace (not with the documents an earlier page left
        open, whose hidden cells would match the cell selectors too)."""
        url = self.app.notebook_url(self.path) + ("&reset" if reset else "")
        self.page.goto(url, wait_until="domcontentloaded")
        self.page.locator(CELL).first.wait_for(state="visible", timeout=timeout * 1000)
        self.app.wait_for_kernel(self.path, timeout=timeout)

    @property
    def cells(self) -> Any:
        return self.page.locator(CELL)

    def cell(self, index: int) -> Any:
        return self.cells.nth(index)

    def cell_count(self) -> int:
        return self.cells.count()

    def prompts(self) -> list[str]:
        """The input prompt of every cell ('' for Markdown cells), e.g. '[3]:', '[*]:', '[ ]:'."""
        return [state["prompt"] for state in self.cell_states()]

    def cell_states(self) -> list[dict[str, Any]]:
        """Per cell: its prompt and source ('' both, unless a code cell), and whether it's empty."""
        return self.page.eval_on_selector_all(
            CELL,
            f"""cells => cells.map(c => {{
                const code = c.classList.contains('jp-CodeCell');
                const p = c.querySelector('{PROMPT}');
                const lines = Array.from(c.querySelectorAll('.jp-InputArea .cm-content .cm-line'));
                const source = code ? lines.map(l => l.textContent).join('\\n') : '';
                return {{prompt: code && p ? p.textContent.trim() : '', source,
                         empty: !source.trim()}};
            }})""",
        )

    def pending(self) -> list[int]:
        """Code cells with text that have not run (no execution count)."""
        return [
            i
            for i, state in enumerate(self.cell_states())
            if state["prompt"] and not state["empty"] and not re.search(r"\[\d+\]", state["prompt"])
        ]

    def kernel_state(self) -> str:
        session = self.app.session_for(self.path) or {}
        return str((session.get("kernel") or {}).get("execution_state", ""))

    def run_all(self, timeout: float = 240.0) -> list[str]:
        """Run > Run All, then wait until the kernel has finished; returns the prompts."""
        before = self.prompts()
        self.menu("Run").click()
        self.page.locator(RUN_ALL).click()
        return self.wait_done(before, timeout)

    def run_cell(self, index: int, timeout: float = 180.0) -> list[str]:
        """Select one cell and press Shift+Enter; wait until the kernel has finished."""
        before = self.prompts()
        self.select(index)
        self.page.keyboard.press("Shift+Enter")
        return self.wait_done(before, timeout, index=index)

    def select(self, index: int) -> None:
        """Put one cell in command mode, selected (clicking its prompt area does that)."""
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-Cell-inputWrapper .jp-InputPrompt").first.click()
        self.page.keyboard.press("Escape")
        self.page.wait_for_function(
            "([sel, i]) => document.querySelectorAll(sel)[i].classList.contains('jp-mod-selected')"
            " || document.querySelectorAll(sel)[i].classList.contains('jp-mod-active')",
            arg=[CELL, index],
        )

    def wait_done(self, before: list[str], timeout: float, index: int | None = None) -> list[str]:
        """Wait until execution started (prompts changed), nothing is queued and the kernel idles.

        With `index`, "started" means that cell's prompt changed. Stable for two polls in a row,
        because the kernel idles for a moment between two queued cells.
        """
        deadline = time.monotonic() + timeout
        calm = 0
        prompts = before
        while time.monotonic() < deadline:
            prompts = self.prompts()
            if index is None:
                started = prompts != before
            else:
                started = index < len(prompts) and prompts[index] != before[index]
            busy = any("*" in p for p in prompts)
            if started and not busy and self.kernel_state() == "idle":
                calm += 1
                if calm >= 2:
                    return prompts
            else:
                calm = 0
            time.sleep(0.25)
        raise ServerError(
            f"execution did not finish in {timeout:.0f} s (prompts before {before}, now "
            f"{prompts}, kernel {self.kernel_state()!r})\n{self.app.log_tail(2000)}"
        )

    def menu(self, name: str) -> Any:
        """A top-level menu of the menu bar (same Lumino menu bar in Lab and Notebook 7)."""
        return self.page.locator(".lm-MenuBar-item").filter(
            has=self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{name}$"))
        )

    # --- cells' contents -----------------------------------------------------------------------

    def source(self, index: int) -> str:
        """The text in a code cell's editor (CodeMirror 6 holds one .cm-line per line)."""
        return str(self.cell_states()[index]["source"])

    def outputs(self, index: int) -> Any:
        return self.cell(index).locator(".jp-OutputArea-output")

    def find_cell(self, text: str, exact: bool = False) -> int:
        """The first code cell whose source is (or, unless exact, contains) `text`."""
        for index, state in enumerate(self.cell_states()):
            source = state["source"].strip()
            if state["prompt"] and (source == text.strip() or (not exact and text in source)):
                return index
        raise AssertionError(f"no code cell with {text!r} in {self.path}")

    def add_cell_at_end(self, code: str) -> int:
        """Type `code` into a new last code cell (reusing an empty one there); returns its index."""
        states = self.cell_states()
        index = len(states) - 1
        if not (states[index]["prompt"] and states[index]["empty"]):
            self.select(index)
            self.page.keyboard.press("b")  # command mode: a new code cell below
            index += 1
            self.page.wait_for_function(
                "([sel, n]) => document.querySelectorAll(sel).length > n", arg=[CELL, index]
            )
        self.cell(index).locator(".cm-content").click()
        self.page.keyboard.insert_text(code)
        return index

    def save(self) -> dict[str, Any]:
        """File > Save; once the page's PUT has been answered, the notebook as the server has it.

        The file is read only after the save's response: jupyter_server writes the file in
        place (after a backup copy), and a read that lands mid-write finds it empty, "recovers"
        the backup over it, and makes the save fail ("No such file or directory").
        """
        url = "/api/contents/" + urllib.parse.quote(self.path)

        def is_save(response: Any) -> bool:
            return response.request.method == "PUT" and url in response.url

        with self.page.expect_response(is_save) as info:
            self.menu("File").click()
            self.page.locator(".lm-Menu-item[data-command='docmanager:save']").click()
        response = info.value
        assert response.ok, f"saving failed: HTTP {response.status} {response.text()[:300]}"
        return self.app.read_notebook(self.path)

    # --- evidence ------------------------------------------------------------------------------

    def screenshot(self, name: str, element: Any = None, block: str = "center") -> Path:
        """Save artifacts/browser/<front end>-<name>.png, with `element` scrolled to `block`
        ('start', 'center' or 'end') of the notebook's view."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if element is not None:
            element.evaluate("(e, block) => e.scrollIntoView({block})", block)
        path = ARTIFACTS / f"{self.kind}-{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def diagnostics(self) -> str:
        """The browser console and the server's log tail, for assertion messages."""
        console = "\n".join(self.console[-40:])
        return f"--- browser console ---\n{console}\n--- server log ---\n{self.app.log_tail(2000)}"


def new_context(chromium: Any, app: JupyterApp) -> Any:
    """A fresh browser context (own storage) that may use the clipboard on the server's origin."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(60_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.base_url)
    return context


@contextlib.contextmanager
def open_ui(chromium: Any, app: JupyterApp, path: str) -> Iterator[NotebookUI]:
    """A fresh browser context with the notebook at `path` open and its kernel ready."""
    context = new_context(chromium, app)
    page = context.new_page()
    ui = NotebookUI(page, app, path)
    try:
        ui.open()
        yield ui
    finally:
        # The page may be gone already; the screenshot is only a courtesy.
        with contextlib.suppress(Exception):
            ui.screenshot("last")
        context.close()
