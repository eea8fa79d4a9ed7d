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


def test_terminal_escapes_from_a_record_never_reach_the_terminal(tmp_path, capsys) -> None:
    import json

    from tfhelp.cli import main

    record = {
        "id": "tensorflow/hostile",
        "title": "Clears \x1b[2J\x1b[H the screen \x1b]0;owned\x07 and retitles",
        "signature": "ValueError: hostile \x1b[31mred\x1b[0m \x9b2J",
        "regex": "hostile",
        "explanation": "bell \x07 backspace \x08 OSC 8 \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\",
        "workarounds": [{"action": "do \x1bc reset", "success_rate": 0.5}],
    }
    (tmp_path / "hostile.json").write_text(json.dumps(record), encoding="utf-8")
    for argv in (
        ["show", "tensorflow/hostile", "--records", str(tmp_path)],
        ["search", "hostile", "--records", str(tmp_path)],
    ):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "hostile" in out
        assert not any(ch in out for ch in "\x1b\x07\x08\x9b"), repr(out)
    assert main(["explain", "--records", str(tmp_path), str(_write(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Clears" in out and "\x1b" not in out


def _write(folder):
    path = folder / "tb.txt"
    path.write_text(
        'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
        "ValueError: hostile \x1b]0;title\x07 message\n",
        encoding="utf-8",
    )
    return path
