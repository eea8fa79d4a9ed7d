"""Every real traceback, mangled as pastes mangle it, finds the record its clean text finds.

The fixtures are real TensorFlow runs: tests/data/tracebacks/*.txt and every record reproducer's
traceback in tests/data/tracebacks/records/ (regenerate with
`python tests/data/make_record_tracebacks.py`), in CPython's and IPython's layouts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import tfhelp
from tests.paths import TRACEBACKS
from tests.signature.manglings import MANGLINGS, wordwrap80_is_ambiguous
from tfhelp.knowledge import default_knowledge_base
from tfhelp.signature import from_text

FIXTURES = sorted(TRACEBACKS.glob("*.txt")) + sorted((TRACEBACKS / "records").glob("*.txt"))


@cache
def _clean(path: Path) -> tuple[str | None, str]:
    matches = tfhelp.diagnose_text(path.read_text(encoding="utf-8"))
    return (matches[0].record.id, matches[0].reason) if matches else (None, "")


def _numpy_wording_without_tensorflow(record_id: str | None, text: str) -> bool:
    """A record whose message is NumPy's own wording matches only when TensorFlow shows in the
    error (tensorflow_only); a text that lost every sign of TensorFlow rightly finds nothing."""
    record = default_knowledge_base().get(record_id or "")
    signature = from_text(text)
    return bool(record and record.tensorflow_only) and not (signature and signature.is_tensorflow)


def _top(text: str) -> str | None:
    matches = tfhelp.diagnose_text(text)
    return matches[0].record.id if matches else None


def test_there_are_reproducer_fixtures() -> None:
    records = [p for p in FIXTURES if p.parent.name == "records"]
    assert len(records) >= 40, "run python tests/data/make_record_tracebacks.py"


@pytest.mark.parametrize("mangling", list(MANGLINGS))
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mangled_paste_finds_the_clean_record(path: Path, mangling: str) -> None:
    expected, reason = _clean(path)
    if mangling == "tail" and " of the earlier " in reason:
        pytest.skip("the record was found through a chained cause, which the last lines lack")
    clean = path.read_text(encoding="utf-8")
    if mangling == "wordwrap80" and wordwrap80_is_ambiguous(clean):
        pytest.skip("every wrapped line is 80 wide: a word wrap or a terminal's cut in a word?")
    mangled = MANGLINGS[mangling](clean)
    if _numpy_wording_without_tensorflow(expected, mangled):
        pytest.skip("NumPy's own wording, and the mangled text no longer shows TensorFlow")
    if mangling == "no_class":
        signature = from_text(clean)
        if signature is not None and len(signature.error.message.strip()) < 12:
            pytest.skip("the message alone (a bare key or name) says nothing without its class")
        found = tfhelp.diagnose_text(mangled)
        if found and " of the earlier " in found[0].reason and found[0].record.id != expected:
            # The class was dropped from the last error only: an earlier error of the chain
            # keeps its class, and a matched class outranks a class-less message by design.
            pytest.skip("an earlier chained error keeps its class and matches another record")
    assert _top(mangled) == expected


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.parent.name == "records"], ids=str)
def test_reproducer_traceback_finds_its_record(path: Path) -> None:
    record_id = "tensorflow/" + path.name.split(".", 1)[0]
    if _numpy_wording_without_tensorflow(record_id, path.read_text(encoding="utf-8")):
        pytest.skip("NumPy's own wording, and this traceback shows no TensorFlow frame or name")
    assert _clean(path)[0] == record_id
