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


@pytest.mark.reliability
@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        # Bounded repeats multiply as unbounded ones do once they allow many counts.
        (r"(?:a{1,10}){1,10}b", "wide repeat"),
        (r"(?:a{1,60}){1,60}b", "wide repeat"),
        (r"(?:a|a){1,64}b", "alternatives that can start alike"),
        # Wildcards are counted through bounded repeats, and a chain of four is refused.
        (r".*a.*a.*a.*a.*XYZ", "unbounded wildcards"),
        (r"(?:.*a){2}(?:.*a){2}XYZ", "unbounded wildcards"),
    ],
)
def test_accepted_before_now_refused(pattern: str, reason: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and reason in problem.reason


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\d{1,3}\.){3}\d{1,3}",  # a narrow repeat inside a short one
        r"a.*b|c.*d|e.*f|g.*h",  # one wildcard per alternative: not a chain of four
        r"Shape mismatch in (?:layer #\d+|\w+).{0,300}?Weight expects shape",
        r"(?:.*a){2}XYZ",
    ],
)
def test_narrow_shapes_still_pass(pattern: str) -> None:
    assert check_pattern(pattern) is None


def test_pieces_are_the_public_reading_of_a_pattern() -> None:
    from tfhelp.regexsafety import Piece, pieces

    parsed = pieces(r"ab(cc|dd)e+")
    assert parsed is not None
    assert [p.kind for p in parsed] == ["literal", "literal", "group", "repeat"]
    assert parsed[0] == Piece("literal", text="a")
    (branch,) = parsed[2].parts[0]
    assert branch.kind == "branch" and [len(alt) for alt in branch.parts] == [2, 2]
    assert parsed[3].least == 1 and parsed[3].parts[0][0].text == "e"
    assert pieces("[(") is None
    assert pieces("(" * 5000 + ")" * 5000) is None  # too deep to read: None, never a crash


def test_anchors_read_patterns_through_the_public_api() -> None:
    import tfhelp.knowledge.anchors as anchors

    assert not hasattr(anchors, "_c") and not hasattr(anchors, "_p")  # no private parser names
    assert anchors.requirement("[(").clauses == ()
    assert anchors.requirement("(" * 5000 + ")" * 5000).clauses == ()
