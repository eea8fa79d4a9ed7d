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


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?:.*a){12}XYZ", "catastrophically"),  # a bounded repeat multiplying a wildcard
        (r"(\w|\w)*!!$", "alternatives that can start alike"),
        ("a{4294967296}", "does not compile"),
        ("(" * 1000 + "a" + ")" * 1000, "too long"),
        ("(" * 900 + "a" + ")" * 900, "does not compile"),
        ("|".join(f"w{i}" for i in range(20_000)), "too long"),
        ("(?:" + "|".join(f"w{i}" for i in range(100)) + ")", "alternatives (at most"),
        ("(?:a|b|c)?", "matches the empty text"),
        (".*x.*y.*z.*a.*b.*c.*d.*e.*f", "unbounded wildcards"),
    ],
)
def test_hostile_patterns_are_refused_with_a_reason(pattern: str, reason: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and reason in problem.reason


@pytest.mark.parametrize("pattern", ["(?:foo|bar)+ baz", r"shape \[\d+, \d+\]", r"[^\n]{0,300}?x"])
def test_message_patterns_pass(pattern: str) -> None:
    assert check_pattern(pattern) is None
