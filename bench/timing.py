"""Timing loops, percentiles and plain-text tables for the benchmark."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Summary of repeated timings, in seconds."""

    n: int
    best: float
    p50: float
    p99: float
    worst: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        ordered = sorted(samples)
        return cls(len(ordered), ordered[0], pct(ordered, 50), pct(ordered, 99), ordered[-1])


def pct(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def repeat(
    fn: Callable[[], object], reps: int, warmup: int = 2, cpu: list[float] | None = None
) -> list[float]:
    """Wall seconds taken by each of `reps` calls of fn (after a few untimed calls); the CPU
    seconds of each call are appended to `cpu` when it is given."""
    for _ in range(warmup):
        fn()
    clock, cpu_clock = time.perf_counter_ns, time.process_time_ns
    out: list[float] = []
    for _ in range(reps):
        start, cpu_start = clock(), cpu_clock()
        fn()
        end, cpu_end = clock(), cpu_clock()
        out.append((end - start) / 1e9)
        if cpu is not None:
            cpu.append((cpu_end - cpu_start) / 1e9)
    return out


@dataclass(frozen=True)
class Bound:
    """Repeated timings of one call: wall-clock stats and the worst CPU time (which a busy
    machine's scheduling does not inflate)."""

    wall: Stats
    cpu_worst: float


def bound(fn: Callable[[], object], reps: int, warmup: int = 1) -> Bound:
    """Wall and CPU seconds of `reps` calls of fn."""
    for _ in range(warmup):
        fn()
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(reps):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Bound(Stats.of(walls), max(cpus))


def once(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by a single call, and what it returned."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def fmt(seconds: float) -> str:
    """A duration with a readable unit."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "  ") -> str:
    """A left-aligned first column and right-aligned others, with a rule under the headers."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts.extend(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))
        return indent + "  ".join(parts).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def machine_line() -> str:
    """CPU count, load average and a calibration loop, so figures can be read in context."""
    calib = Stats.of(repeat(lambda: sum(range(1000)), 3000, warmup=50))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs, load average {load}; calibration loop sum(range(1000)): "
        f"best {calib.best * 1e6:.1f} µs, median {calib.p50 * 1e6:.1f} µs "
        "(an idle core of a recent x86 machine: about 10 µs for both)"
    )
