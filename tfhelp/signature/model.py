"""Inert data describing an error: what matching, views and renderers read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Frame:
    """One stack frame."""

    filename: str
    lineno: int
    name: str
    line: str = ""
    is_user: bool = False


@dataclass(frozen=True)
class ErrorPart:
    """One exception: its class name, the names in its MRO (`classes`) and its message."""

    type_name: str
    qualname: str
    classes: tuple[str, ...]
    message: str

    @property
    def headline(self) -> str:
        """'Type: message', as Python prints the last line of a traceback."""
        if not self.type_name:  # a message found without its class (pasted text)
            return self.message
        return f"{self.type_name}: {self.message}" if self.message else self.type_name


@dataclass(frozen=True)
class Signature:
    """Everything tfhelp knows about one error, extracted once and never touched again."""

    error: ErrorPart
    inner: tuple[ErrorPart, ...] = ()
    chain: tuple[ErrorPart, ...] = ()
    extra: tuple[ErrorPart, ...] = ()  # errors TF logged beside it; a paste's lines, classless
    frames: tuple[Frame, ...] = ()
    traced_frames: tuple[Frame, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)
    is_tensorflow: bool = False

    @property
    def parts(self) -> tuple[ErrorPart, ...]:
        """The real errors first (inner errors of tracing blocks), then the outer, then causes,
        then what TF logged beside them."""
        return (*self.inner, self.error, *self.chain, *self.extra)

    @property
    def user_frames(self) -> tuple[Frame, ...]:
        """The user's own frames, innermost last (traced tf.function frames included)."""
        return tuple(f for f in (*self.frames, *self.traced_frames) if f.is_user)

    @property
    def trigger(self) -> Frame | None:
        """The user's line that set the error off: the innermost user frame we know of."""
        traced = [f for f in self.traced_frames if f.is_user]
        if traced:
            return traced[-1]
        users = [f for f in self.frames if f.is_user]
        return users[-1] if users else None
