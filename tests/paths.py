"""Where test data lives: this repository's folders and the shared seeds beside it."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
RECORDS = REPO / "records"
DATA = TESTS / "data"
FIXTURE_RECORDS = DATA / "records"
TRACEBACKS = DATA / "tracebacks"
SHARED = REPO.parent / "shared"
SEED_RECORD = next(iter(sorted((SHARED / "seeds").glob("000_*.txt"))), SHARED / "seeds" / "000")
DEADENDS = SHARED / "corpora" / "deadends" / "canons"
