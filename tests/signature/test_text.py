"""Signatures from traceback text, in CPython's and IPython's forms, from real TF runs."""

from __future__ import annotations

import pytest

from tests.paths import TRACEBACKS
from tfhelp.signature import from_text

FORMS = ["txt", "ipython.txt"]


def _sig(name: str, form: str = "txt"):
    signature = from_text((TRACEBACKS / f"{name}.{form}").read_text(encoding="utf-8"))
    assert signature is not None
    return signature


@pytest.mark.parametrize("form", FORMS)
def test_eager_op_error(form: str) -> None:
    s = _sig("matmul_eager", form)
    assert s.error.type_name == "InvalidArgumentError"
    assert "OpError" in s.error.classes
    assert "Matrix size-incompatible" in s.error.message
    assert s.is_tensorflow
    assert s.trigger is not None and s.trigger.line == "c = tf.matmul(a, b)"


@pytest.mark.parametrize("form", FORMS)
def test_in_user_code_block_gives_inner_error_and_traced_line(form: str) -> None:
    s = _sig("matmul_tf_function", form)
    assert s.error.type_name == "ValueError"
    (inner,) = s.inner
    assert inner.type_name == "ValueError"
    assert inner.message.startswith("Dimensions must be equal, but are 3 and 4")
    assert s.trigger is not None and s.trigger.line == "return tf.matmul(a, b)"


@pytest.mark.parametrize("form", FORMS)
def test_keras_message_loses_its_ansi_codes(form: str) -> None:
    s = _sig("keras_input", form)
    assert "\x1b" not in s.error.message
    assert "is incompatible with the layer" in s.error.message


@pytest.mark.parametrize("form", FORMS)
def test_chained_exceptions(form: str) -> None:
    s = _sig("chained_tf", form)
    assert s.error.type_name == "RuntimeError"
    (cause,) = s.chain
    assert cause.type_name == "InvalidArgumentError"
    assert "Input to reshape" in cause.message


@pytest.mark.parametrize("name", ["zero_division", "key_error", "numpy_broadcast"])
def test_plain_python_errors_are_not_tensorflow(name: str) -> None:
    assert not _sig(name).is_tensorflow


def test_no_exception_in_text() -> None:
    assert from_text("just some log line\nnothing here\n") is None


def test_bare_exception_line() -> None:
    s = from_text("ValueError: Dimensions must be equal, but are 3 and 4")
    assert s is not None and s.error.type_name == "ValueError"
    assert s.error.classes[:2] == ("ValueError", "Exception")


def test_non_utf8_bytes_are_replaced_not_fatal() -> None:
    s = from_text(b"Traceback (most recent call last):\nValueError: bad \xff\xfe byte")
    assert s is not None and "\ufffd" in s.error.message


def test_huge_text_is_bounded() -> None:
    s = from_text("ValueError: " + "x" * 2_000_000)
    assert s is not None and len(s.error.message) <= 200_010
