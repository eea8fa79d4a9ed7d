"""Fixtures for the attack tests: the IPython shells of tests/ipython, reused, and a clock on
the help the hook builds after each error."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.ipython.conftest import make_shell, shell

__all__ = ["make_shell", "shell", "time_help"]


def time_help(session: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Seconds the session's help took for each error from now on (IPython's own display of
    the traceback is not counted)."""
    timings: list[float] = []
    real = session.on_error

    def timed(value: BaseException, tb: Any) -> None:
        start = time.perf_counter()
        try:
            real(value, tb)
        finally:
            timings.append(time.perf_counter() - start)

    monkeypatch.setattr(session, "on_error", timed)
    return timings
