"""Loading and unloading the extension in a shell: `%load_ext`, `%unload_ext`, `%reload_ext tfhelp`.

Loading installs the exception hook and the %tfhelp and %%tfhelp magics, and registers the
TfHelp settings with the shell (so `%config TfHelp.lang = 'zh'` works). It imports neither
TensorFlow nor ipywidgets and loads no records: that happens at the first error or search.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from tfhelp.ipython.config import TfHelp
from tfhelp.ipython.hook import ExceptionHook
from tfhelp.ipython.magics import TfHelpMagics
from tfhelp.ipython.session import Session


class Loaded:
    """What load() put into one shell, so that unload() can take exactly that out again."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.settings = TfHelp(parent=shell)
        self.session = Session(shell, self.settings)
        self.hook = ExceptionHook(self.session)
        self.magics = TfHelpMagics(shell, self.session)


# One entry per shell (by id); kept here, not in tfhelp/__init__, because %reload_ext reloads that.
_loaded: dict[int, Loaded] = {}


def loaded(shell: Any) -> Loaded | None:
    """tfhelp's state in this shell, if loaded."""
    state = _loaded.get(id(shell))
    return state if state is not None and state.shell is shell else None


def load(shell: Any) -> None:
    """Install tfhelp in the shell (a second call does nothing)."""
    if loaded(shell) is not None:
        return
    state = Loaded(shell)
    state.hook.install(shell)
    shell.register_magics(state.magics)
    configurables = getattr(shell, "configurables", None)
    if isinstance(configurables, list):
        configurables.append(state.settings)
    _loaded[id(shell)] = state
    if state.settings.preload:
        state.session.preload()


def unload(shell: Any) -> None:
    """Remove tfhelp: the hook (restoring the previous handler), the magics and the settings."""
    state = loaded(shell)
    if state is None:
        return
    del _loaded[id(shell)]
    state.hook.uninstall(shell)
    manager = shell.magics_manager
    if manager.magics["line"].get("tfhelp") == state.magics.tfhelp:
        del manager.magics["line"]["tfhelp"]
    if manager.magics["cell"].get("tfhelp") == state.magics.tfhelp_paste:
        del manager.magics["cell"]["tfhelp"]
    manager.registry.pop(type(state.magics).__name__, None)
    configurables = getattr(shell, "configurables", None)
    if isinstance(configurables, list) and state.settings in configurables:
        configurables.remove(state.settings)
    # Live panels become their static form and their models close (only if any were shown:
    # unloading never imports the widget renderer).
    widgets = sys.modules.get("tfhelp.render.widgets")
    if widgets is not None:
        with contextlib.suppress(Exception):  # a closed comm must not stop the unload
            widgets.LIVE.clear()
