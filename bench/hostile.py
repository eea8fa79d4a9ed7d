"""Bad input, continued: a record pack whose regexes are all accepted yet slow, and a good
record in the same pack (the pack of tests/reliability/test_hostile_packs.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from badinput import BadInputResult
from timing import bound, fmt

from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.signature import ErrorPart, Signature

GOOD = "bench/good-record"


def _record(rid: str, regex: str, signature: str = "ValueError: a hostile record") -> str:
    return json.dumps(
        {
            "id": rid,
            "signature": signature,
            "regex": regex,
            "exception_types": ["ValueError"],
            "title": "A record written to attack the matcher",
        }
    )


def _regexes() -> list[str]:
    """300 the `regex` engine backtracks on exponentially (the standard parser, which the
    safety check reads, merges `b|\\w` into one class), 100 cubic `.*` chains, 20 of the
    widest alternations allowed."""
    exponential = [f"zq{i}a(?:b|\\w)*!" for i in range(300)]
    cubic = [f"yk{i}x.*kk.*kk.*XYZ" for i in range(100)]
    wide = ["(?:" + "|".join(f"alt{i}w{j}{'q' * 20}" for j in range(64)) + ")!" for i in range(20)]
    return exponential + cubic + wide


def _message(size: int) -> str:
    words = " ".join(f"alt{i}w{i % 64}{'q' * 20}" for i in range(20))
    chains = "".join(f"yk{i}x" for i in range(100)) + " kk" * 60
    runs = "".join(f"zq{i}a" for i in range(300))
    head = f"xyz Good record marker 7 {words} {chains} {runs}"
    head += "b" * max(0, 3000 - len(head))
    tail = runs[-500:] + "b" * 500
    filler = "0.1234 " * (max(0, size - len(head) - len(tail)) // 7 + 1)
    return (head + filler)[: max(len(head), size - len(tail))] + tail


def run_hostile_pack(tmp: Path) -> list[BadInputResult]:
    """The first match after loading (regexes compiled inside the budget) and later ones."""
    folder = tmp / "hostile-pack"
    folder.mkdir(exist_ok=True)
    for i, regex in enumerate(_regexes()):
        (folder / f"r{i:05d}.json").write_text(_record(f"bench/r{i:05d}", regex), "utf-8")
    good = _record(GOOD, r"Good record marker \d+", "ValueError: Good record marker 1")
    (folder / "zz-good.json").write_text(good, "utf-8")
    kb = KnowledgeBase.from_paths([folder])
    kb.matcher  # noqa: B018 - built at load (or by preload), not per error
    signature = Signature(
        error=ErrorPart("ValueError", "ValueError", ("ValueError",), _message(1 << 20))
    )
    start, cpu = time.perf_counter(), time.process_time()
    first = kb.matcher.match(signature)
    first_wall, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    later = bound(lambda: kb.matcher.match(signature), 10)
    found = bool(first) and first[0].record.id == GOOD
    return [
        BadInputResult(
            f"{len(kb) - 1} accepted-but-slow regexes + 1 good record, 1 MB message: first match",
            first_wall,
            first_wall,
            first_cpu,
            "compiling ~420 regexes included",
        ),
        BadInputResult(
            "  the same, later matches",
            later.wall.p50,
            later.wall.worst,
            later.cpu_worst,
            f"good record first: {found}",
            target="slow accepted regexes cannot starve a good record; match ≪ 100 ms",
            ok=found and max(first_cpu, later.cpu_worst) < 0.1,
            summary=f"found: {found}; wall: first {fmt(first_wall)}, then {fmt(later.wall.worst)}",
            total=max(first_cpu, later.cpu_worst),
        ),
    ]
