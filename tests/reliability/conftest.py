"""Fixtures for the attack tests: the IPython shells of tests/ipython, reused."""

from __future__ import annotations

from tests.ipython.conftest import make_shell, shell

__all__ = ["make_shell", "shell"]
