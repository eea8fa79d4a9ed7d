"""Fresh IPython shells for the extension tests (one per test, cleared afterwards)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config


@pytest.fixture
def make_shell(tmp_path, monkeypatch) -> Iterator[Callable[..., InteractiveShell]]:
    """make_shell(config=None) -> a new InteractiveShell singleton with no history file."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        monkeypatch.delattr(sys, name, raising=False)
    made: list[InteractiveShell] = []

    def make(config: Config | None = None) -> InteractiveShell:
        InteractiveShell.clear_instance()
        cfg = config if config is not None else Config()
        cfg.HistoryManager.hist_file = ":memory:"
        cfg.InteractiveShell.colors = "nocolor"
        if "preload" not in cfg.TfHelp:  # tests choose their knowledge base themselves
            cfg.TfHelp.preload = False
        shell = InteractiveShell.instance(config=cfg)
        made.append(shell)
        return shell

    yield make
    from tfhelp.ipython.extension import unload

    for shell in made:
        unload(shell)
    InteractiveShell.clear_instance()


@pytest.fixture
def shell(make_shell, use_kb) -> InteractiveShell:
    """A shell with tfhelp loaded over the panel test records."""
    sh = make_shell()
    sh.run_line_magic("load_ext", "tfhelp")
    return sh
