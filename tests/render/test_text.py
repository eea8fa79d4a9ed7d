"""The text renderer: sections, bars, code, wrapping; in English and Chinese."""

from __future__ import annotations

from tests.paths import FIXTURE_RECORDS, TRACEBACKS
from tfhelp.knowledge import KnowledgeBase
from tfhelp.render.text import render_help, render_no_match, render_search
from tfhelp.signature import from_text
from tfhelp.view import HelpView, NoMatchView, match_view, record_view, search_view

KB = KnowledgeBase.from_paths([FIXTURE_RECORDS])


def test_help_text_sections_and_bars() -> None:
    signature = from_text((TRACEBACKS / "tape_twice.txt").read_text())
    assert signature is not None
    view = match_view(KB.matcher.match(signature), signature, "en", KB.by_id)
    assert isinstance(view, HelpView)
    text = render_help(view, width=60)
    assert "tfhelp: tape-twice  [tensorflow/tape-twice]" in text
    assert "[########..] 80%  Do the thing" in text
    assert "> tape.gradient(y, x)" in text
    assert max(len(line) for line in text.splitlines()) <= 88


def test_help_text_in_chinese() -> None:
    text = render_help(record_view(KB.by_id["tensorflow/tape-twice"], "zh", known=KB.by_id))
    assert "可行的解决办法" in text and "这样做" in text and "之后常出现" in text


def test_no_match_and_search_text() -> None:
    signature = from_text("ValueError: odd")
    assert signature is not None
    view = match_view([], signature, "en")
    assert isinstance(view, NoMatchView)
    assert "No record" in render_no_match(view)
    listing = render_search(search_view("reshape", KB.searcher.search("reshape")))
    assert "[tensorflow/reshape]" in listing
    assert "Nothing found" in render_search(search_view("zzz", []))
