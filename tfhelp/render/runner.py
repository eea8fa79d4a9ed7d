"""What the panel's Run button does: run a snippet in a fresh namespace and collect its output.

Snippets are whole programs (they import what they use and assert what they show), so they run
in a fresh namespace, never the user's: running one cannot overwrite the user's variables.
They run in the kernel's own process, so TensorFlow, already imported there, starts instantly.
A snippet that switches TensorFlow to graph mode (`graph_mode`) would change the user's session
for good, so it runs in a child Python process instead.
"""

from __future__ import annotations

import io
import linecache
import os
import subprocess
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from tfhelp.view import SnippetView

TIMEOUT_S = 300.0
MAX_OUTPUT = 20_000  # characters of output kept from a run


@dataclass(frozen=True)
class RunResult:
    """What one run printed, and whether it finished without an error."""

    ok: bool
    stdout: str
    stderr: str
    seconds: float
    where: str  # 'here' (fresh namespace in this process) or 'process' (a child interpreter)


def _trim(text: str) -> str:
    return text if len(text) <= MAX_OUTPUT else "…" + text[-MAX_OUTPUT:]


def run_snippet(snippet: SnippetView) -> RunResult:
    """Run a snippet the way the panel does; never raises (except KeyboardInterrupt)."""
    if snippet.graph_mode:
        return run_in_process(snippet.code)
    return run_here(snippet.code, f"<tfhelp snippet {snippet.id}>")


def run_here(code: str, filename: str = "<tfhelp snippet>") -> RunResult:
    """Run code in a fresh namespace of this process, capturing what it prints."""
    # Registered so that a traceback from the snippet shows its lines.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace: dict[str, object] = {"__name__": "__main__", "__file__": filename}
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    ok = True
    try:
        compiled = compile(code, filename, "exec")
        with redirect_stdout(out), redirect_stderr(err):
            exec(compiled, namespace)
    except KeyboardInterrupt:
        raise
    except SystemExit as exc:
        ok = exc.code in (None, 0)
    except BaseException as exc:
        ok = False
        tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
        err.write("".join(traceback.format_exception(type(exc), exc, tb)))
    return RunResult(ok, _trim(out.getvalue()), _trim(err.getvalue()), _since(start), "here")


def run_in_process(code: str, timeout: float = TIMEOUT_S) -> RunResult:
    """Run code in a child Python interpreter (for snippets that change global TF state)."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return RunResult(False, "", f"timed out after {timeout:.0f} s", _since(start), "process")
    except OSError as exc:
        return RunResult(False, "", f"could not start Python: {exc}", _since(start), "process")
    ok = done.returncode == 0
    return RunResult(ok, _trim(done.stdout), _trim(done.stderr), _since(start), "process")


def _since(start: float) -> float:
    return round(time.perf_counter() - start, 3)
