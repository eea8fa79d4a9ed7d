"""Signature of a live exception object."""

from __future__ import annotations

import re
import traceback
from types import TracebackType

from tfhelp.signature.classes import mro_for_name
from tfhelp.signature.frames import is_user_file
from tfhelp.signature.model import ErrorPart, Frame, Signature
from tfhelp.signature.tfblocks import bound, inner_errors, strip_ansi, traced_frames
from tfhelp.signature.versions import installed_versions

_TF_MODULES = ("tensorflow", "keras", "tf_keras", "tensorboard")
MAX_CHAIN = 8
MAX_FRAMES = 200
# Keras wraps an error raised inside a layer's call: a first line naming the call, the real
# message (in ANSI bold; the escape may be lost in a paste), then the arguments it received.
_KERAS_WRAPPER = re.compile(
    r"\A\s*Exception encountered when calling [^\n]*\n(?P<inner>.*?)"
    r"(?:\n[ \t]*(?:Call arguments|Arguments) received by .*)?\Z",
    re.DOTALL,
)
_BOLD = re.compile(r"\x1b?\[[01]m")


def unwrap_keras(message: str) -> str:
    """The real message inside a Keras 'Exception encountered when calling X.call().' wrapper
    (without the wrapper's first line and its 'Arguments received by' list); others unchanged."""
    found = _KERAS_WRAPPER.match(message)
    if found is None:
        return message
    inner = _BOLD.sub("", found.group("inner")).strip()
    return inner or message


def safe_message(exc: BaseException) -> str:
    """str(exc), even when its __str__ raises or returns something odd."""
    try:
        text = str(exc)
    except BaseException:  # a hostile __str__ must not take the hook down
        try:
            text = repr(exc.args) if exc.args else "<unprintable exception>"
        except BaseException:
            text = "<unprintable exception>"
    if not isinstance(text, str):
        text = "<unprintable exception>"
    return bound(strip_ansi(text))


def error_part(exc: BaseException) -> ErrorPart:
    """Class, MRO names and message of one exception."""
    cls = type(exc)
    names = tuple(c.__name__ for c in cls.__mro__ if c is not object)
    if len(names) == 1:  # pragma: no cover - only for exotic metaclasses
        names = mro_for_name(cls.__name__)
    module = getattr(cls, "__module__", "") or ""
    qual = f"{module}.{cls.__qualname__}" if module not in ("", "builtins") else cls.__qualname__
    return ErrorPart(cls.__name__, qual, names, safe_message(exc))


def _frames(tb: TracebackType | None) -> tuple[Frame, ...]:
    if tb is None:
        return ()
    try:
        summary = traceback.extract_tb(tb, limit=None)
    except Exception:
        return ()
    if len(summary) > MAX_FRAMES:
        summary = summary[-MAX_FRAMES:]
    return tuple(
        Frame(
            fs.filename, fs.lineno or 0, fs.name, (fs.line or "").strip(), is_user_file(fs.filename)
        )
        for fs in summary
    )


def _chain(exc: BaseException) -> tuple[BaseException, ...]:
    out: list[BaseException] = []
    seen = {id(exc)}
    current: BaseException | None = exc
    while current is not None and len(out) < MAX_CHAIN:
        nxt = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if nxt is None or id(nxt) in seen:
            break
        seen.add(id(nxt))
        out.append(nxt)
        current = nxt
    return tuple(out)


def from_exception(exc: BaseException, tb: TracebackType | None = None) -> Signature:
    """Extract a Signature from an exception (and its traceback, by default its own)."""
    part = error_part(exc)
    chain = tuple(error_part(c) for c in _chain(exc))
    frames = _frames(tb if tb is not None else exc.__traceback__)
    module = type(exc).__module__ or ""
    is_tf = module.split(".", 1)[0] in _TF_MODULES or any(
        f"/{m}/" in f.filename.replace("\\", "/") for f in frames for m in _TF_MODULES
    )
    return Signature(
        error=part,
        inner=inner_errors(part.message),
        chain=chain,
        frames=frames,
        traced_frames=traced_frames(part.message),
        versions=installed_versions(),
        is_tensorflow=is_tf,
    )
