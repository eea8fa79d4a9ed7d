"""The Keras 2 release people still run: every reproducer runs under TensorFlow 2.15.1 too
(.venv-tf215, built by .ci/proof-envs), and does there what its record's `proofs` say."""

from __future__ import annotations

import pytest

from tests.paths import RECORDS
from tfhelp.knowledge import load_paths
from tfhelp.model import Record
from tfhelp.prove import Prover, version_proof

pytestmark = pytest.mark.tf

RELEASE = "2.15.1"
ENVIRONMENT = "tf215"
RECORDS_LOADED = load_paths([RECORDS]).records
IN_MATRIX = [
    r
    for r in RECORDS_LOADED
    if r.reproducer is not None
    and r.reproducer.environment is None
    and r.verification_tier in ("verified", "reproduced")
]


@pytest.mark.parametrize("record", IN_MATRIX, ids=lambda r: r.id.split("/", 1)[1])
def test_reproducer_does_on_tf215_what_the_record_says(record: Record, prover: Prover) -> None:
    claimed = [p for p in record.proofs if p.tensorflow == RELEASE]
    assert claimed, f"{record.id}: no proof for TF {RELEASE} (run: bash .ci/matrix tf215)"
    problems, data = prover.reproducer(record, environment=ENVIRONMENT)
    seen = version_proof(record, data)
    assert seen is not None, f"{record.id}: {problems}"
    assert seen.tensorflow == RELEASE
    assert (seen.outcome, seen.raised) == (claimed[0].outcome, claimed[0].raised), (
        f"{record.id} on TF {RELEASE}: saw {seen.outcome} {seen.raised}: {seen.message!r}; "
        f"the record says {claimed[0].outcome} {claimed[0].raised}"
    )
