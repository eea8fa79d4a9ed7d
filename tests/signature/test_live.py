"""Signatures from live exception objects."""

from __future__ import annotations

import pytest

from tests.paths import RECORDS, TRACEBACKS
from tfhelp.knowledge import KnowledgeBase
from tfhelp.render.html import render_help_html
from tfhelp.render.text import render_full
from tfhelp.signature import from_exception
from tfhelp.signature.live import safe_message, unwrap_keras
from tfhelp.view import HelpView, match_view


class HostileError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no str for you")


class NotAStringError(Exception):
    def __str__(self) -> str:
        return 42  # type: ignore[return-value]


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_class_mro_and_user_frame() -> None:
    exc = _raise(KeyError("batch_size"))
    s = from_exception(exc)
    assert s.error.type_name == "KeyError"
    assert s.error.classes[:3] == ("KeyError", "LookupError", "Exception")
    assert s.trigger is not None and s.trigger.name == "_raise"
    assert not s.is_tensorflow


def test_hostile_str_does_not_raise() -> None:
    s = from_exception(_raise(HostileError("a", 1)))
    assert s.error.message == "('a', 1)"
    assert safe_message(NotAStringError()) == "<unprintable exception>"


def test_chain_is_followed_without_loops() -> None:
    try:
        try:
            raise ValueError("inner")
        except ValueError as inner:
            raise RuntimeError("outer") from inner
    except RuntimeError as outer:
        exc = outer
    assert exc.__cause__ is not None
    exc.__cause__.__context__ = exc  # a cycle must not hang extraction
    s = from_exception(exc)
    assert [p.type_name for p in s.chain] == ["ValueError"]


def test_ansi_codes_are_stripped() -> None:
    s = from_exception(_raise(ValueError("\x1b[1mbold\x1b[0m text")))
    assert s.error.message == "bold text"


def test_huge_message_is_bounded() -> None:
    s = from_exception(_raise(ValueError("y" * 3_000_000)))
    assert len(s.error.message) < 250_000


# Keras wraps an error raised in a layer's call; the help shows the real message inside --------


def test_keras_3_wrapper_is_unwrapped_from_real_text() -> None:
    text = (TRACEBACKS / "keras_input.txt").read_text(encoding="utf-8")
    message = text.split("ValueError: ", 1)[1]  # as str(exc) reads, bold escapes included
    assert message.startswith("Exception encountered when calling Sequential.call().")
    inner = unwrap_keras(message)
    assert inner.startswith("Input 0 with name 'None' of layer 'dense' is incompatible")
    assert inner.endswith("but received input with shape (2, 4)")
    assert "\x1b" not in inner and "Arguments received" not in inner
    live = from_exception(_raise(ValueError(message)))  # escapes stripped, then unwrapped
    assert unwrap_keras(live.error.message) == inner


def test_keras_2_wrapper_and_plain_messages() -> None:
    message = (
        "Exception encountered when calling layer 'dense' (type Dense).\n\n"
        "Matrix size-incompatible: In[0]: [2,4], In[1]: [3,2]\n\n"
        "Call arguments received by layer 'dense' (type Dense):\n  • inputs=tf.Tensor(...)"
    )
    assert unwrap_keras(message) == "Matrix size-incompatible: In[0]: [2,4], In[1]: [3,2]"
    assert unwrap_keras("plain message") == "plain message"
    lost = "Exception encountered when calling Lambda.call().\n\n[1mWe could not infer[0m\n"
    assert unwrap_keras(lost) == "We could not infer"  # a paste that lost the ESC byte


@pytest.mark.tf
def test_a_real_keras_error_shows_its_inner_message() -> None:
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    keras = pytest.importorskip("keras")
    np = pytest.importorskip("numpy")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError) as info:
        model(np.ones((2, 4), "float32"))
    signature = from_exception(info.value)
    assert signature.error.message.startswith("Exception encountered when calling")
    kb = KnowledgeBase.from_paths([RECORDS])
    view = match_view(kb.matcher.match(signature), signature, "en", kb.by_id)
    assert isinstance(view, HelpView) and view.record_id == "tensorflow/keras-input-incompatible"
    assert view.error_headline.startswith("ValueError: Input 0 with name")
    assert "expected axis -1 of input shape to have value 3" in view.error_message
    text = render_full(view, 80)
    assert "Your error: ValueError: Input 0 with name" in text
    assert "Your error: ValueError: Exception encountered" not in text
    page = render_help_html(view)
    assert "received input with shape (2, 4)" in page.split('data-section="why"', 1)[1]
