"""Literal requirements of regexes: a record is skipped only when its regex cannot match."""

from __future__ import annotations

import re

import pytest

from tfhelp.knowledge.anchors import requirement


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (
            r"Dimensions must be equal, but are \d+ and \d+",
            "dimensions must be equal, but are 3 and 4",
        ),
        ("(No gradient defined|gradient.*not implemented)", "xx gradient is not implemented"),
        (
            "NotImplementedError.*while_loop.*not supported",
            "notimplementederror: while_loop not supported",
        ),
        ("(?:abc|ab)d", "abd"),
        ("x{2,}yz", "xxxyz"),
    ],
)
def test_formula_holds_whenever_the_regex_matches(pattern: str, text: str) -> None:
    assert re.search(pattern, text, re.IGNORECASE)
    assert requirement(pattern).holds(text.lower())


def test_formula_rules_out_texts_missing_a_literal() -> None:
    formula = requirement(r"Matrix size-incompatible: In\[0\]")
    assert not formula.holds("dimensions must be equal")
    assert formula.keys() == ["matrix size-incompatible: in[0]"]


def test_alternatives_give_one_key_each() -> None:
    keys = requirement("(korea.*bank|japan.*bank)").keys()
    assert keys is not None and len(keys) == 2
