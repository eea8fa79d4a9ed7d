"""Reading pasted error text: formatting undone, TensorFlow's own layouts, bad input bounded."""

from __future__ import annotations

import time

import pytest

import tfhelp
from tests.paths import TRACEBACKS
from tfhelp.signature import from_text
from tfhelp.signature.layouts import logged_errors, status_class
from tfhelp.signature.paste import looks_binary, normalise

MATMUL = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
LABEL = (
    "Received a label value of 10 which is outside the valid range of [0, 10).  Label values: 3 10"
)


def _top(text: str | bytes) -> str | None:
    matches = tfhelp.diagnose_text(text)
    return matches[0].record.id if matches else None


@pytest.mark.parametrize("name", ["matmul_eager", "keras_input", "chained_tf", "tape_twice"])
@pytest.mark.parametrize("form", ["txt", "ipython.txt"])
def test_clean_tracebacks_come_out_unchanged(name: str, form: str) -> None:
    text = (TRACEBACKS / f"{name}.{form}").read_text(encoding="utf-8")
    assert normalise(text) == normalise(normalise(text))
    assert "Traceback" in normalise(text)
    assert from_text(text) == from_text(normalise(text))


def test_markdown_and_chat_formatting() -> None:
    text = (
        '> ```\n> Traceback (most recent call last):\n>   File "t.py", line 3, in <module>\n'
        ">     y = f(x)\n> **ValueError**: Dimensions must be equal, but are 3 and 4\n> ```"
    )
    assert normalise(text).splitlines() == [
        "Traceback (most recent call last):",
        '  File "t.py", line 3, in <module>',
        "    y = f(x)",
        "ValueError: Dimensions must be equal, but are 3 and 4",
    ]


def test_html_copied_from_a_web_page() -> None:
    text = "<pre><code>ValueError: Shapes (None, 1) and (None, 10) are incompatible&#x27;s &amp; "
    text += "&lt;tf.Tensor&gt;</code></pre>"
    s = from_text(text)
    assert s is not None and s.error.type_name == "ValueError"
    assert s.error.message.endswith("incompatible's & <tf.Tensor>")


def test_terminal_copy_ansi_crlf_and_progress_bars() -> None:
    text = (
        "1/10 [==>....] - ETA: 3s\r2/10 [====>..] - ETA: 2s\r\n\x1b[31mValueError\x1b[0m: bad x\r\n"
    )
    assert normalise(text).splitlines() == ["2/10 [====>..] - ETA: 2s", "ValueError: bad x"]


def test_a_wrap_inside_the_class_name_is_joined() -> None:
    line = "tensorflow.python.framework.errors_impl.InvalidArgumentError: " + "x" * 60
    wrapped = line[:50] + "\n" + line[50:]  # both pieces shorter than a terminal: nothing joined
    assert normalise(wrapped) == wrapped
    padded = f"{line[:80]}\n{line[80:]}\n"
    assert from_text(padded).error.type_name == "InvalidArgumentError"  # type: ignore[union-attr]


def test_timestamps_and_log_prefixes() -> None:
    text = (
        "2024-03-01T10:11:12.1234567Z Traceback (most recent call last):\n"
        '2024-03-01T10:11:12.1234567Z   File "C:\\Users\\me\\train.py", line 4, in <module>\n'
        "2024-03-01T10:11:12.1234567Z     model.fit(x, y)\n"
        "2024-03-01T10:11:12.1234567Z ValueError: bad\n"
    )
    s = from_text(text)
    assert s is not None and s.error.headline == "ValueError: bad"
    assert s.trigger is not None and s.trigger.filename == "C:\\Users\\me\\train.py"
    assert normalise("ERROR:tensorflow:Model failed\nE       KeyError: 'x'") == (
        "Model failed\nKeyError: 'x'"
    )


def test_status_list_of_a_multi_device_run() -> None:
    text = (
        "  (0) Invalid argument:  Incompatible shapes: [32,10] vs. [32]\n"
        "\t [[{{node gradient_tape/mean_squared_error/BroadcastGradientArgs}}]]\n"
        "  (1) Resource exhausted: OOM when allocating tensor with shape[256,1024]\n"
        "0 successful operations.\n"
    )
    first, second = logged_errors(text)
    assert (first.type_name, second.type_name) == ("InvalidArgumentError", "ResourceExhaustedError")
    assert first.message.startswith("Incompatible shapes")
    assert _top(text) == "tensorflow/incompatible-shapes-broadcast"


def test_cpp_log_line_op_requires() -> None:
    text = (
        "2023-05-04 10:11:12.123456: W tensorflow/core/framework/op_kernel.cc:1830] OP_REQUIRES "
        "failed at matmul_op_impl.h:731 : INVALID_ARGUMENT: Matrix size-incompatible: In[0]: "
        "[2,3], In[1]: [4,5]\n"
    )
    s = from_text(text)
    assert s is not None and s.error.type_name == "InvalidArgumentError"
    (best, *_) = tfhelp.diagnose_text(text)
    assert best.record.id == "tensorflow/matmul-size-incompatible"
    wrapped = text + "Traceback (most recent call last):\nRuntimeError: step failed\n"
    (best, *_) = tfhelp.diagnose_text(wrapped)
    assert best.record.id == "tensorflow/matmul-size-incompatible"
    assert "of the InvalidArgumentError TensorFlow logged" in best.reason


