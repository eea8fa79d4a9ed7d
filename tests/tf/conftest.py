"""One proof runner per test process, shared by every real-TF test module (TF imported once)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.paths import REPO
from tfhelp.prove import Prover


@pytest.fixture(scope="session")
def prover() -> Iterator[Prover]:
    with Prover([], root=REPO) as p:
        yield p
