"""Every record's claim, proven under the real TensorFlow: reproducers raise and are matched first,
snippets run and assert their fix. Each test process drives one long-lived interpreter per proof
environment (TensorFlow imported once); every snippet runs there in a fresh namespace."""

from __future__ import annotations

import pytest

from tests.paths import RECORDS
from tfhelp.knowledge import load_paths
from tfhelp.model import PROVEN_TIERS, Record
from tfhelp.prove import Prover
from tfhelp.signature.versions import installed_versions

pytestmark = pytest.mark.tf

RECORDS_LOADED = load_paths([RECORDS]).records
WITH_REPRO = [
    r for r in RECORDS_LOADED if r.reproducer and r.verification_tier != "not_reproducible"
]
RUNNABLE = [
    (r, s)
    for r in RECORDS_LOADED
    if r.verification_tier in PROVEN_TIERS or r.verification_tier == "not_reproducible"
    for s in r.snippets
]


@pytest.mark.parametrize("record", WITH_REPRO, ids=lambda r: r.id.split("/", 1)[1])
def test_reproducer_raises_and_is_matched_first(record: Record, prover: Prover) -> None:
    problems, data = prover.reproducer(record)
    assert problems == [], f"{record.id}: {problems}; matches: {data.get('matches')}"


@pytest.mark.parametrize(
    ("record", "snippet_id"),
    [(r, s.id) for r, s in RUNNABLE],
    ids=[f"{r.id.split('/', 1)[1]}:{s.id}" for r, s in RUNNABLE],
)
def test_snippet_runs_and_asserts(record: Record, snippet_id: str, prover: Prover) -> None:
    snippet = record.snippet(snippet_id)
    assert snippet is not None
    result = prover.snippet(snippet)
    assert result.ok, f"{record.id} snippet {snippet_id}: {result.detail}"


def _uses_main_environment(record: Record) -> bool:
    parts = [record.reproducer] if record.reproducer else []
    return all(p.environment is None for p in [*parts, *record.snippets])


@pytest.mark.parametrize(
    "record",
    [
        r
        for r in RECORDS_LOADED
        if r.verification_tier in PROVEN_TIERS and _uses_main_environment(r)
    ],
    ids=lambda r: r.id,
)
def test_verified_on_names_the_tensorflow_under_test(record: Record) -> None:
    installed = installed_versions()["tensorflow"]
    assert f"tensorflow {installed}" in record.verified_on
