"""The ways tracebacks get mangled on their way into an issue thread, a chat or a log."""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from collections.abc import Callable

# A top-level exception line: 'ValueError: ...', 'tensorflow.errors.X: ...', 'KeyError'.
_EXCEPTION_LINE = re.compile(
    r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Iteration|Warning)(?::|$)"
)
PROSE_BEFORE = "Hi all, I get this error when I run train.py with TF 2.21 on my laptop:\n\n"
PROSE_AFTER = "\n\nAny idea what I am doing wrong? Thanks in advance!\n"


def exception_line(lines: list[str]) -> int:
    """Index of the last top-level exception line (the one Python prints last), or -1."""
    for i in range(len(lines) - 1, -1, -1):
        if _EXCEPTION_LINE.match(lines[i]):
            return i
    return -1


def _on_exception_line(text: str, edit: Callable[[str], str]) -> str:
    lines = text.split("\n")
    i = exception_line(lines)
    if i >= 0:
        lines[i] = edit(lines[i])
    return "\n".join(lines)


def indent(text: str) -> str:
    """A Markdown code block: every line indented by four spaces."""
    return "\n".join("    " + line if line.strip() else "" for line in text.split("\n"))


def quote(text: str) -> str:
    """A Markdown or e-mail quote."""
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def fence(text: str) -> str:
    """A fenced code block."""
    return "```python\n" + text.rstrip("\n") + "\n```\n"


def bold(text: str) -> str:
    """The exception line in Markdown bold."""
    return _on_exception_line(text, lambda line: f"**{line.rstrip()}**")


def backticks(text: str) -> str:
    """The exception line in inline-code backticks."""
    return _on_exception_line(text, lambda line: f"`{line.rstrip()}`")


def wrap80(text: str) -> str:
    """Hard-wrapped at 80 columns, as a terminal copy (the cut can fall anywhere)."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line:
            out.append(line)
        for start in range(0, len(line), 80):
            out.append(line[start : start + 80])
    return "\n".join(out)


def wrap80_trimmed(text: str) -> str:
    """Hard-wrapped at 80 by a copy that trims trailing spaces (a cut at a space loses it)."""
    return "\n".join(line.rstrip() for line in wrap80(text).split("\n"))


def wordwrap80(text: str) -> str:
    """Word-wrapped at 80 columns (an e-mail reply, a forum editor): long lines broken at spaces,
    the space dropped; a word longer than the line is cut where it must be."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= 80:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, 80, break_on_hyphens=False))
    return "\n".join(out)


def wordwrap80_is_ambiguous(text: str) -> bool:
    """True when every line the word wrap broke is exactly 80 wide, one of them between two
    words: nothing tells the text from a terminal's copy that cut inside a word there, so no
    reader can know whether a space goes between the lines."""
    between_words = False
    for line in text.split("\n"):
        if len(line) > 80:
            pieces = textwrap.wrap(line, 80, break_on_hyphens=False)
            for piece, after in itertools.pairwise(pieces):
                if len(piece) < 79:
                    return False
                if piece + " " in line and (piece[-1] + after[0]).isalnum():
                    between_words = True
    return between_words


def tail(text: str) -> str:
    """Only the last lines: five, or from the line above the exception line when it is higher
    (a long message is copied whole: that is what 'the last lines of the error' means)."""
    lines = text.rstrip().split("\n")
    start = len(lines) - 5
    i = exception_line(lines)
    if i >= 0:
        start = min(start, i - 1)
    return "\n".join(lines[max(start, 0) :]) + "\n"


def no_class(text: str) -> str:
    """The exception line without its class name: only the message is left."""
    return _on_exception_line(text, lambda line: line.partition(":")[2].strip() or line)


def crlf(text: str) -> str:
    """Windows line ends."""
    return text.replace("\n", "\r\n")


def prose(text: str) -> str:
    """A question around the traceback."""
    return PROSE_BEFORE + text.strip("\n") + PROSE_AFTER


def html_escaped(text: str) -> str:
    """Copied from a web page's source: &lt;, &gt;, &quot;, &#x27; and &amp;."""
    return html.escape(text)


MANGLINGS: dict[str, Callable[[str], str]] = {
    "indent": indent,
    "quote": quote,
    "fence": fence,
    "bold": bold,
    "backticks": backticks,
    "wrap80": wrap80,
    "wrap80_trimmed": wrap80_trimmed,
    "wordwrap80": wordwrap80,
    "tail": tail,
    "no_class": no_class,
    "crlf": crlf,
    "prose": prose,
    "html": html_escaped,
}
