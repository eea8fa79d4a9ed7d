"""Bad input: how long matching can take on a huge message and on hostile regexes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing import bound, fmt, once

from tfhelp.knowledge.deadends import convert_canon
from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.model import Record
from tfhelp.regexsafety import check_pattern
from tfhelp.signature import ErrorPart, Signature, from_text

MB = 1 << 20
LIMIT = 0.100  # every bad-input case must stay well under this
CATASTROPHIC = r"(a+)+$"
POLY3 = r"Dimensions must be equal.*MatMul.*input shapes"
POLY4 = r"Dimensions must be equal.*but are.*MatMul.*input shapes"
_HEADER = (
    "Traceback (most recent call last):\n"
    '  File "/home/user/train.py", line 41, in <module>\n'
    "    model.fit(dataset, epochs=3)\n"
)


@dataclass(frozen=True)
class BadInputResult:
    """One bad-input case: its timings, and the summary line it feeds (if any)."""

    what: str
    p50: float  # wall clock
    worst: float  # wall clock
    cpu: float  # worst CPU time
    note: str = ""
    target: str | None = None
    ok: bool | None = None  # None: judged by `judged` < LIMIT
    summary: str = ""
    total: float | None = None  # the CPU time the target judges, when not `cpu`

    @property
    def judged(self) -> float:
        """The CPU time the summary line shows and judges."""
        return self.cpu if self.total is None else self.total


def _record(regex: str, rid: str = "bench/hostile") -> dict[str, object]:
    return {
        "id": rid,
        "signature": "ValueError: a hostile record",
        "regex": regex,
        "exception_types": ["ValueError"],
        "title": "A record written to stress the matcher",
    }


def _numbers_blob(size: int) -> str:
    """A tensor printout, the usual way a message grows to megabytes."""
    row = "[" + " ".join(f"{(i * 7919 % 10000) / 10000:.4f}" for i in range(12)) + "]\n"
    return ("tf.Tensor(\n[" + row * (size // len(row) + 1))[:size]


def _wording_blob(kb: KnowledgeBase, size: int) -> str:
    """Every record's own wording, over and over: a message that wakes up many candidates."""
    lines: list[str] = []
    total = 0
    while total < size:
        for record in kb.records:
            lines.append(record.signature)
            total += len(record.signature) + 1
            if total >= size:
                break
    return "\n".join(lines)[:size]


def _huge_messages(kb: KnowledgeBase) -> list[BadInputResult]:
    out: list[BadInputResult] = []
    matcher = kb.matcher
    cases = {
        "1 MB tensor printout": "ValueError: Unexpected value " + _numbers_blob(MB),
        "1 MB of record wordings": "InvalidArgumentError: " + _wording_blob(kb, MB),
    }
    for label, message in cases.items():
        text = _HEADER + message
        extract = bound(lambda text=text: from_text(text), 5)
        sig = from_text(text)
        assert sig is not None
        match = bound(lambda sig=sig: matcher.match(sig), 10)
        out.append(
            BadInputResult(
                f"{label}: from_text",
                extract.wall.p50,
                extract.wall.worst,
                extract.cpu_worst,
                f"{len(text) // 1024} KiB of text",
            )
        )
        out.append(
            BadInputResult(
                f"{label}: match at {len(kb)}",
                match.wall.p50,
                match.wall.worst,
                match.cpu_worst,
                f"{len(matcher.match(sig))} matches",
                target=f"{label}: extract + match ≪ 100 ms",
                summary=f"wall: extract {fmt(extract.wall.worst)} + match {fmt(match.wall.worst)}",
                total=extract.cpu_worst + match.cpu_worst,
            )
        )
    raw = Signature(
        error=ErrorPart("ValueError", "ValueError", ("ValueError", "Exception"), _numbers_blob(MB))
    )
    match = bound(lambda: matcher.match(raw), 10)
    out.append(
        BadInputResult(
            f"raw 1 MB message, no from_text bound: match at {len(kb)}",
            match.wall.p50,
            match.wall.worst,
            match.cpu_worst,
            "the matcher's own 4 KB subject cut",
            target="1 MB message straight to the matcher ≪ 100 ms",
            summary=f"wall: {fmt(match.wall.worst)}",
        )
    )
    return out


