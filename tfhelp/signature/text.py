"""Signature of a traceback given as text: pasted, or read from a log."""

from __future__ import annotations

import re
from dataclasses import replace

from tfhelp.signature.classes import mro_for_name
from tfhelp.signature.frames import is_user_file
from tfhelp.signature.layouts import logged_errors
from tfhelp.signature.model import ErrorPart, Frame, Signature
from tfhelp.signature.paste import normalise
from tfhelp.signature.tfblocks import FRAME_LINE, inner_errors, traced_frames
from tfhelp.signature.versions import installed_versions

_CHAIN_SEPARATORS = re.compile(
    r"^(?:The above exception was the direct cause of the following exception:"
    r"|During handling of the above exception, another exception occurred:)[ \t]*$",
    re.MULTILINE,
)
_HEADER = re.compile(r"^.*Traceback \(most recent call last\):?.*$", re.MULTILINE)
# IPython's header names the class: 'ValueError          Traceback (most recent call last)'.
_IPYTHON_HEADER = re.compile(r"^(?P<qual>(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*))\s{2,}Traceback")
# A line that starts an exception: 'ValueError: ...', 'tensorflow.errors.X: ...', 'KeyError'.
_EXCEPTION_LINE = re.compile(
    r"^(?P<qual>(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*))(?::[ \t]?(?P<msg>.*))?$"
)
_EXCEPTION_NAME = re.compile(r"(Error|Exception|Warning|Exit|Interrupt|Iteration|Group)$")
# Lines of a traceback's stack at column 0 (IPython's and Colab's layouts): never the message.
_STACK_LINE = re.compile(
    r"(?:File (?:\"|\S+:\d+, in )|Cell In|Input In|-*>|\[\.\.\. skipping|<ipython-input-"
    r"|~[/\\]|-{8,}\s*$|\^+\s*$|\S+\.py[ :].*\bin \S+)"
)
_IPYTHON_CELL = re.compile(r"^(?:Cell In\s?\[\d*\],? line (?P<line>\d+)|Input In \[\d*\])")
_IPYTHON_ARROW = re.compile(r"^-*>\s*\d+\s?(.*)$")
# A numbered source line of an IPython frame, which the fallback must not read as a message.
_IPYTHON_SOURCE = re.compile(r"^(?:-*>|[ \t]+)[ \t]*\d+(?:[ \t]|$)")
_TF_HINTS = (
    "tensorflow",
    "keras",
    "{{function_node",
    "[Op:",
    "tf.function",
    "Graph execution",
    "[[{{node",
    "OP_REQUIRES",
)
# An exception line inside a sentence: after a space, colon, quote, backtick or bracket.
_PROSE_EXCEPTION = re.compile(
    r"(?<=[\s:\uff1a`'\"(\[>*-])(?P<qual>(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*Error))"
    r"(?: \(see above for traceback\))?[:\uff1a][ \t]?(?P<msg>\S[^\n]*)"
)
MAX_PROSE_ERRORS = 4  # exception lines read from sentences (the last ones)
LOOSE_CHARS = 16_384  # how much of a paste's own lines the fallback reads (the last ones)
LOOSE_SCAN = 4 * LOOSE_CHARS  # how far back it looks for them (frames skipped)
LOOSE_CHUNK = 4_000  # what one part holds (the matcher reads 4 KB of a message)


def _find_exception(block: str) -> tuple[ErrorPart, int] | None:
    """The exception line of one traceback block and where its message starts.

    After a traceback header, the first line at column 0 that is not part of the stack is the
    exception line even without a class name ('Node: ...' messages, pastes that lost the class).
    """
    headers = list(_HEADER.finditer(block))
    start = 0
    known: re.Match[str] | None = None
    if headers:
        last = headers[-1]
        known = _IPYTHON_HEADER.match(last.group(0))
        end = block.find("\n", last.end())
        start = len(block) if end == -1 else end + 1
    pos = start
    classless = warning = None
    for line in block[start:].splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped and not stripped[0].isspace() and not _STACK_LINE.match(stripped):
            m = _EXCEPTION_LINE.match(stripped)
            if m and _EXCEPTION_NAME.search(m.group("name")):
                if headers or not m.group("name").endswith("Warning"):
                    return _part(m.group("name"), m.group("qual"), m.group("msg"), block, pos, line)
                warning = warning or (m, pos, line)
            elif headers and classless is None:
                classless = pos
        pos += len(line)
    if warning is not None:
        m, pos, line = warning
        return _part(m.group("name"), m.group("qual"), m.group("msg"), block, pos, line)
    if classless is None:
        return None
    message = block[classless:].strip()
    if known and _EXCEPTION_NAME.search(known.group("name")):
        name = known.group("name")
        return ErrorPart(name, known.group("qual"), mro_for_name(name), message), classless
    return ErrorPart("", "", (), message), classless


