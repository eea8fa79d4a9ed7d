"""Fixes to the user's own code: the cell that raised, patched, with the user's names and values.

    tfhelp.fix_code(exc, source) -> list[CodeFix]       # [] when no fixer applies

A fixer kind is code, written once (tfhelp.fixes.kinds); which records use which kind, with what
parameters, is data in the record (`fixes`). Fixers read the syntax tree (`ast`), edit the source
text by positions so the rest of the cell keeps its formatting, take values from the error's
message, and never import TensorFlow. A fix that would not parse is dropped.
"""

from __future__ import annotations

import linecache
import os
import re
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from tfhelp.fixes.engine import CodeFix, diff_of, fixes_for
from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.matching import Match
from tfhelp.signature.frames import is_user_file
from tfhelp.signature.model import Signature

if TYPE_CHECKING:
    from tfhelp.model import Record

__all__ = [
    "CodeFix",
    "cell_lines",
    "diff_of",
    "fix_code",
    "fix_script",
    "fixes_for_matches",
    "notebook_cell_fixes",
]
# Files that are notebook or IPython cells (their text is in linecache, registered by IPython).
_CELL_FILE = re.compile(r"ipykernel_\d+[/\\]\d+\.py$|<ipython-input-")


def _tb_frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return out


def cell_lines(exc: BaseException, source: str, signature: Signature | None = None) -> list[int]:
    """The lines of `source` the error went through, outermost first (traced tf.function lines
    last): frames of the file whose text is the cell, or else of the innermost user file."""
    frames = _tb_frames(exc.__traceback__)
    wanted = source.rstrip()
    filename = next(
        (f for f, _ in reversed(frames) if "".join(linecache.getlines(f)).rstrip() == wanted),
        None,
    )
    if filename is None:
        users = [f for f, _ in frames if is_user_file(f)]
        filename = users[-1] if users else None
    if filename is None:
        return []
    count = len(source.splitlines())
    lines = [ln for f, ln in frames if f == filename and 0 < ln <= count]
    if signature is not None:
        lines += [
            f.lineno
            for f in signature.traced_frames
            if f.filename == filename and f.lineno <= count
        ]
    return lines


def fixes_for_matches(
    matches: Sequence[Match] | Sequence[Record],
    signature: Signature,
    source: str,
    lines: Sequence[int],
    names: Mapping[str, str] | None = None,
) -> list[CodeFix]:
    """The fixes the matched records declare that apply to this cell, best first."""
    records = [m.record if isinstance(m, Match) else m for m in matches]
    messages = [part.headline for part in signature.parts]
    return fixes_for(records, source, lines, messages, names)


def fix_code(
    exc: BaseException, source: str, names: Mapping[str, str] | None = None
) -> list[CodeFix]:
    """Fixes of the cell `source` for the error `exc` it raised, best first; [] when no fixer
    applies. `names` maps the session's names to the modules they are (`{"tf": "tensorflow"}`),
    for a cell that uses modules imported in an earlier one."""
    from tfhelp.knowledge_base import default_knowledge_base
    from tfhelp.signature import from_exception

    signature = from_exception(exc)
    matches = default_knowledge_base().matcher.match(signature, limit=5)
    if not matches:
        return []
    return fixes_for_matches(matches, signature, source, cell_lines(exc, source, signature), names)


def fix_script(
    traceback_text: str | bytes, path: str, source: str, kb: KnowledgeBase | None = None
) -> list[CodeFix]:
    """Fixes of a script for the traceback it printed (the frames in a file named like it)."""
    from tfhelp.knowledge_base import default_knowledge_base

    signature, matches = (kb or default_knowledge_base()).explain_text(traceback_text)
    if signature is None or not matches:
        return []
    base = os.path.basename(path)
    count = len(source.splitlines())
    lines = [
        f.lineno
        for f in (*signature.frames, *signature.traced_frames)
        if os.path.basename(f.filename) == base and 0 < f.lineno <= count
    ]
    fixes = fixes_for_matches(matches, signature, source, lines)
    return [
        CodeFix(f.record_id, f.kind, f.title, f.title_zh, f.code, diff_of(source, f.code, base))
        for f in fixes
    ]


def notebook_cell_fixes(
    signature: Signature, matches: Sequence[Match], names: Mapping[str, str] | None = None
) -> tuple[str, list[CodeFix]]:
    """For an error raised in a notebook or IPython cell: that cell's source (from linecache,
    where IPython keeps it) and its fixes; ("", []) when the error did not come from a cell."""
    frames = [*signature.frames, *signature.traced_frames]
    cells = [f for f in signature.frames if _CELL_FILE.search(f.filename)]
    if not cells or not matches:
        return "", []
    filename = cells[-1].filename
    source = "".join(linecache.getlines(filename))
    if not source.strip():
        return "", []
    count = len(source.splitlines())
    lines = [f.lineno for f in frames if f.filename == filename and 0 < f.lineno <= count]
    return source, fixes_for_matches(matches, signature, source, lines, names)
