"""Static checks that a record's regex compiles and cannot backtrack catastrophically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}
_MAXREPEAT = _c.MAXREPEAT
_SAFE_REPEATS = {getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}


@dataclass(frozen=True)
class RegexProblem:
    """Why a pattern is refused."""

    reason: str


def check_pattern(pattern: str) -> RegexProblem | None:
    """Return the problem with `pattern`, or None when it compiles and is safe to run."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return RegexProblem(f"regex does not compile: {exc}")
    try:
        parsed = _p.parse(pattern)
    except (
        Exception
    ) as exc:  # the private parser disagreeing with re.compile is not the user's fault
        return RegexProblem(f"regex could not be analysed: {exc}")
    if _has_nested_unbounded_repeat(list(parsed), inside_unbounded=False):
        return RegexProblem(
            "regex may backtrack catastrophically: an unbounded repeat (+, *, {n,}) inside "
            "another one, as in (a+)+; use a single repeat or an atomic group (?>...)"
        )
    return None


def _has_nested_unbounded_repeat(items: list[tuple[Any, Any]], inside_unbounded: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            _, high, body = av
            unbounded = high == _MAXREPEAT or high > 64
            if op in _SAFE_REPEATS:
                continue
            if unbounded and inside_unbounded and _can_repeat_nonempty(list(body)):
                return True
            if _has_nested_unbounded_repeat(list(body), inside_unbounded or unbounded):
                return True
        elif op == _c.SUBPATTERN:
            body = av[-1]
            if _has_nested_unbounded_repeat(list(body), inside_unbounded):
                return True
        elif op == _c.BRANCH:
            for branch in av[1]:
                if _has_nested_unbounded_repeat(list(branch), inside_unbounded):
                    return True
        elif op == getattr(_c, "ATOMIC_GROUP", None):
            continue  # an atomic group never backtracks into itself
        elif op in (_c.ASSERT, _c.ASSERT_NOT) and _has_nested_unbounded_repeat(
            list(av[1]), inside_unbounded
        ):
            return True
    return False


def _can_repeat_nonempty(items: list[tuple[Any, Any]]) -> bool:
    """True when the repeated body can consume characters (so nesting multiplies paths)."""
    return any(op not in (_c.AT,) for op, _ in items)