def _part(
    name: str, qual: str, head: str | None, block: str, pos: int, line: str
) -> tuple[ErrorPart, int]:
    rest = block[pos + len(line) :]
    message = ((head or "").strip() + ("\n" + rest if rest.strip() else "")).rstrip()
    return ErrorPart(name, qual, mro_for_name(name), message), pos


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


def is_tensorflow_text(text: str) -> bool:
    """The text names TensorFlow or Keras somewhere near its start or end."""
    lowered = (text[:20_000] + "\n" + text[-20_000:]).lower()
    return any(h.lower() in lowered for h in _TF_HINTS)


def parse(text: str) -> Signature | None:
    """A Signature from normalised text (see paste.normalise); None when no error is found."""
    blocks = _CHAIN_SEPARATORS.split(text)
    parts: list[tuple[ErrorPart, str, int]] = []
    for block in blocks:
        found = _find_exception(block)
        if found is not None:
            parts.append((found[0], block, found[1]))
    logged = logged_errors(text)
    if not parts:
        if not logged:
            return None
        return Signature(
            error=logged[0],
            extra=logged[1:],
            versions=installed_versions(),
            is_tensorflow=True,
        )
    main, block, at = parts[-1]
    inner = inner_errors(main.message)
    if not main.type_name and inner:  # TF raises a traced error again as the inner one's class
        name = inner[-1].type_name
        main = replace(
            main, type_name=name, qualname=inner[-1].qualname, classes=mro_for_name(name)
        )
    return Signature(
        error=main,
        inner=inner,
        chain=tuple(p for p, _, _ in reversed(parts[:-1])),
        extra=logged,
        frames=_frames(block[:at]),
        traced_frames=traced_frames(main.message),
        versions=installed_versions(),
        is_tensorflow=is_tensorflow_text(text),
    )


def from_text(data: str | bytes) -> Signature | None:
    """Extract a Signature from traceback text, clean or pasted; None when no error is found."""
    return parse(normalise(data))


def _own_lines(text: str) -> list[str]:
    """The paste's lines that can hold a message: no blank lines, frames or their source lines
    (CPython's indented ones, IPython's numbered ones), from the last LOOSE_SCAN characters."""
    kept: list[str] = []
    size = 0
    after_frame = False
    for line in reversed(text[-LOOSE_SCAN:].split("\n")):  # the last lines first: errors end it
        stripped = line.strip()
        if not stripped:
            continue
        if _IPYTHON_SOURCE.match(line):  # '    228     raise ...' or '--> 229 ...': code
            after_frame = False
            continue
        if FRAME_LINE.match(line):
            if kept and after_frame:
                size -= len(kept.pop()) + 1  # the line under a frame is its source
            after_frame = False
            continue
        after_frame = line[:1].isspace()
        kept.append(stripped)
        size += len(stripped) + 1
        if size >= LOOSE_CHARS:
            break
    kept.reverse()
    return kept


def with_lines(signature: Signature | None, text: str) -> Signature | None:
    """The signature with the paste's own lines added as errors of unknown class.

    The fallback when no structure gives a match: a record whose pattern matches some line of the
    paste is still found (the matcher scores a part without a class lower). An exception line
    inside a sentence ('I get this error: ValueError: ...') keeps its class.
    """
    chunks: list[str] = []
    named: list[ErrorPart] = []
    for line in _own_lines(text):
        if chunks and len(chunks[-1]) + len(line) < LOOSE_CHUNK:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line[: LOOSE_CHUNK * 4])
        found = _PROSE_EXCEPTION.search(line, 1, LOOSE_CHUNK) if "Error" in line else None
        if found:  # 'I get this error: ValueError: ...': the class named inside a sentence
            name, qual = found.group("name"), found.group("qual")
            named.append(ErrorPart(name, qual, mro_for_name(name), found.group("msg")))
    if not chunks:
        return signature
    # Named parts first (the matcher credits the first part a pattern matches), the last first.
    loose = (
        *reversed(named[-MAX_PROSE_ERRORS:]),
        *(ErrorPart("", "", (), c) for c in chunks[::-1]),
    )
    if signature is None:
        return Signature(
            error=loose[0],
            extra=loose[1:],
            versions=installed_versions(),
            is_tensorflow=is_tensorflow_text(text),
        )
    return replace(signature, extra=(*signature.extra, *loose))
