"""Telling the user's own frames from library frames."""

from __future__ import annotations

import re
import sys
import sysconfig

_LIBRARY_MARKERS = (
    "site-packages",
    "dist-packages",
    "__autograph_generated_file",
    "<frozen ",
    "/IPython/",
    "/ipykernel/",
    "/tensorflow/",
    "/keras/",
)
_USER_NOTEBOOK = re.compile(r"(ipykernel_\d+|<ipython-input-|Cell In\[|<stdin>|<string>)")


def _stdlib_dirs() -> tuple[str, ...]:
    dirs = {sysconfig.get_paths().get("stdlib", ""), sysconfig.get_paths().get("platstdlib", "")}
    return tuple(d for d in dirs if d)


_STDLIB = _stdlib_dirs()
_PREFIXES = tuple({sys.base_prefix, sys.prefix})


def is_user_file(filename: str) -> bool:
    """True for the user's code: notebook cells, scripts and modules outside installed packages."""
    if _USER_NOTEBOOK.search(filename):
        return True
    normalized = filename.replace("\\", "/")
    if any(marker in normalized for marker in _LIBRARY_MARKERS):
        return False
    return not (_STDLIB and filename.startswith(_STDLIB))
