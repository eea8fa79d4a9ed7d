"""Proving records against the real TensorFlow: each snippet runs in its own Python process.

tfhelp never imports TensorFlow itself; the code under proof does, in a child interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tfhelp.model import PROVEN_TIERS, Record, Snippet

MARK = "@@TFHELP-PROVE@@"
TIMEOUT_S = 180.0

_RUN_REPRO = r"""
import json, sys
path = sys.argv[1]
code = open(path, encoding="utf-8").read()
ns = {"__name__": "__main__", "__file__": path}
out = {"raised": False}
try:
    exec(compile(code, path, "exec"), ns)
except BaseException as exc:
    import tfhelp
    out = {
        "raised": True,
        "type": type(exc).__name__,
        "classes": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:4000],
        "matches": [[m.record.id, m.score, m.reason] for m in tfhelp.diagnose(exc)],
    }
print("\n" + MARK + json.dumps(out))
""".replace("MARK", repr(MARK))


@dataclass
class SnippetResult:
    """What happened when one snippet ran."""

    snippet_id: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class ProofResult:
    """Everything proven (or not) about one record."""

    record_id: str
    problems: list[str] = field(default_factory=list)
    snippets: list[SnippetResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems and all(s.ok for s in self.snippets)


def _child_env(records_dirs: list[Path]) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    env["PYTHONHASHSEED"] = "0"
    if records_dirs:
        extra = os.pathsep.join(str(d) for d in records_dirs)
        env["TFHELP_RECORDS_PATH"] = extra
    return env


def _run_file(
    code: str, name: str, env: dict[str, str], wrapper: str | None = None
) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory(prefix="tfhelp-prove-") as tmp:
        path = Path(tmp) / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        argv = (
            [sys.executable, "-c", wrapper, str(path)] if wrapper else [sys.executable, str(path)]
        )
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, cwd=tmp
            )
        except subprocess.TimeoutExpired:
            return -9, "", f"timed out after {TIMEOUT_S:.0f} s"
        return done.returncode, done.stdout, done.stderr


def run_reproducer(record: Record, env: dict[str, str]) -> tuple[list[str], dict[str, object]]:
    """Run the record's reproducer; problems if it does not raise its error or is not matched."""
    assert record.reproducer is not None
    rep = record.reproducer
    rc, out, err = _run_file(rep.code, "reproducer", env, wrapper=_RUN_REPRO)
    if MARK not in out:
        return [f"reproducer crashed the interpreter (rc {rc}): {_tail(err)}"], {}
    data = json.loads(out.rsplit(MARK, 1)[1].strip().splitlines()[0])
    problems: list[str] = []
    if not data["raised"]:
        return ["reproducer ran without raising"], data
    if rep.raises not in data["classes"]:
        problems.append(f"reproducer raised {data['type']}, not {rep.raises}")
    if rep.message_contains not in data["message"]:
        problems.append(
            f"reproducer's message lacks {rep.message_contains!r}: {data['message'][:300]!r}"
        )
    matches = data["matches"]
    if not matches:
        problems.append("tfhelp.diagnose found no record for the reproducer's error")
    elif matches[0][0] != record.id:
        problems.append(f"tfhelp.diagnose ranked {matches[0][0]!r} first, not this record")
    return problems, data


def run_snippet(snippet: Snippet, env: dict[str, str]) -> SnippetResult:
    """Run a fix/recipe/check/demo snippet; it must exit cleanly (its asserts hold)."""
    import time

    start = time.perf_counter()
    rc, _, err = _run_file(snippet.code, f"snippet_{snippet.id.replace('-', '_')}", env)
    took = time.perf_counter() - start
    if rc == 0:
        return SnippetResult(snippet.id, True, "ran", took)
    return SnippetResult(snippet.id, False, f"exit {rc}: {_tail(err)}", took)


def prove(record: Record, records_dirs: list[Path] | None = None) -> ProofResult:
    """Check what the record's verification_tier claims, by running its code."""
    env = _child_env(records_dirs or [])
    result = ProofResult(record.id)
    tier = record.verification_tier
    if tier in ("reproduced", "verified") and record.reproducer is None:
        result.problems.append(f"tier {tier!r} needs a reproducer")
    if record.reproducer is not None and tier != "not_reproducible":
        problems, _ = run_reproducer(record, env)
        result.problems.extend(problems)
    if tier in PROVEN_TIERS or tier == "not_reproducible":
        for snippet in record.snippets:
            if snippet.kind == "repro":
                continue
            result.snippets.append(run_snippet(snippet, env))
    return result


def _tail(text: str, lines: int = 6) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return " | ".join(kept)[-800:]
