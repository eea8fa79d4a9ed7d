"""The committed traceback texts in bench/data (made by make_fixtures.py) and the search queries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

QUERIES: tuple[str, ...] = (
    "while_loop",
    "whlie_loop",  # a typo: found through the one-deletion index
    "gradient tape",
    "梯度",
    "jacobian per step",
    "oom",
    "Cannot convert a symbolic tf.Tensor to a numpy array",
    "shape_invariants tf.while_loop loop variable changes shape",
)


@dataclass(frozen=True)
class Fixture:
    """One real traceback, as a user would paste it."""

    name: str
    text: str

    @property
    def last_line(self) -> str:
        """The exception line, for tables."""
        lines = [line for line in self.text.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def load() -> list[Fixture]:
    """Every fixture, in name order; an error names the script when none were generated."""
    found = [Fixture(p.stem, p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.txt"))]
    if not found:
        raise SystemExit(f"no fixtures in {DATA}: run .venv/bin/python bench/make_fixtures.py")
    return found
