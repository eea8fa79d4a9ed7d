"""Static checks that a record's regex compiles and cannot backtrack catastrophically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

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
# Unbounded .* and [^x]* one match runs through: each multiplies the others' work (the records
# use at most 2; `.*a` seven times over 4,000 a's runs for seconds, twice takes 45 ms).
MAX_GREEDY_WILDCARDS = 3
# A repeat with more possible counts than this multiplies what is inside it: (?:a{1,10}){1,10}
# or (?:a|a){1,64} backtrack like (a+)+ although no repeat in them is unbounded.
WIDE_REPEAT = 8


PieceKind = Literal["literal", "group", "branch", "repeat", "other"]


@dataclass(frozen=True)
class Piece:
    """One element of a parsed regex as plain data, for readers such as knowledge.anchors."""

    kind: PieceKind
    text: str = ""  # a literal's character
    least: int = 0  # a repeat's minimum count
    # A group's or a repeat's body (one sequence), or a branch's alternatives (several).
    parts: tuple[tuple[Piece, ...], ...] = ()


def pieces(pattern: str) -> tuple[Piece, ...] | None:
    """The pattern as Pieces; None when it cannot be parsed or nests too deeply to read.

    Only greedy and lazy repeats are "repeat"; possessive repeats, atomic groups, classes,
    anchors and lookarounds are "other" (a reader learns nothing it can rely on from them).
    """
    try:
        return _pieces(list(_p.parse(pattern)))
    except RecursionError:
        return None
    except Exception:  # the private parser may refuse what re accepts, or the reverse
        return None


def _pieces(items: list[tuple[Any, Any]]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for op, av in items:
        if op == _c.LITERAL:
            out.append(Piece("literal", text=chr(av)))
        elif op == _c.SUBPATTERN and av[-1] is not None:
            out.append(Piece("group", parts=(_pieces(list(av[-1])),)))
        elif op == _c.BRANCH:
            out.append(Piece("branch", parts=tuple(_pieces(list(b)) for b in av[1])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            out.append(Piece("repeat", least=int(av[0]), parts=(_pieces(list(av[2])),)))
        else:
            out.append(Piece("other"))
    return tuple(out)


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
            "regex may backtrack catastrophically: an unbounded or wide repeat (+, *, {n,}, "
            "{1,10}) inside another repeat, as in (a+)+, (?:.*a){12} or (?:a{1,10}){1,10}; use "
            "a single repeat or an atomic group (?>...)"
        )
    if _has_ambiguous_repeated_branch(items, inside_unbounded=False):
        return RegexProblem(
            "regex may backtrack catastrophically: alternatives that can start alike inside an "
            "unbounded or wide repeat, as in (\\w|\\d)* or (?:a|ab){1,64}; make the "
            "alternatives distinct"
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
    """Unbounded wildcards one match runs through: summed along a sequence, the most of any
    alternative of a branch, and multiplied by a bounded repeat ((?:.*a){2} holds two)."""
    count = 0
    for op, av in items:
        if op in _REPEATS and op not in _SAFE_REPEATS and av[1] == _MAXREPEAT:
            count += 1 if _is_wildcard(list(av[2])) else _count_unbounded(list(av[2]))
        elif op in _REPEATS and op not in _SAFE_REPEATS:
            count += min(int(av[1]), MAX_GREEDY_WILDCARDS + 1) * _count_unbounded(list(av[2]))
        elif op == _c.BRANCH:
            count += max((_count_unbounded(list(b)) for b in av[1]), default=0)
        else:
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
        unbounded = op in _REPEATS and _wide(av[0], av[1])
        for child in _children(op, av):
            if _has_ambiguous_repeated_branch(child, inside_unbounded or unbounded):
                return True
    return False


def _has_nested_unbounded_repeat(items: list[tuple[Any, Any]], inside_unbounded: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            unbounded = _wide(low, high)
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


def _wide(low: int, high: int) -> bool:
    """A repeat that can stop at many counts: each is a way to backtrack into its body."""
    return high == _MAXREPEAT or high - low > WIDE_REPEAT


def _can_repeat_nonempty(items: list[tuple[Any, Any]]) -> bool:
    """True when the repeated body can consume characters (so nesting multiplies paths)."""
    return any(op not in (_c.AT,) for op, _ in items)
