"""Wrapped lines rejoined, and what the fallback reads of real pastes (tests/data/pastes)."""

from __future__ import annotations

import tfhelp
from tests.paths import DATA, TRACEBACKS
from tests.signature.manglings import tail, wordwrap80, wrap80, wrap80_trimmed
from tfhelp.signature import from_text
from tfhelp.signature.paste import TERMINAL_WIDTHS, normalise

MATMUL = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
SAVEDMODEL = (TRACEBACKS / "records" / "keras3-load-model-savedmodel-folder.txt").read_text(
    encoding="utf-8"
)
PASTES = DATA / "pastes"


def _last_line(text: str) -> str:
    return text.rstrip().splitlines()[-1]


def _top(text: str | bytes) -> tuple[str, float, str] | None:
    matches = tfhelp.diagnose_text(text)
    return (matches[0].record.id, matches[0].score, matches[0].reason) if matches else None


def test_a_word_wrap_is_undone_with_the_spaces_it_dropped() -> None:
    for clean in (MATMUL, SAVEDMODEL):
        wrapped = wordwrap80(clean)
        assert max(len(x) for x in wrapped.splitlines()) <= 80
        assert _last_line(clean) in normalise(wrapped).splitlines()


def test_a_frame_line_a_word_wrap_broke_is_a_frame_again() -> None:
    signature = from_text(wordwrap80(SAVEDMODEL))
    assert signature is not None
    assert [f.name for f in signature.frames][-1] == "load_model"
    assert signature.error.message.startswith("File format not supported: filepath=/tmp/")


def test_a_terminal_wrap_whose_trailing_space_was_trimmed_keeps_the_space() -> None:
    wrapped = wrap80_trimmed(MATMUL)
    assert wrapped != wrap80(MATMUL)  # some cut fell at a space, which the copy lost
    assert _last_line(MATMUL) in normalise(wrapped).splitlines()


def test_a_line_as_wide_as_the_terminal_does_not_swallow_the_next_frame_or_exception() -> None:
    # IPython's tail of a real run: its widest lines happen to be as wide as some terminals.
    clean = (TRACEBACKS / "records" / "h5-file-signature-not-found.ipython.txt").read_text(
        encoding="utf-8"
    )
    lines = tail(clean).rstrip("\n").split("\n")
    assert max(len(x) for x in lines) in TERMINAL_WIDTHS
    assert normalise("\n".join(lines)).split("\n") == lines


def test_an_exception_named_inside_a_sentence_keeps_its_class() -> None:
    # 'I got this error: AttributeError: module 'tensorflow' has no attribute 'Session''
    found = _top((PASTES / "corpus-111.txt").read_bytes())
    assert found is not None
    record_id, score, reason = found
    assert record_id == "tensorflow/tf1-session-removed"
    assert score >= 0.9 and "AttributeError" in reason


def test_numbered_source_lines_of_ipython_frames_are_not_read_as_messages() -> None:
    # The error (h5py 3 and old Keras: 'str' object has no attribute 'decode') has no record;
    # the source line "raise ValueError('No model found in config file.')" above it must not
    # find one.
    text = (PASTES / "corpus-209.txt").read_bytes()
    assert b"No model found in config file" in text
    assert tfhelp.diagnose_text(text) == []


def test_a_real_word_wrapped_paste_is_rejoined() -> None:
    text = normalise((PASTES / "saving-008.txt").read_bytes())
    assert "'periodic_activation'] in `__init__` and therefore must override" in text


def test_log_lines_near_a_wide_terminal_width_stay_apart() -> None:
    # Three C++ log lines, 118 to 120 characters once their prefixes go: not a word wrap at 120.
    text = normalise((PASTES / "corpus-171.txt").read_bytes())
    registered = [x for x in text.split("\n") if "Unable to register" in x]
    assert len(registered) == 3
    assert all(x.count("Unable to register") == 1 for x in registered)