def _catastrophic(kb: KnowledgeBase, tmp: Path) -> tuple[list[BadInputResult], list[str]]:
    notes: list[str] = []
    out: list[BadInputResult] = []
    raw_times = []
    for n in (16, 18, 20):
        seconds, _ = once(lambda n=n: re.search(CATASTROPHIC, "a" * n + "!"))
        raw_times.append(f"n={n}: {fmt(seconds)}")
    notes.append(
        f"plain re.search({CATASTROPHIC!r}, 'a'*n + '!'): {', '.join(raw_times)}"
        " (doubles with every character)"
    )
    try:
        Record.model_validate(_record(CATASTROPHIC))
        refused = "ACCEPTED (should be refused)"
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        refused = "refused: " + str(exc).splitlines()[2].strip()[:150]
    notes.append(f"Record with regex {CATASTROPHIC!r}: {refused}")
    folder = tmp / "hostile"
    folder.mkdir(exist_ok=True)
    (folder / "hostile.json").write_text(json.dumps(_record(CATASTROPHIC)), encoding="utf-8")
    hostile_kb = KnowledgeBase.from_paths([folder])
    problem = str(hostile_kb.problems[0]) if hostile_kb.problems else "no problem reported"
    notes.append(f"a record file with it loads as: {len(hostile_kb)} records; {problem[-150:]}")
    canon = {
        "schema_version": "1.0",
        "id": "x/hostile/linux",
        "verdict": {"summary": ""},
        "error": {"signature": "aaaa failure", "regex": CATASTROPHIC},
    }
    notes.append(f"a deadends canon with it converts to regex {convert_canon(canon)['regex']!r}")
    sig = Signature(error=ErrorPart("ValueError", "ValueError", ("ValueError",), "a" * 5000 + "!"))
    match = bound(lambda: kb.matcher.match(sig), 20)
    ok = refused.startswith("refused") and match.cpu_worst < LIMIT
    out.append(
        BadInputResult(
            f"'a'*5000 + '!' (the (a+)+$ attack): match at {len(kb)}",
            match.wall.p50,
            match.wall.worst,
            match.cpu_worst,
            "the pattern never gets in",
            target="catastrophic regex (a+)+$ refused; attack text ≪ 100 ms",
            ok=ok,
            summary=f"{refused[:7]}; wall: {fmt(match.wall.worst)}",
        )
    )
    return out, notes


_UNIT = "Dimensions must be equal, but are 3 and 4 for MatMul. "
_SIZES = (1024, 4096)  # 4 KB: the most of a message the matcher ever reads (its subject cut)


