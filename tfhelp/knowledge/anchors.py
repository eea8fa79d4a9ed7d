"""Literal text a regex cannot match without: it lets the matcher skip most records unread.

A regex is reduced to a small formula over lower-cased literal strings: `All` of clauses, each
clause a string that must occur or an `Any` of alternative `All`s (from `a|b` groups). Checking
a formula is a handful of substring tests, far cheaper than running the regex.
"""

from __future__ import annotations

from dataclasses import dataclass

from tfhelp.regexsafety import Piece, pieces

GRAM = 3
MIN_CLAUSE = 2  # shorter literals are checked by the regex alone


@dataclass(frozen=True)
class AnyOf:
    """One of these alternatives must hold."""

    alternatives: tuple[AllOf, ...]


@dataclass(frozen=True)
class AllOf:
    """Every clause must hold (an empty AllOf always holds)."""

    clauses: tuple[str | AnyOf, ...]

    def holds(self, text: str) -> bool:
        """True when the lower-cased text could match the regex this formula came from."""
        for clause in self.clauses:
            if isinstance(clause, str):
                if clause not in text:
                    return False
            elif not any(alt.holds(text) for alt in clause.alternatives):
                return False
        return True

    def keys(self) -> list[str] | None:
        """A few literal strings of which any match contains one; None when there are none."""
        best: list[str] | None = None
        for clause in self.clauses:
            option: list[str] | None
            if isinstance(clause, str):
                option = [clause] if len(clause) >= GRAM else None
            else:
                option = []
                for alt in clause.alternatives:
                    sub = alt.keys()
                    if sub is None or any(len(k) < GRAM for k in sub):
                        option = None
                        break
                    option.extend(sub)
            if option and (best is None or _rank(option) < _rank(best)):
                best = option
        return best


def _rank(option: list[str]) -> tuple[int, int]:
    return (len(option), -min(len(s) for s in option))


def requirement(pattern: str) -> AllOf:
    """The formula of literal text that every match of the pattern contains."""
    parsed = pieces(pattern)
    return AllOf(()) if parsed is None else _concat(parsed)


def _concat(items: tuple[Piece, ...]) -> AllOf:
    clauses: list[str | AnyOf] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_CLAUSE:
            clauses.append("".join(run).lower())
        run.clear()

    for piece in items:
        if piece.kind == "literal":
            run.append(piece.text)
            continue
        flush()
        if piece.kind == "group" or (piece.kind == "repeat" and piece.least >= 1):
            clauses.extend(_concat(piece.parts[0]).clauses)
        elif piece.kind == "branch":
            alternatives = tuple(_concat(branch) for branch in piece.parts)
            if all(alt.clauses for alt in alternatives):
                clauses.append(AnyOf(alternatives))
    flush()
    return AllOf(tuple(clauses))


def grams(text: str) -> set[str]:
    """Every 3-character slice of a lower-cased text."""
    return {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}
