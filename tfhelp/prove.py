"""Proving records against the real TensorFlow, in child interpreters that tfhelp drives.

tfhelp never imports TensorFlow itself; the code under proof does, in a child. One long-lived child
per proof environment runs snippet after snippet, each in a fresh namespace and a fresh working
folder, and resets TensorFlow's global state between them, so TensorFlow is imported once rather
than once per snippet. Code that switches TensorFlow into v1 graph mode runs in a child of its own;
a child that crashes, hangs or leaks graph mode is replaced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tfhelp.model import PROVEN_TIERS, Record, Snippet, VersionProof

TIMEOUT_S = 180.0
RECYCLE_AFTER = 40  # tasks per child: bounds the memory a long proof run holds

# The child: reads one JSON task a line on stdin, answers one JSON line on the protocol channel
# (the original stdout); whatever the code prints goes to stderr.
_CHILD = r"""
import contextlib, json, os, sys, tempfile, traceback, warnings
proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr
work = tempfile.mkdtemp(prefix="tfhelp-prove-")
home = os.getcwd()
base_env = dict(os.environ)
base_path = list(sys.path)
base_filters = list(warnings.filters)

def reset():
    os.chdir(home)
    os.environ.clear()
    os.environ.update(base_env)
    sys.path[:] = base_path
    warnings.filters[:] = base_filters
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        with contextlib.suppress(Exception):
            tf.config.run_functions_eagerly(False)
        with contextlib.suppress(Exception):
            tf.data.experimental.disable_debug_mode()
    keras = sys.modules.get("keras")
    if keras is not None:
        with contextlib.suppress(Exception):
            keras.mixed_precision.set_global_policy("float32")
        with contextlib.suppress(Exception):
            keras.config.disable_unsafe_deserialization()
        with contextlib.suppress(Exception):
            keras.backend.clear_session()
    import gc
    gc.collect()
    return tf is None or bool(tf.executing_eagerly())

