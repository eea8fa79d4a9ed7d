"""Reading the text TensorFlow and Keras put into messages: ANSI codes, 'in user code:' blocks."""

from __future__ import annotations

import re

from tfhelp.signature.frames import is_user_file
from tfhelp.signature.model import ErrorPart, Frame

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
# 'File "x.py", line 3, in f' (CPython and TF blocks) and 'File /x.py:3, in f()' (IPython).
FRAME_LINE = re.compile(
    r'^[ \t]*File "(?P<file>[^"\n]+)", line (?P<line>\d+), in (?P<name>[^\n]*?)[ \t]*\**[ \t]*$'
    r"|^[ \t]*File (?P<ifile>[^\n]+?):(?P<iline>\d+), in (?P<iname>[^\n(]+)",
    re.MULTILINE,
)
INNER_ERROR = re.compile(
    r"^[ \t]+(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Iteration))"
    r"(?::[ \t]?(?P<msg>.*))?$",
    re.MULTILINE,
)
MAX_MESSAGE = 200_000
SUBJECT_HEAD = 3072
SUBJECT_TAIL = 1024
MAX_INNER = 8  # inner errors read from one message
INNER_LINES = 64  # lines one inner message runs on for


def strip_ansi(text: str) -> str:
    """Text without terminal colour codes (Keras bolds its real message)."""
    return ANSI.sub("", text) if "\x1b" in text else text


def bound(text: str) -> str:
    """Cut a huge message so that every later step stays fast."""
    if len(text) <= MAX_MESSAGE:
        return text
    return text[: MAX_MESSAGE // 2] + "\n...\n" + text[-MAX_MESSAGE // 2 :]


def subject(text: str) -> str:
    """The message as matched: frame lines dropped, short enough to run any regex on."""
    if "File " in text:
        text = FRAME_LINE.sub("", text)
    if len(text) > SUBJECT_HEAD + SUBJECT_TAIL:
        text = text[:SUBJECT_HEAD] + "\n" + text[-SUBJECT_TAIL:]
    return text


def traced_frames(message: str) -> tuple[Frame, ...]:
    """Frames TF lists inside a message ('in user code:' or 'defined at'), in order."""
    if "File " not in message:
        return ()
    frames: list[Frame] = []
    for m in FRAME_LINE.finditer(message):
        filename = m.group("file") or m.group("ifile") or ""
        lineno = int(m.group("line") or m.group("iline") or 0)
        name = (m.group("name") or m.group("iname") or "").strip()
        source = _next_line(message, m.end())
        frames.append(Frame(filename, lineno, name, source, is_user_file(filename)))
    return tuple(frames)


def _next_line(text: str, pos: int) -> str:
    start = pos + 1
    end = text.find("\n", start)
    line = text[start:] if end == -1 else text[start:end]
    return line.strip() if line.startswith(" ") else ""


def inner_errors(message: str) -> tuple[ErrorPart, ...]:
    """The real errors inside 'in user code:' blocks (a StagingError can wrap a LookupError).

    At most MAX_INNER are kept, the first and the last ones (nested traces put the real error
    last), and each runs on for at most INNER_LINES lines: a message built of thousands of
    error lines stays cheap to read and to match.
    """
    pos = message.find("in user code:")
    if pos == -1:
        return ()
    found = list(INNER_ERROR.finditer(message, pos))
    if len(found) > MAX_INNER:
        found = found[: MAX_INNER // 2] + found[-(MAX_INNER - MAX_INNER // 2) :]
    return tuple(_inner_part(message, m) for m in found)


def _inner_part(message: str, m: re.Match[str]) -> ErrorPart:
    qual = m.group("type")
    name = qual.rsplit(".", 1)[-1]
    # The inner message runs on over indented lines until a blank line.
    lines = [(m.group("msg") or "").strip()]
    start = m.end() + 1
    while start < len(message) and len(lines) <= INNER_LINES:
        end = message.find("\n", start)
        line = message[start:] if end == -1 else message[start:end]
        if not line.strip():
            break
        lines.append(line.strip())
        start = len(message) if end == -1 else end + 1
    return ErrorPart(name, qual, (name,), "\n".join(lines))
