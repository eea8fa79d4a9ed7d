"""Degenerate messages that once made reading a paste slow: each gets a bounded answer."""

from __future__ import annotations

import time

import tfhelp
from tfhelp.signature import from_text
from tfhelp.signature.tfblocks import INNER_LINES, MAX_INNER


def _many_inner_errors(count: int) -> str:
    lines = "".join(f"    ValueError: bad value number {i} in this layer\n" for i in range(count))
    return "ValueError: in user code:\n\n" + lines


def test_a_thousand_inner_errors_are_read_in_bounded_time() -> None:
    text = _many_inner_errors(1000)
    assert len(text) > 40_000
    tfhelp.diagnose_text("warm up: load the knowledge base")
    start = time.process_time()
    signature = from_text(text)
    found = tfhelp.diagnose_text(text)
    took = time.process_time() - start
    assert signature is not None and signature.error.type_name == "ValueError"
    assert len(signature.inner) == MAX_INNER
    # The first and the last inner errors are the ones kept (nested traces put the real one last).
    assert signature.inner[0].message.startswith("bad value number 0 ")
    assert signature.inner[-1].message == "bad value number 999 in this layer"
    assert all(p.message.count("\n") <= INNER_LINES for p in signature.inner)
    assert found == []
    assert took < 0.5, f"{took:.3f} s CPU for a 41 KB message"


def test_inner_errors_still_read_in_full_when_few() -> None:
    text = (
        "ValueError: in user code:\n\n"
        '    File "train.py", line 3, in step  *\n'
        "        return tf.matmul(a, b)\n\n"
        "    ValueError: Dimensions must be equal, but are 3 and 4 for '{{node MatMul}} = "
        "MatMul[T=DT_FLOAT](a, b)' with input shapes: [2,3], [4,5].\n"
    )
    signature = from_text(text)
    assert signature is not None
    (inner,) = signature.inner
    assert inner.message.startswith("Dimensions must be equal, but are 3 and 4")


def test_ten_mb_of_frame_lines_without_an_exception_is_bounded() -> None:
    text = '  File "x.py", line 1, in f\n' * (10 * 2**20 // 28)
    tfhelp.diagnose_text("warm up: load the knowledge base")
    for data in (text, text.encode()):
        start = time.process_time()
        found = tfhelp.diagnose_text(data)
        took = time.process_time() - start
        assert found == []
        assert took < 0.5, f"{took:.3f} s CPU for 10 MB of frame lines"
