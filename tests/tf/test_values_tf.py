"""The user's values, read from the live message of each record's reproducer under real TensorFlow:
every record that speaks in the user's values fills all of its placeholders from what TF raised."""

from __future__ import annotations

import pytest

from tests.paths import RECORDS
from tfhelp.knowledge import load_paths
from tfhelp.model import PLACEHOLDER, Record
from tfhelp.prove import Prover
from tfhelp.values import ranked_workarounds, specific_cause

pytestmark = pytest.mark.tf

SPEAKING = [
    r
    for r in load_paths([RECORDS]).records
    if r.specific
    and r.reproducer is not None
    and r.reproducer.environment is None
    and r.verification_tier != "not_reproducible"
]


def test_many_records_speak_in_the_users_values() -> None:
    assert len(SPEAKING) >= 60, len(SPEAKING)


@pytest.mark.parametrize("record", SPEAKING, ids=lambda r: r.id.split("/", 1)[1])
def test_live_message_fills_every_placeholder(record: Record, prover: Prover) -> None:
    problems, data = prover.reproducer(record)
    assert problems == [], f"{record.id}: {problems}"
    record_id, _, _, values = data["matches"][0]
    assert record_id == record.id
    assert values, f"{record.id}: no value captured from {data['message'][:300]!r}"
    for lang in ("en", "zh"):
        cause = specific_cause(record, values, lang)
        assert cause is not None, (lang, values, data["message"][:300])
        assert PLACEHOLDER.search(cause) is None, cause
    for ranked in ranked_workarounds(record, values):
        assert PLACEHOLDER.search(ranked.first_because) is None, ranked.first_because


BY_ID = {r.id: r for r in load_paths([RECORDS]).records}

# Real mistakes, raised by the installed TensorFlow: the fix the message points at comes first.
RANKING_CASES = [
    (
        "images fed to a Dense layer",
        "import numpy as np, keras\n"
        "model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])\n"
        "model(np.zeros((2, 28, 28), 'float32'))\n",
        "tensorflow/keras-input-incompatible",
        "Flatten images before Dense layers",
        "784",
    ),
    (
        "one-hot labels given to the sparse loss",
        "import numpy as np, keras\n"
        "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"
        "model.compile(loss='sparse_categorical_crossentropy')\n"
        "model.fit(np.zeros((8, 4)), np.eye(3)[np.arange(8) % 3], verbose=0)\n",
        "tensorflow/keras-loss-shape-mismatch",
        "Match the loss to the label format",
        "categorical_crossentropy",
    ),
    (
        "a second operand stored the other way round",
        "import tensorflow as tf\ntf.matmul(tf.ones((2, 3)), tf.ones((4, 3)))\n",
        "tensorflow/matmul-size-incompatible",
        "Transpose the operand that is stored the other way round",
        "transpose_b=True",
    ),
    (
        "an integer operand in a float matmul",
        "import tensorflow as tf\ntf.matmul(tf.ones((2, 2)), tf.ones((2, 2), tf.int32))\n",
        "tensorflow/matmul-dtype-mismatch",
        "Cast one operand with tf.cast",
        "int32",
    ),
]


@pytest.mark.parametrize(
    ("code", "record_id", "first", "said"),
    [case[1:] for case in RANKING_CASES],
    ids=[case[0] for case in RANKING_CASES],
)
def test_the_fix_the_message_points_at_comes_first(
    code: str, record_id: str, first: str, said: str, prover: Prover
) -> None:
    data = prover.run(code, match=True)
    assert data["raised"], "the mistake raised nothing"
    found_id, _, _, values = data["matches"][0]
    assert found_id == record_id, (data["message"][:300], data["matches"][:2])
    ranked = ranked_workarounds(BY_ID[record_id], values)
    assert ranked[0].workaround.action == first, (values, data["message"][:300])
    assert said in ranked[0].first_because, ranked[0].first_because
