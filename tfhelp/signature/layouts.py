"""Errors TensorFlow prints in its own layouts, beside or instead of a Python exception line.

Status lists of multi-device runs ('(0) Invalid argument: ...'), C++ log lines ('OP_REQUIRES
failed at x.cc:12 : INVALID_ARGUMENT: ...') and TF 1 coordinators ('Error reported to
Coordinator: <class '...'>, message'). Each names the error's class as a status or a class path.
"""

from __future__ import annotations

import re

from tfhelp.signature.classes import mro_for_name
from tfhelp.signature.model import ErrorPart

_STATUS_ITEM = re.compile(
    r"^[ \t]*\(\d+\)[ \t]+(?P<status>[A-Za-z]+(?:[ _][A-Za-z]+){0,2})[ \t]*:[ \t]*(?P<msg>.+)$",
    re.MULTILINE,
)
_OP_REQUIRES = re.compile(
    r"OP_REQUIRES failed at [^\n]{1,300}?:\d+[ \t]*:[ \t]*(?P<status>[A-Z][A-Za-z_ ]{1,40}?)"
    r"[ \t]*:[ \t]*(?P<msg>[^\n]+)"
)
_COORDINATOR = re.compile(
    r"Error reported to Coordinator: <(?:class|type) '(?P<qual>[\w.]{1,200})'>,?"
    r"[ \t]*(?P<msg>[^\n]*)"
)
MAX_LOGGED = 8
_STATUS_CLASSES = {
    "InvalidArgument",
    "ResourceExhausted",
    "FailedPrecondition",
    "OutOfRange",
    "NotFound",
    "AlreadyExists",
    "PermissionDenied",
    "Unauthenticated",
    "DeadlineExceeded",
    "Unimplemented",
    "Internal",
    "Unavailable",
    "DataLoss",
    "Unknown",
    "Cancelled",
    "Aborted",
}


def status_class(status: str) -> str | None:
    """'Invalid argument' or 'INVALID_ARGUMENT' -> 'InvalidArgumentError'; None for other words."""
    name = "".join(w.capitalize() for w in re.split(r"[ _]+", status.strip().lower()) if w)
    return f"{name}Error" if name in _STATUS_CLASSES else None


def _status_part(status: str, message: str) -> ErrorPart | None:
    name = status_class(status)
    if name is None:
        return None
    return ErrorPart(name, name, mro_for_name(name), message.strip())


def logged_errors(text: str) -> tuple[ErrorPart, ...]:
    """The errors TensorFlow's status lists, C++ logs and coordinators name, in text order."""
    found: list[tuple[int, ErrorPart]] = []
    if "(0)" in text:
        for m in _STATUS_ITEM.finditer(text):
            part = _status_part(m.group("status"), m.group("msg"))
            if part is not None:
                found.append((m.start(), part))
            if len(found) >= MAX_LOGGED:
                break
    if "OP_REQUIRES" in text:
        for m in _OP_REQUIRES.finditer(text):
            part = _status_part(m.group("status"), m.group("msg"))
            if part is not None:
                found.append((m.start(), part))
            if len(found) >= 2 * MAX_LOGGED:
                break
    if "Coordinator" in text:
        for m in _COORDINATOR.finditer(text):
            qual = m.group("qual")
            name = qual.rsplit(".", 1)[-1]
            found.append((m.start(), ErrorPart(name, qual, mro_for_name(name), m.group("msg"))))
            if len(found) >= 3 * MAX_LOGGED:
                break
    found.sort(key=lambda item: item[0])
    return tuple(part for _, part in found[:MAX_LOGGED])
