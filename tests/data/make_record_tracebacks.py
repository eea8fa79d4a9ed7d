"""Regenerate tests/data/tracebacks/records/*.txt: each record's reproducer, run by real TensorFlow.

Run: python tests/data/make_record_tracebacks.py [ID ...]

Each reproducer runs in a fresh interpreter, once as a script (CPython's traceback format, in
<name>.txt) and once through IPython's InteractiveShell (IPython's format, <name>.ipython.txt),
so the paste tests read what users really see. The temporary folder in the script's path is
replaced by a fixed one, so that regenerating changes only what TensorFlow changed.
Records that raise nothing (silent), need another environment, or have no reproducer are skipped.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = HERE / "tracebacks" / "records"
STABLE_DIR = "/home/user/project"
TIMEOUT_S = 300

_IPYTHON_RUNNER = """
import sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance(colors="nocolor")
shell.run_cell(sys.stdin.read())
"""


def _env() -> dict[str, str]:
    return {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PATH": "/usr/bin:/bin",
        "CUDA_VISIBLE_DEVICES": "-1",
        "PYTHONHASHSEED": "0",
        "HOME": "/tmp",
    }


def _stable(text: str, tmp: str) -> str:
    """The temporary folder replaced (TF's op-definition stacks print it without the '/')."""
    return text.replace(tmp, STABLE_DIR).replace(tmp.lstrip("/"), STABLE_DIR.lstrip("/"))


def _run(args: list[str], cwd: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """A child Python run in the reproducer's folder; on timeout, one that printed nothing."""
    try:
        return subprocess.run(
            [sys.executable, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=_env(),
            cwd=cwd,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -1, "", "")


def run_one(name: str, code: str) -> tuple[str, str]:
    """(CPython traceback, IPython traceback) of one reproducer; '' where it raised nothing."""
    with tempfile.TemporaryDirectory(prefix="tfhelp-tb-") as tmp:
        script = Path(tmp) / f"{name.replace('-', '_')}.py"
        script.write_text(code, encoding="utf-8")
        err = _run([str(script)], tmp).stderr
        start = err.find("Traceback (most recent call last)")
        plain = _stable(err[start:], tmp) if start >= 0 else ""
        out = _run(["-c", _IPYTHON_RUNNER], tmp, stdin=code).stdout
        start = out.find("-" * 20)
        ipy = _stable(out[start:], tmp) if start >= 0 else ""
    return plain, ipy


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(REPO))
    from tfhelp.knowledge import bundled_records_dir, load_paths

    records = load_paths([bundled_records_dir()]).records
    wanted = set(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for record in records:
        rep = record.reproducer
        if record.silent or rep is None or rep.environment is not None:
            continue
        if record.verification_tier == "not_reproducible":
            continue
        name = record.id.rsplit("/", 1)[-1]
        if wanted and record.id not in wanted and name not in wanted:
            continue
        plain, ipy = run_one(name, rep.code)
        for suffix, text in (("txt", plain), ("ipython.txt", ipy)):
            path = OUT / f"{name}.{suffix}"
            if text.strip():
                path.write_text(text, encoding="utf-8")
            elif path.exists():
                path.unlink()
        print(f"{name}: {len(plain)} + {len(ipy)} chars", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
