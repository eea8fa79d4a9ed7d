"""Running the fixes records declare: the error's values and lines in, patched cells out."""

from __future__ import annotations

import ast
import difflib
import functools
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tfhelp.fixes.source import Cell, Edit

if TYPE_CHECKING:
    from tfhelp.model import FixDeclaration, FixParam, Record

# TensorFlow's C names of dtypes, as its messages print them ("expected to be a float tensor").
DTYPE_NAMES = {"float": "float32", "double": "float64", "half": "float16"}
MODULE_FIELDS = {"tf": "tensorflow", "keras": "keras", "np": "numpy"}


@dataclass(frozen=True)
class CodeFix:
    """The user's cell, fixed: the whole patched code and its diff against the original."""

    record_id: str
    kind: str
    title: str
    title_zh: str
    code: str
    diff: str

    def title_in(self, lang: str) -> str:
        """The title in a language ('en' or 'zh')."""
        return self.title_zh if lang == "zh" and self.title_zh.strip() else self.title


class FixNotApplicable(Exception):
    """A fixer found nothing it knows how to fix in this cell (never shown to users)."""


@dataclass
class FixContext:
    """What one fixer sees: the cell, the lines the error went through, the error's values."""

    cell: Cell
    lines: tuple[int, ...]  # the cell's lines on the error's stack, innermost last
    values: dict[str, str]
    params: Mapping[str, FixParam] = field(default_factory=dict)

    def param(self, name: str, default: Any = None) -> Any:
        """A parameter of the declaration."""
        return self.params.get(name, default)

    def keys(self, name: str) -> list[str]:
        """A parameter that is one name or a list of names."""
        value = self.params.get(name, [])
        return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]

    @property
    def scope(self) -> set[int] | None:
        """The lines a fixer looks at: the error's lines, or the whole cell (None)."""
        if self.param("scope", "line") == "cell" or not self.lines:
            return None
        return set(self.lines)

    def calls(self, keys: list[str]) -> list[ast.Call]:
        """Calls to one of `keys` in scope, innermost line first."""
        found = self.cell.calls_matching(keys, self.scope)
        order = {ln: i for i, ln in enumerate(reversed(self.lines))}
        return sorted(found, key=lambda c: order.get(c.lineno, len(order)))

    def render(self, template: str, /, *args: str, **extra: str) -> str:
        """A template with `{tf}`/`{keras}`/`{np}` (the cell's own names for those modules),
        `{0}`.. (arguments), and the error's values; FixNotApplicable when one is missing."""
        return _Formatter(self).vformat(template, args, extra)


class _Formatter(string.Formatter):
    def __init__(self, ctx: FixContext) -> None:
        self.ctx = ctx

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int):
            if key < len(args):
                return args[key]
            raise FixNotApplicable(f"no argument {key}")
        if key in kwargs:
            return kwargs[key]
        if key in MODULE_FIELDS:
            return self.ctx.cell.ref(MODULE_FIELDS[key])
        if key in self.ctx.values:
            return self.ctx.values[key]
        if isinstance(self.ctx.params.get(key), str):
            return self.ctx.params[key]
        raise FixNotApplicable(f"no value {key!r}")


Fixer = Callable[[FixContext], list[Edit]]


def message_values(declaration: FixDeclaration, messages: Iterable[str]) -> dict[str, str] | None:
    """The named groups of the declaration's `message` regex in the first message it fits;
    None when it fits none (the fix does not apply to this error)."""
    if not declaration.message:
        return {}
    pattern = _compiled(declaration.message)
    for text in messages:
        found = pattern.search(text)
        if found:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            for key, value in list(values.items()):
                if key.startswith("dtype"):
                    values[key] = DTYPE_NAMES.get(value, value)
            return values
    return None


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    # The model refused patterns that could backtrack catastrophically (regexsafety).
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


def diff_of(before: str, after: str, name: str = "cell") -> str:
    """A unified diff of a cell against its fixed form."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (fixed)",
    )
    return "".join(ln if ln.endswith("\n") else ln + "\n" for ln in lines)


def run_declaration(
    record: Record,
    declaration: FixDeclaration,
    source: str,
    lines: Sequence[int],
    messages: Sequence[str],
    names: Mapping[str, str] | None = None,
    kinds: Mapping[str, Fixer] | None = None,
) -> CodeFix | None:
    """One declared fix applied to one cell, or None when it does not apply there."""
    from tfhelp.fixes.kinds import KINDS

    fixer = (kinds or KINDS).get(declaration.kind)
    if fixer is None:
        return None
    values = message_values(declaration, messages)
    if values is None:
        return None
    try:
        cell = Cell(source, names or {})
    except (SyntaxError, ValueError):
        return None
    ctx = FixContext(cell, tuple(lines), values, declaration.params)
    try:
        edits = fixer(ctx)
    except FixNotApplicable:
        return None
    except Exception:  # a fixer's fault must never cost the user the help panel
        return None
    if not edits:
        return None
    code = cell.apply(edits)
    if code is None or code == source:
        return None
    try:
        ast.parse(code)
    except SyntaxError:
        return None
    return CodeFix(
        record_id=record.id,
        kind=declaration.kind,
        title=declaration.title,
        title_zh=declaration.title_zh,
        code=code,
        diff=diff_of(source, code),
    )


def fixes_for(
    records: Sequence[Record],
    source: str,
    lines: Sequence[int],
    messages: Sequence[str],
    names: Mapping[str, str] | None = None,
) -> list[CodeFix]:
    """Every declared fix of these records (best record first) that applies to the cell."""
    out: list[CodeFix] = []
    seen: set[str] = set()
    for record in records:
        for declaration in record.fixes:
            fix = run_declaration(record, declaration, source, lines, messages, names)
            if fix is not None and fix.code not in seen:
                seen.add(fix.code)
                out.append(fix)
    return out