def test_tf1_coordinator_and_caused_by_op() -> None:
    text = (
        "INFO:tensorflow:Error reported to Coordinator: <class 'tensorflow.python.framework."
        "errors_impl.InvalidArgumentError'>, Incompatible shapes: [32,10] vs. [32]\n"
    )
    s = from_text(text)
    assert s is not None and s.error.type_name == "InvalidArgumentError"
    tf1 = (
        "InvalidArgumentError (see above for traceback): Incompatible shapes: [4] vs. [3]\n"
        "\t [[Node: add = Add[T=DT_FLOAT](a, b)]]\n\nCaused by op 'add', defined at:\n"
        '  File "t.py", line 5, in <module>\n    c = a + b\n'
    )
    s = from_text(tf1)
    assert s is not None and s.error.type_name == "InvalidArgumentError"
    assert _top(tf1) == "tensorflow/incompatible-shapes-broadcast"


def test_keras_node_message_without_a_class() -> None:
    text = (
        "Node: 'sparse_categorical_crossentropy/SparseSoftmaxCrossEntropyWithLogits'\n"
        f"{LABEL}\n\t [[{{{{node sparse_categorical_crossentropy}}}}]] "
        "[Op:__inference_train_function_1234]\n"
    )
    (best, *_) = tfhelp.diagnose_text(text)
    assert best.record.id == "tensorflow/keras-label-out-of-range"
    assert "does not say which exception class" in best.reason


def test_classless_exception_line_after_a_stack() -> None:
    text = 'Traceback (most recent call last):\n  File "t.py", line 1, in <module>\n' + LABEL
    s = from_text(text)
    assert s is not None and s.error.type_name == "" and s.error.message == LABEL
    assert s.error.headline == LABEL


def test_ipython_header_names_the_class_the_last_line_lost() -> None:
    text = (TRACEBACKS / "matmul_eager.ipython.txt").read_text(encoding="utf-8")
    lines = text.rstrip().split("\n")
    lines[-1] = lines[-1].partition(": ")[2]
    s = from_text("\n".join(lines))
    assert s is not None and s.error.type_name == "InvalidArgumentError"


def test_colab_layout_frames_are_not_the_message() -> None:
    text = (
        "---------------------------------------------------------------------------\n"
        "ValueError                                Traceback (most recent call last)\n"
        "<ipython-input-3-8a5c7e0b7f1d> in <module>()\n"
        "----> 1 model.fit(x, y)\n\n"
        "/usr/local/lib/python3.7/dist-packages/keras/engine/training.py in fit(self, x, y)\n"
        "   1182         raise\n\n"
        "Dimensions must be equal, but are 3 and 4 for 'MatMul' with input shapes: [2,3], [4,5].\n"
    )
    s = from_text(text)
    assert s is not None and s.error.type_name == "ValueError"
    assert s.error.message.startswith("Dimensions must be equal")


def test_prose_around_and_only_the_last_line() -> None:
    text = f"I get this when I run train.py:\n\n    {MATMUL.rstrip().splitlines()[-1]}\n\nany idea?"
    assert _top(text) == "tensorflow/matmul-size-incompatible"


def test_a_message_in_prose_is_found_with_a_lower_score() -> None:
    quoted = "My fit fails with `No gradients provided for any variable` after I changed the loss."
    (best, *_) = tfhelp.diagnose_text(quoted)
    assert best.record.id == "tensorflow/keras-no-gradients-provided" and best.score < 0.9


@pytest.mark.parametrize(
    "text",
    [
        'Traceback (most recent call last):\n  File "t.py", line 2, in <module>\n'
        "    np.ones((2, 3)) + np.ones((4, 3))\n"
        "ValueError: operands could not be broadcast together with shapes (2,3) (4,3)\n",
        "    import pandas as pd\nKeyError: 'price'\n",
        "> RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)\n",
        "sklearn says: ValueError: Found input variables with inconsistent numbers of samples: "
        "[100, 99]",
        "I use tensorflow too, but this is numpy: IndexError: index 5 is out of bounds for axis 0",
    ],
)
def test_other_libraries_errors_still_get_no_record(text: str) -> None:
    assert tfhelp.diagnose_text(text) == []


def test_status_names() -> None:
    assert status_class("INVALID_ARGUMENT") == "InvalidArgumentError"
    assert status_class("Resource exhausted") == "ResourceExhaustedError"
    assert status_class("Out of memory") is None


# Bad input -----------------------------------------------------------------------------------


def test_binary_garbage_finds_nothing_and_is_told_apart() -> None:
    garbage = bytes(range(256)) * 400
    assert tfhelp.diagnose_text(garbage) == []
    assert looks_binary(normalise(garbage[:4096]) + "\x00") or looks_binary(
        garbage.decode("utf-8", "replace")
    )
    assert not looks_binary(MATMUL)


@pytest.mark.parametrize("kind", [str, bytes])
def test_a_100_mb_paste_is_answered_in_bounded_time(kind: type) -> None:
    filler = "step 1/1000 - loss: 0.1234 - accuracy: 0.5678\n" * (100 * 2**20 // 46)
    text = filler + MATMUL
    data = text.encode() if kind is bytes else text
    start = time.process_time()
    found = tfhelp.diagnose_text(data)
    took = time.process_time() - start
    assert [m.record.id for m in found][:1] == ["tensorflow/matmul-size-incompatible"]
    assert took < 1.0, f"{took:.3f} s CPU for 100 MB: the bound is 100 ms per MB, far less here"


def test_one_huge_line_is_bounded() -> None:
    start = time.process_time()
    tfhelp.diagnose_text("Dimensions must be equal " * 400_000 + "\n" + "`" * 1_000_000)
    assert time.process_time() - start < 1.0
