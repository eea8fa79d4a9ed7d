"""Class hierarchies of exceptions known only by name (from text)."""

from __future__ import annotations

import builtins

_TF_OP_ERRORS = (
    "CancelledError",
    "UnknownError",
    "InvalidArgumentError",
    "DeadlineExceededError",
    "NotFoundError",
    "AlreadyExistsError",
    "PermissionDeniedError",
    "UnauthenticatedError",
    "ResourceExhaustedError",
    "FailedPreconditionError",
    "AbortedError",
    "OutOfRangeError",
    "UnimplementedError",
    "InternalError",
    "UnavailableError",
    "DataLossError",
)
_TF_OTHER: dict[str, tuple[str, ...]] = {
    "StagingError": ("StagingError", "Exception"),
    "OperatorNotAllowedInGraphError": ("OperatorNotAllowedInGraphError", "TypeError", "Exception"),
    "InaccessibleTensorError": ("InaccessibleTensorError", "ValueError", "Exception"),
    "ConversionError": ("ConversionError", "Exception"),
}


def mro_for_name(name: str) -> tuple[str, ...]:
    """Best-known MRO names for an exception class name; the name alone when unknown."""
    if name in _TF_OP_ERRORS:
        return (name, "OpError", "Exception", "BaseException")
    if name in _TF_OTHER:
        return (*_TF_OTHER[name], "BaseException")
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, BaseException):
        return tuple(c.__name__ for c in cls.__mro__ if c is not object)
    return (name,)
