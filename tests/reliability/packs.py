"""Record packs written to attack tfhelp: every record in them is valid, yet costly to match."""

from __future__ import annotations

import json
from pathlib import Path

GOOD_ID = "attack/good-record"
GOOD_MESSAGE = "Good record marker 7"  # the good record's regex is `Good record marker \d+`


def record(rid: str, regex: str, signature: str = "ValueError: a hostile record") -> dict:
    """The smallest valid record around a regex."""
    return {
        "id": rid,
        "signature": signature,
        "regex": regex,
        "exception_types": ["ValueError"],
        "title": "A record written to attack the matcher",
    }


def write_pack(folder: Path, regexes: list[str], good: bool = True) -> Path:
    """One file per regex (ids attack/r0000...), then the good record, last in file order."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, regex in enumerate(regexes):
        path = folder / f"r{i:05d}.json"
        path.write_text(json.dumps(record(f"attack/r{i:05d}", regex)), encoding="utf-8")
    if good:
        body = record(GOOD_ID, r"Good record marker \d+", "ValueError: Good record marker 1")
        (folder / "zz-good.json").write_text(json.dumps(body), encoding="utf-8")
    return folder


def exponential(count: int) -> list[str]:
    """Accepted by the static check (the standard parser merges `b|\\w` into one class), yet
    the `regex` engine backtracks exponentially on `zq<i>a` followed by many b's."""
    return [f"zq{i}a(?:b|\\w)*!" for i in range(count)]


def polynomial(count: int) -> list[str]:
    """Three `.*` gaps between literals: cubic work on a message that repeats the literals."""
    return [f"yk{i}x.*kk.*kk.*XYZ" for i in range(count)]


def alternations(count: int) -> list[str]:
    """64-way alternations (the most a group may hold) of long words, near the length limit."""
    return [
        "(?:" + "|".join(f"alt{i}w{j}{'q' * 20}" for j in range(64)) + ")!" for i in range(count)
    ]


def attack_message(size: int) -> str:
    """A message of `size` characters that wakes every record above and makes each one work:
    the literals they need, then the runs they backtrack over, in the part that is matched
    (the first 3 KB and the last 1 KB of a message)."""
    words = " ".join(f"alt{i}w{i % 64}{'q' * 20}" for i in range(20))
    chains = "".join(f"yk{i}x" for i in range(100)) + " kk" * 60
    runs = "".join(f"zq{i}a" for i in range(300))
    head = f"xyz {GOOD_MESSAGE} {words} {chains} {runs}"
    head += "b" * max(0, 3000 - len(head))
    tail = runs[-500:] + "b" * 500
    filler = "0.1234 " * (max(0, size - len(head) - len(tail)) // 7 + 1)
    return (head + filler)[: max(len(head), size - len(tail))] + tail
