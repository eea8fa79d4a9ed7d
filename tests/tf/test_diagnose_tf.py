"""tfhelp.diagnose on live exceptions raised by the real TensorFlow in this process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import tfhelp

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")


def _matmul() -> None:
    tf.matmul(tf.ones([2, 3]), tf.ones([4, 5]))


def _matmul_traced() -> None:
    @tf.function
    def project(a: object, b: object) -> object:
        return tf.matmul(a, b)

    project(tf.ones([2, 3]), tf.ones([4, 5]))


def _tape_twice() -> None:
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    tape.gradient(y, x)


def _reshape() -> None:
    tf.reshape(tf.range(6), [4, 2])


CASES: dict[str, tuple[Callable[[], None], str]] = {
    "matmul": (_matmul, "tensorflow/matmul-size-incompatible"),
    "matmul_traced": (_matmul_traced, "tensorflow/dimensions-must-be-equal"),
    "tape_twice": (_tape_twice, "tensorflow/gradienttape-non-persistent-reused"),
    "reshape": (_reshape, "tensorflow/reshape-size-mismatch"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_live_tf_errors_are_diagnosed(name: str) -> None:
    func, expected = CASES[name]
    with pytest.raises(Exception) as info:
        func()
    matches = tfhelp.diagnose(info.value)
    assert matches and matches[0].record.id == expected
    assert matches[0].reason and 0 < matches[0].score <= 1


def test_plain_errors_get_nothing() -> None:
    for exc in (ZeroDivisionError("division by zero"), KeyError("x")):
        assert tfhelp.diagnose(exc) == []
