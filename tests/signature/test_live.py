"""Signatures from live exception objects."""

from __future__ import annotations

from tfhelp.signature import from_exception
from tfhelp.signature.live import safe_message


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
