"""The user's own values from an error message, made into cause text and a ranking of fixes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tfhelp.placeholders import PLACEHOLDER

if TYPE_CHECKING:
    from tfhelp.model import Record, Workaround

MAX_VALUE_CHARS = 120  # a shape, a dtype, a name: anything longer is not worth repeating
_SIZE = re.compile(r"-?\d+|None|\?")


@dataclass(frozen=True)
class RankedWorkaround:
    """A workaround in the order it should be offered, with why it is first (if it is)."""

    workaround: Workaround
    index: int  # its position in record.workarounds
    first_because: str  # the reason it leads ("" unless it is first because its `when` held)


def _sizes(value: str) -> list[str] | None:
    """The sizes of a shape written as [2,3], (2, 3), (None, 28, 28) or [?,3]; None otherwise."""
    text = value.strip()
    if len(text) < 2 or text[0] + text[-1] not in ("[]", "()"):
        return None
    inner = text[1:-1].strip().rstrip(",")
    if not inner:
        return []
    parts = [p.strip() for p in inner.split(",")]
    if not all(_SIZE.fullmatch(p) for p in parts):
        return None
    return parts


def _pick(position: int) -> Callable[[str], str | None]:
    def pick(value: str) -> str | None:
        sizes = _sizes(value)
        if not sizes or len(sizes) < abs(position) + (0 if position < 0 else 1):
            return None
        return sizes[position]

    return pick


def _rank(value: str) -> str | None:
    sizes = _sizes(value)
    return None if sizes is None else str(len(sizes))


def _features(value: str) -> str | None:
    sizes = _sizes(value)
    if not sizes or len(sizes) < 2 or not all(s.lstrip("-").isdigit() for s in sizes[1:]):
        return None
    return str(math.prod(int(s) for s in sizes[1:]))


def _leaf(value: str) -> str | None:
    leaf = re.split(r"[./]", value.strip().strip("'\"`"))[-1]
    return leaf or None


# One function for each name in tfhelp.model.DERIVATIONS (a test checks the two agree).
DERIVE: dict[str, Callable[[str], str | None]] = {
    "first": _pick(0),
    "last": _pick(-1),
    "second_last": _pick(-2),
    "rank": _rank,
    "features": _features,
    "leaf": _leaf,
}


def value_of(name: str, derivation: str | None, values: Mapping[str, str]) -> str | None:
    """A captured value, or one derived from it; None when the message did not give it."""
    raw = values.get(name)
    if raw is None or not raw.strip() or len(raw) > MAX_VALUE_CHARS:
        return None
    if derivation is None:
        return raw.strip()
    derive = DERIVE.get(derivation)
    return None if derive is None else derive(raw)


def fill(template: str, values: Mapping[str, str]) -> str | None:
    """The template with its {placeholders} filled as plain text; None when one is missing."""
    return _substitute(template, values, lambda v: v)


def _text(english: str, chinese: str, lang: str) -> str:
    return chinese if lang == "zh" and chinese else english


def specific_cause(record: Record, values: Mapping[str, str], lang: str = "en") -> str | None:
    """The record's cause in the user's values, or None when the message lacks one of them."""
    template = _text(record.specific, record.specific_zh, lang)
    if not template or not values:
        return None
    return fill(template, values)


def condition(workaround: Workaround, values: Mapping[str, str]) -> bool | None:
    """Whether the message's values meet the workaround's `when`: None when it has no
    conditions or the message lacks a value they test (an unknown value decides nothing)."""
    tests = []
    for key, pattern in workaround.when.items():
        name, _, derivation = key.partition(".")
        found = value_of(name, derivation or None, values)
        # A {placeholder} in the pattern compares two values: {"a.last": "{b.second_last}"}.
        filled = _fill_pattern(pattern, values)
        if found is None or filled is None:
            return None
        tests.append((filled, found))
    if not tests:
        return None
    return all(re.fullmatch(filled, found, re.IGNORECASE) for filled, found in tests)


def _fill_pattern(pattern: str, values: Mapping[str, str]) -> str | None:
    """The pattern with each {placeholder} replaced by its value as literal text."""
    return _substitute(pattern, values, re.escape)


def _substitute(text: str, values: Mapping[str, str], quote: Callable[[str], str]) -> str | None:
    missing = False

    def one(m: re.Match[str]) -> str:
        nonlocal missing
        found = value_of(m.group(1), m.group(2), values)
        if found is None:
            missing = True
            return ""
        return quote(found)

    filled = PLACEHOLDER.sub(one, text)
    return None if missing else filled


def ranked_workarounds(
    record: Record, values: Mapping[str, str], lang: str = "en"
) -> list[RankedWorkaround]:
    """Workarounds whose `when` holds first, then those without conditions, then those whose
    condition the message's values rule out (each group in record order); with why one leads."""
    met = [condition(w, values) for w in record.workarounds]
    held = [m is True for m in met]
    order = sorted(range(len(met)), key=lambda i: {True: 0, None: 1, False: 2}[met[i]])
    ranked: list[RankedWorkaround] = []
    for position, index in enumerate(order):
        workaround = record.workarounds[index]
        because = ""
        if position == 0 and held[index]:
            template = _text(workaround.because, workaround.because_zh, lang)
            because = (fill(template, values) or "") if template else ""
        ranked.append(RankedWorkaround(workaround, index, because))
    return ranked