def run(task, n):
    folder = tempfile.mkdtemp(prefix=f"task{n}-", dir=work)
    path = os.path.join(folder, task["name"] + ".py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(task["code"])
    os.chdir(folder)
    ns = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    out = {"raised": False}
    try:
        exec(compile(task["code"], path, "exec"), ns)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            out = {"raised": True, "type": "SystemExit", "classes": ["SystemExit"],
                   "message": str(exc.code), "traceback": ""}
    except BaseException as exc:
        out = {
            "raised": True,
            "type": type(exc).__name__,
            "classes": [c.__name__ for c in type(exc).__mro__],
            "message": str(exc)[:4000],
            "traceback": "".join(traceback.format_exception(exc))[-3000:],
        }
        if task["match"]:
            import tfhelp
            out["matches"] = [
                [m.record.id, m.score, m.reason, dict(getattr(m, "values", {}))]
                for m in tfhelp.diagnose(exc)
            ]
        if task.get("fix"):
            import tfhelp
            out["fixes"] = [
                {"record_id": f.record_id, "kind": f.kind, "code": f.code, "diff": f.diff}
                for f in tfhelp.fix_code(exc, task["code"])
            ]
        exc = None
    ns.clear()
    if task["match"]:
        from tfhelp.signature.versions import installed_versions
        out["versions"] = installed_versions()
        out["legacy_keras"] = os.environ.get("TF_USE_LEGACY_KERAS") in ("1", "true", "True")
    out["eager"] = reset()
    return out

n = 0
for line in sys.stdin:
    n += 1
    result = run(json.loads(line), n)
    proto.write(json.dumps(result) + "\n")
"""


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


class ProofError(Exception):
    """The code under proof could not be run at all (no environment, a crashed interpreter)."""


def _root(root: Path | None) -> Path:
    return root or Path(os.environ.get("TFHELP_PROOF_ROOT", Path.cwd()))


def environment_python(environment: str | None, root: Path | None = None) -> Path:
    """The interpreter of a proof environment: `.venv-<name>` beside the records' repository."""
    if environment is None:
        return Path(sys.executable)
    python = _root(root) / f".venv-{environment}" / "bin" / "python"
    if not python.exists():
        raise ProofError(
            f"proof environment {environment!r} is not set up: no {python} "
            f"(build it with: bash .ci/proof-envs {environment})"
        )
    return python


def child_env(records_dirs: list[Path]) -> dict[str, str]:
    """The environment of a child interpreter: quiet TF, no GPU, the records under proof."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    env["PYTHONHASHSEED"] = "0"
    if records_dirs:
        env["TFHELP_RECORDS_PATH"] = os.pathsep.join(str(d) for d in records_dirs)
    return env


def environment_variables(environment: str | None, root: Path | None = None) -> dict[str, str]:
    """Variables a proof environment runs with: `.ci/envs/<name>.env`, KEY=VALUE lines."""
    if environment is None:
        return {}
    folders = (_root(root) / ".ci" / "envs", _root(root) / ".ci" / "matrix-envs")
    files = [f / f"{environment}.env" for f in folders]
    path = next((f for f in files if f.is_file()), None)
    if path is None:
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.lstrip().startswith("#"):
            found[key.strip()] = value.strip()
    return found


class _Child:
    """One long-lived interpreter running tasks."""

    def __init__(self, python: Path, env: dict[str, str]) -> None:
        # Closed in close(): the child writes to it for as long as it lives.
        self._log: IO[str] = tempfile.TemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", errors="replace"
        )
        self.proc = subprocess.Popen(
            [str(python), "-u", "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.tasks = 0

    def run(
        self, name: str, code: str, match: bool, timeout: float, fix: bool = False
    ) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.tasks += 1
        start = self._log.seek(0, os.SEEK_END)
        task = {"name": name, "code": code, "match": match, "fix": fix}
        try:
            self.proc.stdin.write(json.dumps(task) + "\n")
            self.proc.stdin.flush()
        except OSError as exc:
            raise ProofError(f"the interpreter is gone ({exc}): {self._tail(start)}") from None
        line = _read_line(self.proc.stdout, timeout)
        if line is None:
            self.close()
            raise ProofError(f"timed out after {timeout:.0f} s: {self._tail(start)}")
        if not line:
            code_ = self.proc.wait()
            raise ProofError(f"the interpreter crashed (rc {code_}): {self._tail(start)}")
        result: dict[str, Any] = json.loads(line)
        result["stderr"] = self._tail(start)
        return result

    def _tail(self, start: int) -> str:
        self._log.flush()
        self._log.seek(start)
        return _tail(self._log.read())

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._log.close()


def _read_line(stream: IO[str], timeout: float) -> str | None:
    """A line from the child, '' at its end, None when it took longer than timeout."""
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(stream, selectors.EVENT_READ)
        if not sel.select(timeout):
            return None
    return stream.readline()


class Prover:
    """Runs reproducers and snippets in long-lived children, one per proof environment."""

    def __init__(self, records_dirs: list[Path] | None = None, root: Path | None = None) -> None:
        self.env = child_env(records_dirs or [])
        self.root = root
        self._children: dict[str | None, _Child] = {}

    def __enter__(self) -> Prover:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End every child."""
        for child in self._children.values():
            child.close()
        self._children.clear()

    def _run(
        self,
        name: str,
        code: str,
        environment: str | None,
        match: bool,
        alone: bool,
        fix: bool = False,
    ) -> dict[str, Any]:
        python = environment_python(environment, self.root)
        env = {**self.env, **environment_variables(environment, self.root)}
        if alone:
            child = _Child(python, env)
            try:
                return child.run(name, code, match, TIMEOUT_S, fix)
            finally:
                child.close()
        child = self._children.get(environment)
        if child is None or child.proc.poll() is not None or child.tasks >= RECYCLE_AFTER:
            if child is not None:
                child.close()
            child = self._children[environment] = _Child(python, env)
        try:
            result = child.run(name, code, match, TIMEOUT_S, fix)
        except ProofError:
            self._children.pop(environment, None)
            child.close()
            raise
        if not result.get("eager", True):  # graph mode leaked: this child can't be trusted
            self._children.pop(environment, None)
            child.close()
        return result

    def reproducer(
        self, record: Record, environment: str | None = None
    ) -> tuple[list[str], dict[str, Any]]:
        """Run the reproducer: problems if it does not raise its error or is not matched first.

        `environment` runs it in another proof environment than the one it names (the matrix).
        """
        assert record.reproducer is not None
        rep = record.reproducer
        try:
            data = self._run("reproducer", rep.code, environment or rep.environment, True, False)
        except ProofError as exc:
            return [f"reproducer: {exc}"], {}
        if not data["raised"]:
            return ["reproducer ran without raising"], data
        problems: list[str] = []
        if rep.raises not in data["classes"]:
            problems.append(f"reproducer raised {data['type']}, not {rep.raises}")
        if rep.message_contains not in data["message"]:
            problems.append(
                f"reproducer's message lacks {rep.message_contains!r}: {data['message'][:300]!r}"
            )
        matches = data.get("matches") or []
        if not matches:
            problems.append("tfhelp.diagnose found no record for the reproducer's error")
        elif matches[0][0] != record.id:
            problems.append(f"tfhelp.diagnose ranked {matches[0][0]!r} first, not this record")
        return problems, data

    def run(
        self,
        code: str,
        name: str = "cell",
        *,
        match: bool = False,
        fix: bool = False,
        alone: bool = False,
    ) -> dict[str, Any]:
        """Run any code in the main environment's child: whether it raised, its class names
        (`classes`), `message` and `traceback`; with `match`, the records tfhelp.diagnose finds
        (`matches`); with `fix`, what tfhelp.fix_code offers (`fixes`: record_id, kind, code,
        diff). `alone`: in a child of its own."""
        return self._run(name, code, None, match, alone, fix)

    def snippet(self, snippet: Snippet) -> SnippetResult:
        """Run a fix/recipe/check/demo snippet: it must finish without raising."""
        start = time.perf_counter()
        name = f"snippet_{snippet.id.replace('-', '_')}"
        try:
            data = self._run(name, snippet.code, snippet.environment, False, snippet.graph_mode)
        except ProofError as exc:
            return SnippetResult(snippet.id, False, str(exc), time.perf_counter() - start)
        took = time.perf_counter() - start
        if not data["raised"]:
            return SnippetResult(snippet.id, True, "ran", took)
        detail = _tail(data.get("traceback") or f"{data['type']}: {data['message']}")
        return SnippetResult(snippet.id, False, detail, took)

    def prove(self, record: Record) -> ProofResult:
        """Check what the record's verification_tier claims, by running its code."""
        result = ProofResult(record.id)
        tier = record.verification_tier
        if tier in ("reproduced", "verified") and record.reproducer is None:
            result.problems.append(f"tier {tier!r} needs a reproducer")
        if record.reproducer is not None and tier != "not_reproducible":
            problems, _ = self.reproducer(record)
            result.problems.extend(problems)
        if tier in PROVEN_TIERS or tier == "not_reproducible":
            for snippet in record.snippets:
                if snippet.kind != "repro":
                    result.snippets.append(self.snippet(snippet))
        return result


def version_proof(record: Record, data: dict[str, Any]) -> VersionProof | None:
    """What a reproducer's run (Prover.reproducer's data) says of the record on that release."""
    versions = data.get("versions") or {}
    tf = versions.get("tensorflow")
    if not tf or record.reproducer is None:
        return None
    keras = versions.get("keras", "")
    if "tf-keras" in versions and data.get("legacy_keras"):
        keras = f"tf-keras {versions['tf-keras']}"
    if not data.get("raised"):
        return VersionProof(tensorflow=tf, keras=keras, outcome="no_error")
    first_line = _telling_line(str(data.get("message", "")))
    # The error is the record's when it arrives as a class the record names (Keras 2 raises
    # RuntimeError where Keras 3 raises ValueError for the same mistake); tfhelp must then
    # still rank the record first.
    expected = {record.reproducer.raises, *record.exception_types}
    if not expected.intersection(data.get("classes", [])):
        outcome = "other_error"
    else:
        matches = data.get("matches") or []
        outcome = "matched" if matches and matches[0][0] == record.id else "unmatched"
    return VersionProof(
        tensorflow=tf,
        keras=keras,
        outcome=outcome,
        raised=str(data.get("type", "")),
        message=first_line.strip()[:300],
    )


_WRAPPERS = (
    "graph execution error",
    "in user code",
    "detected at node",
    "file ",
    "exception encountered when calling",
    "traceback",
    "{{function_node",
)


def _telling_line(message: str) -> str:
    """The line of a message that says what went wrong, not the wrapper around it."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for line in lines:
        if not line.lower().startswith(_WRAPPERS):
            return line
    return lines[0] if lines else ""


def prove(record: Record, records_dirs: list[Path] | None = None) -> ProofResult:
    """Prove one record in children of its own."""
    with Prover(records_dirs) as prover:
        return prover.prove(record)


def _tail(text: str, lines: int = 8) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return " | ".join(kept)[-1200:]
