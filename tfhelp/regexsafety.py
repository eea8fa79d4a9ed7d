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


MAX_PATTERN_CHARS = 2000  # a message's pattern, not a word list: long ones cost at compile time
MAX_BRANCHES = 64  # alternatives in one group
MAX_GREEDY_WILDCARDS = 8  # unbounded .* and [^x]* in one pattern: each multiplies the others' work


def check_pattern(pattern: str) -> RegexProblem | None:
    """Return the problem with `pattern`, or None when it compiles and is safe to run."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return RegexProblem(f"regex is too long ({len(pattern)} > {MAX_PATTERN_CHARS} characters)")
    try:
        compiled = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    except re.error as exc:
        return RegexProblem(f"regex does not compile: {exc}")
    except (OverflowError, RecursionError, MemoryError, ValueError) as exc:
        return RegexProblem(f"regex does not compile: {type(exc).__name__}")
    try:
        parsed = _p.parse(pattern)
    except Exception as exc:  # the private parser disagreeing with re.compile is not the user's
        return RegexProblem(f"regex could not be analysed: {type(exc).__name__}")
    try:
        problem = _shape_problem(list(parsed))
    except RecursionError:
        return RegexProblem("regex is nested too deeply to be analysed")
    if problem is None and compiled.search("") is not None:
        return RegexProblem("regex matches the empty text, so it would match every error")
    return problem


def _shape_problem(items: list[tuple[Any, Any]]) -> RegexProblem | None:
    if _has_nested_unbounded_repeat(items, inside_unbounded=False):
        return RegexProblem(
            "regex may backtrack catastrophically: an unbounded repeat (+, *, {n,}) inside "
            "another repeat, as in (a+)+ or (?:.*a){12}; use a single repeat or an atomic "
            "group (?>...)"
        )
    if _has_ambiguous_repeated_branch(items, inside_unbounded=False):
        return RegexProblem(
            "regex may backtrack catastrophically: alternatives that can start alike inside an "
            "unbounded repeat, as in (\\w|\\d)*; make the alternatives distinct"
        )
    widest = _max_branches(items)
    if widest > MAX_BRANCHES:
        return RegexProblem(f"regex has a group of {widest} alternatives (at most {MAX_BRANCHES})")
    if _count_unbounded(items) > MAX_GREEDY_WILDCARDS:
        return RegexProblem(
            f"regex has more than {MAX_GREEDY_WILDCARDS} unbounded wildcards (.*, [^x]*); "
            "anchor on fewer, more literal words"
        )
    return None


def _children(op: Any, av: Any) -> list[list[tuple[Any, Any]]]:
    if op in _REPEATS:
        return [list(av[2])]
    if op == _c.SUBPATTERN:
        return [list(av[-1])]
    if op == _c.BRANCH:
        return [list(b) for b in av[1]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(av[1])]
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return [list(av)]
    return []


def _max_branches(items: list[tuple[Any, Any]]) -> int:
    widest = 0
    for op, av in items:
        if op == _c.BRANCH:
            widest = max(widest, len(av[1]))
        for child in _children(op, av):
            widest = max(widest, _max_branches(child))
    return widest


def _is_wildcard(body: list[tuple[Any, Any]]) -> bool:
    """`.`, `[^x]` or a negated class: a repeat of it can stretch over most of the text."""
    if len(body) != 1:
        return False
    op, av = body[0]
    if op in (_c.ANY, _c.NOT_LITERAL):
        return True
    return op == _c.IN and bool(av) and av[0][0] == _c.NEGATE


def _count_unbounded(items: list[tuple[Any, Any]]) -> int:
    count = 0
    for op, av in items:
        if (
            op in _REPEATS
            and op not in _SAFE_REPEATS
            and av[1] == _MAXREPEAT
            and _is_wildcard(list(av[2]))
        ):
            count += 1
        for child in _children(op, av):
            count += _count_unbounded(child)
    return count


def _first_sets(items: list[tuple[Any, Any]]) -> set[Any] | None:
    """Literal characters a sequence can start with; None when it may start with anything."""
    for op, av in items:
        if op == _c.LITERAL:
            return {chr(av).lower()}
        if op == _c.SUBPATTERN:
            return _first_sets(list(av[-1]))
        if op == _c.BRANCH:
            out: set[Any] = set()
            for branch in av[1]:
                first = _first_sets(list(branch))
                if first is None:
                    return None
                out |= first
            return out
        if op == _c.AT:
            continue
        return None
    return None


def _has_ambiguous_repeated_branch(items: list[tuple[Any, Any]], inside_unbounded: bool) -> bool:
    for op, av in items:
        if op in _SAFE_REPEATS or op == getattr(_c, "ATOMIC_GROUP", None):
            continue
        if op == _c.BRANCH and inside_unbounded:
            seen: set[Any] = set()
            for branch in av[1]:
                first = _first_sets(list(branch))
                if first is None or first & seen:
                    return True
                seen |= first
        unbounded = op in _REPEATS and (av[1] == _MAXREPEAT or av[1] > 64)
        for child in _children(op, av):
            if _has_ambiguous_repeated_branch(child, inside_unbounded or unbounded):
                return True
    return False


def _has_nested_unbounded_repeat(items: list[tuple[Any, Any]], inside_unbounded: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            _, high, body = av
            unbounded = high == _MAXREPEAT or high > 64
            if op in _SAFE_REPEATS:
                continue
            if unbounded and inside_unbounded and _can_repeat_nonempty(list(body)):
                return True
            # A bounded repeat of more than a few rounds multiplies an unbounded one inside it:
            # (?:.*a){12} tries n**12 splits before it fails.
            outer = inside_unbounded or unbounded or high > 2
            if _has_nested_unbounded_repeat(list(body), outer):
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
