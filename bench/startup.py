"""Cold start in fresh processes: `tfhelp explain FILE` against `python -c pass`, and loading a
corpus from its compiled cache."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from timing import Stats

PYTHON = sys.executable
TFHELP = str(Path(PYTHON).with_name("tfhelp"))

_WARM_LOAD = """
import json, sys, time
import regex, tfhelp.knowledge_base, tfhelp.matching, tfhelp.search_index
from tfhelp.knowledge_base import KnowledgeBase
paths = sys.argv[1:]
w, c = time.perf_counter(), time.process_time()
kb = KnowledgeBase.from_paths(paths)
w1, c1 = time.perf_counter(), time.process_time()
kb.matcher
w2, c2 = time.perf_counter(), time.process_time()
kb.searcher
w3, c3 = time.perf_counter(), time.process_time()
kb.searcher.search("whlie_loop")
w4, c4 = time.perf_counter(), time.process_time()
print(json.dumps({"cached": kb.from_cache, "records": len(kb),
                  "load": [w1 - w, c1 - c], "matcher": [w2 - w1, c2 - c1],
                  "searcher": [w3 - w2, c3 - c2], "typo": [w4 - w3, c4 - c3],
                  "pydantic": "pydantic" in sys.modules}))
"""


_KERNEL_FIRST = """
import json, sys, threading, time
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
c = Config(); c.HistoryManager.hist_file = ":memory:"
shell = InteractiveShell.instance(config=c)
text = open(sys.argv[1], encoding="utf-8").read()
shell.run_line_magic("load_ext", "tfhelp")
for t in threading.enumerate():
    if t.name == "tfhelp-preload":
        t.join(60)
import tfhelp
t0 = time.perf_counter()
found = tfhelp.diagnose_text(text)
t1 = time.perf_counter()
print(json.dumps({"first_s": t1 - t0, "top": found[0].record.id if found else None}))
"""


def kernel_first_diagnose(env: dict[str, str], cwd: Path, traceback: Path) -> float:
    """The first diagnose_text in a fresh IPython shell after `%load_ext tfhelp` (whose
    preload reads the knowledge base in the background, as in a kernel)."""
    out = subprocess.run(
        [PYTHON, "-c", _KERNEL_FIRST, str(traceback)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["first_s"])


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of one child process, and the CPU seconds it used (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=False, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def explain_vs_pass(
    env: dict[str, str], cwd: Path, traceback: Path, runs: int
) -> tuple[Stats, Stats, Stats, Stats, int]:
    """Whole-process wall and CPU time of `tfhelp explain FILE` (cache warm) and of
    `python -c pass`, alternated in the same run; and the exit status of one explain run."""
    done = subprocess.run(
        [TFHELP, "explain", str(traceback)], env=env, cwd=cwd, capture_output=True, check=False
    )  # builds the cache and the bytecode once
    explain: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    for _ in range(runs):
        bare.append(_run([PYTHON, "-c", "pass"], env, cwd))
        explain.append(_run([TFHELP, "explain", str(traceback)], env, cwd))
    return (
        Stats.of([w for w, _ in explain]),
        Stats.of([c for _, c in explain]),
        Stats.of([w for w, _ in bare]),
        Stats.of([c for _, c in bare]),
        done.returncode,
    )


def explain_cold_cache(env: dict[str, str], cwd: Path, traceback: Path, folder: Path) -> float:
    """One `tfhelp explain FILE` with an empty cache folder (validates and compiles first)."""
    env = {**env, "TFHELP_CACHE_DIR": str(folder)}
    return _run([TFHELP, "explain", str(traceback)], env, cwd)[0]


def warm_load(env: dict[str, str], cwd: Path, paths: list[Path]) -> dict[str, object]:
    """Load + indexes of a corpus from its cache, in a fresh process with the modules imported
    first (their import is timed in section 1)."""
    out = subprocess.run(
        [PYTHON, "-c", _WARM_LOAD, *map(str, paths)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_env(cache: Path, pycache: Path) -> dict[str, str]:
    """The environment of the fresh processes: bytecode cached (as installed), one cache dir."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(pycache), "TFHELP_CACHE_DIR": str(cache)}
