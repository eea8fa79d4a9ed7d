"""Bad input, continued: a record pack whose regexes are all accepted yet slow, and a good
record in the same pack (the pack of tests/reliability/test_hostile_packs.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from badinput import BadInputResult
from timing import bound, fmt

from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.signature import ErrorPart, Signature

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: its tests
from tests.reliability.packs import (  # after the path is set
    GOOD_ID,
    alternations,
    attack_message,
    exponential,
    polynomial,
    write_pack,
)


def _regexes() -> list[str]:
    """300 the `regex` engine backtracks on exponentially, 100 cubic `.*` chains, 20 of the
    widest alternations allowed."""
    return exponential(300) + polynomial(100) + alternations(20)


def run_hostile_pack(tmp: Path) -> list[BadInputResult]:
    """The first match after loading (regexes compiled inside the budget) and later ones."""
    folder = write_pack(tmp / "hostile-pack", _regexes())
    kb = KnowledgeBase.from_paths([folder])
    kb.matcher  # noqa: B018 - built at load (or by preload), not per error
    signature = Signature(
        error=ErrorPart("ValueError", "ValueError", ("ValueError",), attack_message(1 << 20))
    )
    start, cpu = time.perf_counter(), time.process_time()
    first = kb.matcher.match(signature)
    first_wall, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    later = bound(lambda: kb.matcher.match(signature), 10)
    found = bool(first) and first[0].record.id == GOOD_ID
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
