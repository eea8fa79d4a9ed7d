"""The text renderer: brief under an error, whole on request; the terminal's width (wide
characters count two columns), colours only when asked; in English and Chinese."""

from __future__ import annotations

import re

import pytest

from tests.paths import FIXTURE_RECORDS, RECORDS, TRACEBACKS
from tfhelp.knowledge import KnowledgeBase
from tfhelp.render.text import (
    BRIEF_LINES,
    columns,
    render_brief,
    render_full,
    render_help,
    render_no_match,
    render_search,
    terminal_width,
    wrap,
)
from tfhelp.signature import from_text
from tfhelp.view import HelpView, NoMatchView, TextStyle, match_view, record_view, search_view

KB = KnowledgeBase.from_paths([FIXTURE_RECORDS])
_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([RECORDS])


def _tape_view(lang: str = "en", style: TextStyle | None = None) -> HelpView:
    signature = from_text((TRACEBACKS / "tape_twice.txt").read_text())
    assert signature is not None
    view = match_view(KB.matcher.match(signature), signature, lang, KB.by_id, style=style)
    assert isinstance(view, HelpView)
    return view


def test_whole_help_has_the_summary_then_sections_and_no_rates() -> None:
    text = render_help(_tape_view(), width=60)
    assert text.startswith("=" * 60 + "\ntfhelp: tape-twice  [tensorflow/tape-twice]\n")
    assert "> tape.gradient(y, x)" in text
    assert "Cause: Why." in text and "Fix: Do the thing" in text
    assert "(First because: the fix this error's record lists first)" in text
    order = [text.index(h) for h in ("Fix:", "Why it happens", "Related errors", "Versions")]
    assert order == sorted(order)
    assert "Your error: RuntimeError: A non-persistent GradientTape" in text
    assert not re.search(r"\d+%", text) and "####" not in text  # no unmeasured rates
    assert max(columns(line) for line in text.splitlines()) <= 60


def test_brief_help_is_the_summary_and_a_pointer_to_the_rest() -> None:
    view = _tape_view(style=TextStyle(brief=True))
    text = render_help(view, width=80)
    lines = text.splitlines()
    assert len(lines) <= BRIEF_LINES
    assert lines[0] == "tfhelp: tape-twice  [tensorflow/tape-twice]"
    assert lines[-1] == "%tfhelp shows the whole help for the last error"
    assert "Related errors" not in text and "Why it happens" not in text
    assert render_help(view, width=80, brief=False) == render_full(view, 80)


def test_help_text_in_chinese() -> None:
    text = render_help(record_view(KB.by_id["tensorflow/tape-twice"], "zh", known=KB.by_id))
    assert "更多修复方法" not in text or "这样做" in text
    assert "修复：这样做" in text and "之后常出现" in text and "版本与验证" in text


def test_wide_characters_take_two_columns() -> None:
    assert columns("abc") == 3 and columns("中文") == 4 and columns("修复：") == 6
    lines = wrap("这是一个很长的中文句子，" * 12, 40, "  ")
    assert len(lines) > 2 and all(columns(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines) == "这是一个很长的中文句子，" * 12
    long_word = wrap("x" * 100, 40, "")
    assert all(columns(line) <= 40 for line in long_word) and "".join(long_word) == "x" * 100


def test_width_follows_the_terminal_within_bounds(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert terminal_width() == 80
    monkeypatch.setenv("COLUMNS", "200")
    assert terminal_width() == 100
    monkeypatch.setenv("COLUMNS", "20")
    assert terminal_width() == 40


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_real_traceback_fits_80_columns(real_kb: KnowledgeBase, lang: str) -> None:
    files = sorted((TRACEBACKS / "records").glob("*.txt"))
    assert len(files) > 100
    helped = 0
    for path in files:
        signature = from_text(path.read_text(encoding="utf-8"))
        assert signature is not None, path
        matches = real_kb.matcher.match(signature)
        view = match_view(matches, signature, lang, real_kb.by_id)
        if not isinstance(view, HelpView):
            continue
        helped += 1
        brief = render_brief(view, 80).splitlines()
        assert len(brief) <= BRIEF_LINES, (path.name, brief)
        for line in (*brief, *render_full(view, 80).splitlines()):
            assert columns(line) <= 80, (path.name, line)
    assert helped > 100


def test_colours_only_when_asked(real_kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "matmul_eager.txt").read_text())
    assert signature is not None
    matches = real_kb.matcher.match(signature)
    plain = match_view(matches, signature, "en", real_kb.by_id, style=TextStyle(brief=True))
    coloured = match_view(
        matches, signature, "en", real_kb.by_id, style=TextStyle(brief=True, color=True)
    )
    assert "\x1b" not in render_help(plain, 80)
    text = render_help(coloured, 80)
    assert _SGR.search(text)
    assert _SGR.sub("", text) == render_help(plain, 80)  # the same words, only coloured
    assert all(columns(_SGR.sub("", line)) <= 80 for line in text.splitlines())


def test_colour_never_lets_a_record_drive_the_terminal(tmp_path) -> None:
    import json

    record = {
        "id": "tensorflow/hostile",
        "title": "Clears \x1b[2J\x1b[H the screen \x1b]0;owned\x07",
        "signature": "ValueError: hostile",
        "regex": "hostile",
        "explanation": "bell \x07 OSC 8 \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\",
        "workarounds": [{"action": "do \x1bc reset", "success_rate": 0.5}],
    }
    (tmp_path / "hostile.json").write_text(json.dumps(record), encoding="utf-8")
    kb = KnowledgeBase.from_paths([tmp_path])
    view = record_view(kb.by_id["tensorflow/hostile"], "en", style=TextStyle(color=True))
    text = render_help(view, 80)
    assert "Clears" in text and "\x07" not in text
    assert _SGR.sub("", text).count("\x1b") == 0  # only our own colour codes remain


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


def test_cli_explain_is_whole_unless_brief(capsys, monkeypatch) -> None:
    from tfhelp.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    path = str(TRACEBACKS / "records" / "matmul-size-incompatible.txt")
    assert main(["explain", path]) == 0
    whole = capsys.readouterr().out
    assert "More fixes" in whole and "What not to try" in whole
    assert main(["explain", "--brief", "--lang", "zh", path]) == 0
    brief = capsys.readouterr().out.splitlines()
    assert len(brief) <= BRIEF_LINES and all(columns(line) <= 80 for line in brief)
    assert brief[0].startswith("tfhelp: ") and "[2,3]" in "".join(brief)  # the user's values
    assert brief[-1] == "去掉 --brief 再运行 tfhelp explain 可查看完整帮助"
