"""deadends.dev 0.9.0's own lookup (its bundled corpus), timed on the same texts as tfhelp."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any


@dataclass(frozen=True)
class Peer:
    """The peer's lookup function, version and corpus size."""

    version: str
    lookup_all: Callable[[str], list[dict[str, Any]]]
    corpus_size: int
    cold_seconds: float


def load_peer() -> Peer | None:
    """deadends-dev's `generator.lookup`, warmed up; None when it is not installed."""
    import time

    try:
        version = metadata.version("deadends-dev")
        from generator import lookup as dl  # deadends-dev ships its code as `generator`
    except (metadata.PackageNotFoundError, ImportError):
        return None
    start = time.perf_counter()
    dl.lookup_all("ValueError: warm-up")  # loads and compiles its whole corpus once
    cold = time.perf_counter() - start
    return Peer(version, dl.lookup_all, len(dl._load_canons()), cold)