def _poly_message(size: int) -> str:
    """Every literal of the POLY regexes, the last one first, then the others over and over."""
    return "input shapes: [2,3], [4,5]. " + (_UNIT * (size // len(_UNIT) + 1))[:size]


_POLY_MATCH_CHILD = """
import json, sys, time
from pathlib import Path
from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.signature import ErrorPart, Signature
sys.path.insert(0, sys.argv[2])
from badinput import _poly_message
kb = KnowledgeBase.from_paths([Path(sys.argv[1])])
sizes = [int(x) for x in sys.argv[3].split(",")]
def sig(message):
    return Signature(error=ErrorPart("ValueError", "ValueError", ("ValueError",), message))
kb.matcher.match(sig("warm-up"))
for size in sizes:
    s = sig(_poly_message(size))
    times, cpus = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        found = kb.matcher.match(s)
        cpus.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
    print(json.dumps({"size": size, "seconds": sorted(times), "cpu": max(cpus),
                      "found": len(found)}), flush=True)
"""

_PLAIN_RE_CHILD = """
import re, sys, time
sys.path.insert(0, sys.argv[3])
from badinput import _poly_message
pattern = re.compile(sys.argv[1], re.IGNORECASE | re.DOTALL)
text = "ValueError: " + _poly_message(int(sys.argv[2]))
t = time.perf_counter()
pattern.search(text)
print(time.perf_counter() - t)
"""


def _chains(count: int) -> list[str]:
    """`count` different accepted `.*` chains, each ending in the literal the message holds
    only at its start, so that every one of them backtracks on _poly_message."""
    words = ("Dimensions", "must be equal", "but are", "3 and 4", "for MatMul", "equal, but")
    chains = [f"{a}.*{b}.*input shapes" for a in words for b in words if a != b]
    chains += [
        f"{a}.*{b}.*{c}.*input shapes"
        for a in words
        for b in words
        for c in words
        if len({a, b, c}) == 3
    ]
    return chains[:count]


def _run_match_child(folder: Path, sizes: Sequence[int]) -> list[dict[str, Any]]:
    here = str(Path(__file__).resolve().parent)
    proc = subprocess.run(
        [sys.executable, "-c", _POLY_MATCH_CHILD, str(folder), here, ",".join(map(str, sizes))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _plain_re(regex: str, size: int, timeout: float) -> str:
    here = str(Path(__file__).resolve().parent)
    try:
        plain = subprocess.run(
            [sys.executable, "-c", _PLAIN_RE_CHILD, regex, str(size), here],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"plain re alone: > {timeout:.0f} s (killed)"
    return f"plain re alone: {fmt(float(plain.stdout))}"


def _polynomial(tmp: Path, timeout: float) -> tuple[list[BadInputResult], list[str]]:
    """Regexes the safety check accepts (no nested repeat) whose `.*` gaps backtrack
    polynomially: a message holding every literal, the last one first, the others many times."""
    out: list[BadInputResult] = []
    notes = [
        f"check_pattern({POLY3!r}) -> {check_pattern(POLY3)} (accepted);"
        f" {POLY4!r} -> {check_pattern(POLY4)}"
    ]
    worst = worst_cpu = 0.0
    for name, regex in (("poly3", POLY3), ("poly4", POLY4)):
        folder = tmp / name
        folder.mkdir(exist_ok=True)
        (folder / "r.json").write_text(json.dumps(_record(regex, f"bench/{name}")), "utf-8")
        for row in _run_match_child(folder, _SIZES):
            times = sorted(float(t) for t in row["seconds"])
            worst, worst_cpu = max(worst, times[-1]), max(worst_cpu, float(row["cpu"]))
            size = int(row["size"])
            out.append(
                BadInputResult(
                    f"{size // 1024} KB message vs one record {regex!r}",
                    times[len(times) // 2],
                    times[-1],
                    float(row["cpu"]),
                    f"{row['found']} matches; {_plain_re(regex, size, timeout)}",
                )
            )
    folder = tmp / "poly-many"
    folder.mkdir(exist_ok=True)
    chains = _chains(50)
    for i, regex in enumerate(chains):
        (folder / f"r{i}.json").write_text(json.dumps(_record(regex, f"bench/chain-{i}")), "utf-8")
    for row in _run_match_child(folder, (4096,)):
        times = sorted(float(t) for t in row["seconds"])
        worst, worst_cpu = max(worst, times[-1]), max(worst_cpu, float(row["cpu"]))
        out.append(
            BadInputResult(
                f"4 KB message vs {len(chains)} such records at once",
                times[len(times) // 2],
                times[-1],
                float(row["cpu"]),
                f"{row['found']} matches; the per-match budget stops it",
            )
        )
    out.append(
        BadInputResult(
            "worst of the accepted `.*`-chain cases above",
            worst,
            worst,
            worst_cpu,
            "",
            target="accepted `.*`-chain regexes (1 or 50 records): match ≪ 100 ms",
            summary=f"wall: {fmt(worst)}; bounded by regex timeouts only",
        )
    )
    return out, notes


def run_bad_input(
    kb: KnowledgeBase, tmp: Path, timeout: float = 5.0
) -> tuple[list[BadInputResult], list[str]]:
    """All bad-input cases against the given (large) knowledge base, and lines to print."""
    results = _huge_messages(kb)
    more, notes = _catastrophic(kb, tmp)
    results.extend(more)
    poly, poly_notes = _polynomial(tmp, timeout)
    results.extend(poly)
    from hostile import run_hostile_pack  # imports this module: loaded here, not at the top

    results.extend(run_hostile_pack(tmp))
    return results, notes + poly_notes
