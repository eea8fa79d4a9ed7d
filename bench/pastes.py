"""The text path on real pastes: tests/data/pastes/*.txt (issue threads), and one 100 MB paste."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from timing import Stats, bound, repeat

from tfhelp.knowledge_base import KnowledgeBase

PASTES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pastes"
MB = 1 << 20
PER_MB_LIMIT = 0.100  # the text path must stay well under this, per MB of paste


@dataclass(frozen=True)
class Paste:
    """One real paste and what its side file says of it."""

    name: str
    data: bytes
    expect: str | None
    tf: bool


@dataclass(frozen=True)
class PasteRun:
    """Timings of the text path over the corpus, and how many pastes found what they should."""

    pastes: int
    chars: tuple[int, int]
    per_paste: Stats
    cpu: Stats
    expected: int
    expected_first: int
    not_tf: int
    not_tf_clean: int
    unlabelled: int
    unlabelled_found: int
    big_mb: float
    big_wall: Stats
    big_cpu_worst: float


def load() -> list[Paste]:
    """The pastes that have a side .json (in name order)."""
    out = []
    for meta_path in sorted(PASTES.glob("*.json")):
        text_path = meta_path.with_suffix(".txt")
        if not text_path.is_file():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append(
            Paste(text_path.name, text_path.read_bytes(), meta.get("expect"), meta.get("tf", True))
        )
    return out


def big_paste(tail: bytes, size: int = 100 * MB) -> bytes:
    """A training log of `size` bytes that ends in an error (what `2>&1 | tfhelp explain` gets)."""
    line = b"Epoch 3/50 - 1875/1875 [==============================] - loss: 0.2412 - acc: 0.91\n"
    return line * (size // len(line)) + tail


def run(kb: KnowledgeBase, pastes: list[Paste], reps: int, big_reps: int) -> PasteRun:
    """kb.explain_text on every paste, `reps` times each; then on the 100 MB paste."""
    samples: list[float] = []
    cpu: list[float] = []
    expected = expected_first = not_tf = not_tf_clean = unlabelled = unlabelled_found = 0
    for paste in pastes:
        samples.extend(repeat(lambda p=paste: kb.explain_text(p.data), reps, warmup=1, cpu=cpu))
        found = kb.explain_text(paste.data)[1]
        top = found[0].record.id if found else None
        if paste.expect:
            expected += 1
            expected_first += top == paste.expect
        elif not paste.tf:
            not_tf += 1
            not_tf_clean += top is None
        else:
            unlabelled += 1
            unlabelled_found += top is not None
    tail = next(
        (p.data for p in pastes if p.expect), b"ValueError: No gradients provided for any variable"
    )
    big = big_paste(tail)
    timed = bound(lambda: kb.explain_text(big), big_reps)
    sizes = [len(p.data) for p in pastes] or [0]
    return PasteRun(
        len(pastes),
        (min(sizes), max(sizes)),
        Stats.of(samples or [0.0]),
        Stats.of(cpu or [0.0]),
        expected,
        expected_first,
        not_tf,
        not_tf_clean,
        unlabelled,
        unlabelled_found,
        len(big) / MB,
        timed.wall,
        timed.cpu_worst,
    )
