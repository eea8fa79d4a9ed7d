"""Fixtures of the browser tier: one headless Chromium per run, one Jupyter server per front end.

Nothing here skips: when Playwright or Chromium is missing the tests fail and say what to
install (CI installs Chromium with .ci/browser-deps; Playwright comes with the `test` extra).
Chromium is Debian's (/usr/bin/chromium, or $TFHELP_CHROMIUM); `playwright install` is never
needed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.jupyter_app import JupyterApp, Kind
from tests.browser.ui import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by Playwright (fails, never skips, when either is missing)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(
            f"Playwright (Python) is not installed ({exc}): install the test extra, "
            "`pip install -e .[test]`; the browser tests cannot run without it",
            pytrace=False,
        )
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `bash .ci/browser-deps` (Debian's chromium "
            "package) or set TFHELP_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):  # screenshots of an earlier run would mislead
        old.unlink()
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
    except Exception as exc:
        playwright.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start under Playwright: {exc}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


def _serve(kind: Kind) -> Iterator[JupyterApp]:
    workdir = Path(tempfile.mkdtemp(prefix=f"tfhelp-browser-{kind}-"))
    app = JupyterApp(kind, workdir)
    try:
        app.start()
        yield app
    finally:
        app.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def lab_server() -> Iterator[JupyterApp]:
    """A JupyterLab 4 server over a temporary root folder."""
    yield from _serve("lab")


@pytest.fixture(scope="module")
def notebook_server() -> Iterator[JupyterApp]:
    """A Notebook 7 server over a temporary root folder."""
    yield from _serve("notebook")
