"""Pasted error text put back into the form Python prints it in.

What issue threads, chats, web pages, terminals and log collectors do to a traceback, undone:
Markdown quotes, fences, indented code blocks, bold and backticks; HTML tags and entities; ANSI
codes, CRLF and carriage-return progress bars; timestamps and log prefixes; lines hard-wrapped at
a terminal's width. Every step is one pass over a text already cut to a bounded size.
"""

from __future__ import annotations

import html
import itertools
import re

from tfhelp.signature.tfblocks import FRAME_LINE, MAX_MESSAGE, strip_ansi

HEADER = re.compile(r"Traceback \(most recent call last\)")
# Lines that can be told apart from prose: where a traceback starts or ends.
EXCEPTION_START = re.compile(
    r"(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Iteration)(?::|$)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\u200b\u200e\u200f\ufeff]")
_SPACES = str.maketrans({"\xa0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_PROGRESS = re.compile(r"^[^\n]*\r(?=[^\n])", re.MULTILINE)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#[xX][0-9a-fA-F]{1,6});")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_FORMAT_TAG = re.compile(
    r"</?(?:pre|code|details|summary|p|div|span|b|strong|em|i|tt|kbd|samp|blockquote)"
    r"(?:\s[^<>\n]{0,200})?>",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"^[ \t]{0,3}>(?:[ \t]?>)*[ \t]?")
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[\w+.-]*[ \t]*$")
# Timestamps and log prefixes, as CI runners, logging modules and C++ logs put them.
_LOG_PREFIX = re.compile(
    r"^(?:"
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z "  # GitHub Actions
    r"|\[?\d{4}[-/]\d\d[-/]\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?:?[ \t]+"
    r"|\[?\d\d:\d\d:\d\d(?:[.,]\d+)?\]?[ \t]+"
    r")"
)
_LEVEL_PREFIX = re.compile(r"^(?:INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|DEBUG):[\w.]*:")
_PYTEST_PREFIX = re.compile(r"^E {3,}(?=\S)")
# 'W tensorflow/core/framework/op_kernel.cc:1830] ...' and glog's 'E0504 10:11:12.123 99 x.cc:5] '.
_CPP_LOG = re.compile(
    r"^[IWEF](?:\d{4} \d\d:\d\d:\d\d\.\d+ +\d+)? *[\w./+-]+\.(?:cc|cpp|h|py):\d+\] ?"
)
_EMPHASIS_NAME = re.compile(r"^(\*\*|`)([\w.]+)\1(?=:)")
_SEE_ABOVE = re.compile(r"^(\S+?) \(see above for traceback\):")
TERMINAL_WIDTHS = frozenset({72, 76, 78, 79, 80, 100, 120, 132, 160})
MAX_WORD_WRAP = 80  # wider texts are log lines as they were, not word-wrapped ones
MAX_WRAP_SLACK = 6  # how far short of its width a word-wrapped text's longest line may be
LONG_WORD = 24  # a full line ending in a longer word was cut inside it, even by a word wrap
# Lines of IPython's layout that begin something new (never the rest of a wrapped line).
_IPYTHON_START = re.compile(r"(?:Cell In\[|Input In \[|-*> ?\d|<ipython-input-|-{8,}|\[\.\.\. )")


def decode(data: str | bytes) -> str:
    """Text, cut to a bounded size before anything else reads it (head and tail kept)."""
    half = MAX_MESSAGE // 2
    if len(data) > MAX_MESSAGE:
        data = data[:half] + (b"\n...\n" if isinstance(data, bytes) else "\n...\n") + data[-half:]
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def looks_binary(text: str) -> bool:
    """True for data that is not text (NUL bytes, or many bytes that are not UTF-8)."""
    sample = text[:4096]
    if not sample:
        return False
    odd = sample.count("\x00") + sample.count("\ufffd")
    return "\x00" in sample or odd > len(sample) // 20


def _characters(text: str) -> str:
    """Line ends, terminal codes, invisible characters, web page quotes and HTML."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        text = _PROGRESS.sub("", text) if "\n" in text else text.replace("\r", "\n")
        text = text.replace("\r", "")
    text = strip_ansi(text)
    text = _CONTROL.sub("", text).translate(_SPACES)
    if "<" in text and ("</" in text or "<br" in text.lower()):
        text = _FORMAT_TAG.sub("", _BREAK_TAG.sub("\n", text))
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text).replace("\xa0", " ")
    return text


def _line(line: str) -> str | None:
    """One line without its quote marker, log prefix or Markdown emphasis; None for a fence."""
    if line.lstrip().startswith(">"):
        line = _QUOTE.sub("", line, count=1)
    if _FENCE.match(line):
        return None
    if line[:1].isdigit() or line[:1] == "[":
        line = _LOG_PREFIX.sub("", line, count=1)
    if line[:1] in "IWEF" and line[1:2] in (" ", "0", "1") and "] " in line:
        line = _CPP_LOG.sub("", line, count=1)
    if ":" in line[:12] and line[:1].isupper():
        line = _LEVEL_PREFIX.sub("", line, count=1)
    if line.startswith("E  "):
        line = _PYTEST_PREFIX.sub("", line, count=1)
    stripped = line.strip()
    if stripped[:1] in ("*", "`"):
        line = line[: len(line) - len(line.lstrip())] + _unemphasise(stripped)
    if " (see above for traceback):" in line:
        line = _SEE_ABOVE.sub(r"\1:", line, count=1)
    return line


def _unemphasise(line: str) -> str:
    """'**ValueError: x**', '`ValueError: x`', '**ValueError**: x' -> 'ValueError: x'."""
    line = _EMPHASIS_NAME.sub(r"\2", line, count=1)
    for mark in ("```", "**", "`"):
        if line.startswith(mark):
            inner = line[len(mark) :]
            if inner.endswith(mark) and len(inner) > len(mark):
                return inner[: -len(mark)].strip()
            if EXCEPTION_START.match(inner):
                return inner
    return line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _dedent(lines: list[str]) -> list[str]:
    """Undo a code block's indentation around each traceback, leaving prose as it is.

    The anchors are the traceback headers; without any, the exception lines that sit least
    indented. Around each anchor indented by d, the run of lines indented by at least d loses d.
    """
    anchors = [i for i, line in enumerate(lines) if HEADER.search(line)]
    if not anchors:
        found = [(i, _indent(x)) for i, x in enumerate(lines) if EXCEPTION_START.match(x.lstrip())]
        if not found:
            return lines
        least = min(d for _, d in found)
        anchors = [i for i, d in found if d == least]
    out = list(lines)
    done = -1
    for anchor in anchors:
        d = _indent(lines[anchor])
        if anchor <= done:
            continue
        start = anchor
        while start > 0 and (not lines[start - 1].strip() or _indent(lines[start - 1]) >= d):
            start -= 1
        end = anchor
        while end + 1 < len(lines) and (not lines[end + 1].strip() or _indent(lines[end + 1]) >= d):
            end += 1
        for i in range(start, anchor + 1):
            out[i] = lines[i][d:]
        # Lines after the first one indented further (a paste into a list item, a header left
        # at the margin): the least indented of them is where the exception line stands.
        after = [_indent(x) for x in lines[anchor + 1 : end + 1] if x.strip()]
        shift = d + max(0, min(after, default=d) - d) if HEADER.search(lines[anchor]) else d
        if shift - d < 2:
            shift = d
        for i in range(anchor + 1, end + 1):
            out[i] = lines[i][shift:]
        done = end
    return out


def _unwrap(lines: list[str]) -> list[str]:
    """Join lines a terminal or a word wrap broke at the paste's width.

    A line as long as the widest one (a terminal width) was cut there and goes on in the next
    line. A shorter line whose follower's first word would not have fitted on it was broken at a
    space (a word wrap, or a terminal copy whose trailing space was trimmed): joined with a space.
    """
    longest = max((len(x) for x in lines), default=0)
    width = min((w for w in TERMINAL_WIDTHS if w >= longest), default=0)
    if not width or width - longest > MAX_WRAP_SLACK:
        return lines
    # A terminal leaves wrapped lines full (or one short, when a copy trimmed the space it cut
    # at); a word wrap leaves most of them short, and a full line there ended at a space the
    # wrap dropped, unless it was cut inside a word too long for a line (a path, a URL).
    full = sum(1 for x in lines if len(x) == width and not _long_word_cut(x))
    short = sum(
        1 for a, b in itertools.pairwise(lines) if len(a) < width - 1 and _word_wrapped(a, b, width)
    )
    words = short > full
    out: list[str] = []
    joining = False
    last = ""  # the last line as the paste has it (out[-1] may hold several)
    for line in lines:
        if joining and line and not _starts_anew(line):
            spaced = words and line[0] not in " \t" and last[-1] != " " and not _long_word_cut(last)
            out[-1] += (" " if spaced else "") + line
        elif out and _word_wrapped(last, line, width):
            out[-1] += " " + line
        else:
            out.append(line)
        joining = len(line) == width
        last = line
    return out


def _long_word_cut(line: str) -> bool:
    """A full line that ends in a word too long to wrap: a word wrap had to cut it there."""
    return len(line) - max(line.rfind(" "), line.rfind("\t")) > LONG_WORD


def _word_wrapped(before: str, line: str, width: int) -> bool:
    """True when `line` goes on from `before`, a line a word wrap broke at a space."""
    if width > MAX_WORD_WRAP or not line or line[0] in " \t" or before[-1:] in ("", " ", "\t"):
        return False
    word = line.split(" ", 1)[0]
    if len(before) >= width or len(before) + 1 + len(word) <= width:
        return False
    return not (
        _starts_anew(line)
        or _IPYTHON_START.match(line)
        or HEADER.search(line)
        or FRAME_LINE.match(before)
        or _IPYTHON_START.match(before)
        or HEADER.search(before)
    )


def _starts_anew(line: str) -> bool:
    """A line a wrap cannot have produced: a frame, a traceback header or an exception line.

    A line that merely happens to be as wide as the terminal must not swallow the next one.
    """
    head = line[:200]
    return bool(
        (
            head.startswith(("Traceback (most recent call last)", "File "))
            and (HEADER.match(head) or FRAME_LINE.match(head))
        )
        or (head[:1].isalpha() and EXCEPTION_START.match(head))
    )


def normalise(data: str | bytes) -> str:
    """Pasted text in the form Python prints tracebacks (a clean traceback comes out unchanged)."""
    text = _characters(decode(data))
    lines: list[str] = []
    for raw in text.split("\n"):  # trailing spaces kept: a wrapped line can end in one
        line = _line(raw)
        if line is not None:
            lines.append(line)
    return "\n".join(_unwrap(_dedent(lines)))
