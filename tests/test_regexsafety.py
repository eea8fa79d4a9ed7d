"""Static regex checks: refuse what cannot compile or could backtrack for ever."""

from __future__ import annotations

import pytest

from tfhelp.regexsafety import check_pattern


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*b", r"(\w+\s?)+$", "([a-z]+)*$", "(?:x|y+)+z"])
def test_nested_unbounded_repeats_are_refused(pattern: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and "catastrophically" in problem.reason


@pytest.mark.parametrize(
    "pattern",
    [
        r"Dimensions must be equal, but are \d+ and \d+",
        "NotImplementedError.*while_loop.*not supported",
        "(foo|bar)+",
        r"(\d+)?x",
        "(?>a+)+$",
    ],
)
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert check_pattern(pattern) is None


def test_compile_error_is_reported() -> None:
    problem = check_pattern("[(")
    assert problem is not None and problem.reason.startswith("regex does not compile")
