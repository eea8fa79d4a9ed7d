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
    """The real errors inside 'in user code:' blocks (a StagingError can wrap a LookupError)."""
    pos = message.find("in user code:")
    if pos == -1:
        return ()
    found: list[ErrorPart] = []
    for m in INNER_ERROR.finditer(message, pos):
        qual = m.group("type")
        name = qual.rsplit(".", 1)[-1]
        # The inner message runs on over indented lines until a blank line.
        msg = (m.group("msg") or "").strip()
        tail = message[m.end() :]
        for line in tail.split("\n")[1:]:
            if not line.strip():
                break
            msg += "\n" + line.strip()
        found.append(ErrorPart(name, qual, (name,), msg))
    return tuple(found)
