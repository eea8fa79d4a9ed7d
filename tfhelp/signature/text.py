"""Signature of a traceback given as text: pasted, or read from a log."""

from __future__ import annotations

import re

from tfhelp.signature.classes import mro_for_name
from tfhelp.signature.frames import is_user_file
from tfhelp.signature.model import ErrorPart, Frame, Signature
from tfhelp.signature.tfblocks import FRAME_LINE, bound, inner_errors, strip_ansi, traced_frames
from tfhelp.signature.versions import installed_versions

_CHAIN_SEPARATORS = re.compile(
    r"^(?:The above exception was the direct cause of the following exception:"
    r"|During handling of the above exception, another exception occurred:)[ \t]*$",
    re.MULTILINE,
)
_HEADER = re.compile(r"^.*Traceback \(most recent call last\):?.*$", re.MULTILINE)
# A line that starts an exception: 'ValueError: ...', 'tensorflow.errors.X: ...', 'KeyError'.
_EXCEPTION_LINE = re.compile(
    r"^(?P<qual>(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*))(?::[ \t]?(?P<msg>.*))?$"
)
_EXCEPTION_NAME = re.compile(r"(Error|Exception|Warning|Exit|Interrupt|Iteration|Group)$")
_IPYTHON_CELL = re.compile(r"^(?:Cell In\s?\[\d*\],? line (?P<line>\d+)|Input In \[\d*\])")
_IPYTHON_ARROW = re.compile(r"^-*>\s*\d+\s?(.*)$")
_TF_HINTS = ("tensorflow", "keras", "{{function_node", "[Op:", "tf.function", "Graph execution")


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def _find_exception(block: str) -> tuple[ErrorPart, int] | None:
    """The exception line of one traceback block and where its message starts."""
    headers = list(_HEADER.finditer(block))
    start = headers[-1].end() if headers else 0
    pos = start
    for line in block[start:].splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped and not stripped[0].isspace() and not stripped.startswith(("File ", "Cell In")):
            m = _EXCEPTION_LINE.match(stripped)
            if m and _EXCEPTION_NAME.search(m.group("name")):
                name = m.group("name")
                head = (m.group("msg") or "").strip()
                rest = block[pos + len(line) :]
                message = (head + ("\n" + rest if rest.strip() else "")).rstrip()
                return ErrorPart(name, m.group("qual"), mro_for_name(name), message), pos
        pos += len(line)
    return None


def _frames(block: str) -> tuple[Frame, ...]:
    """Frames of the traceback proper (up to the exception line), in CPython's or IPython's form."""
    frames: list[Frame] = []
    lines = block.splitlines()
    for i, line in enumerate(lines):
        cell = _IPYTHON_CELL.match(line)
        m = None if cell else FRAME_LINE.match(line)
        if cell:
            filename, lineno, name = "<cell>", int(cell.group("line") or 0), "<module>"
        elif m:
            filename = m.group("file") or m.group("ifile") or ""
            lineno = int(m.group("line") or m.group("iline") or 0)
            name = (m.group("name") or m.group("iname") or "").strip()
        else:
            continue
        frames.append(
            Frame(filename, lineno, name, _source_after(lines, i), is_user_file(filename))
        )
    return tuple(frames)


def _source_after(lines: list[str], i: int) -> str:
    """The source line shown under a frame: CPython's indented line, or IPython's '---->' line."""
    following = lines[i + 1 : i + 12]
    for line in following:
        arrow = _IPYTHON_ARROW.match(line)
        if arrow:
            return arrow.group(1).strip()
    if following and following[0].startswith(" ") and not FRAME_LINE.match(following[0]):
        return following[0].strip()
    return ""


def from_text(data: str | bytes) -> Signature | None:
    """Extract a Signature from traceback text; None when no exception line is found."""
    text = bound(strip_ansi(_decode(data)).replace("\r\n", "\n"))
    blocks = _CHAIN_SEPARATORS.split(text)
    parts: list[tuple[ErrorPart, str, int]] = []
    for block in blocks:
        found = _find_exception(block)
        if found is not None:
            parts.append((found[0], block, found[1]))
    if not parts:
        return None
    main, block, at = parts[-1]
    frames = _frames(block[:at])
    lowered = text[:20000].lower()
    is_tf = any(h.lower() in lowered for h in _TF_HINTS)
    return Signature(
        error=main,
        inner=inner_errors(main.message),
        chain=tuple(p for p, _, _ in reversed(parts[:-1])),
        frames=frames,
        traced_frames=traced_frames(main.message),
        versions=installed_versions(),
        is_tensorflow=is_tf,
    )
