"""Real TensorFlow errors in a shell: traceback, %tb and %debug as usual, then the right help."""

from __future__ import annotations

import sys
from io import StringIO

import pytest
from IPython.utils.capture import capture_output

pytestmark = pytest.mark.tf


@pytest.fixture
def tf_shell(make_shell):
    """A shell with tfhelp over the bundled records, and TensorFlow imported."""
    from tfhelp.knowledge import reset_default

    reset_default()
    sh = make_shell()
    sh.run_line_magic("load_ext", "tfhelp")
    with capture_output():
        sh.run_cell("import os; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'\nimport tensorflow as tf")
    yield sh
    reset_default()


def _panel(cap) -> str:
    (panel,) = [o.data for o in cap.outputs if "tfhelp" in o.data.get("text/plain", "")]
    return panel["text/plain"]


def test_matmul_shape_error_then_tb_and_debug(tf_shell, monkeypatch):
    with capture_output() as cap:
        tf_shell.run_cell("a = tf.ones([2, 3])\nb = tf.ones([2, 3])\nc = tf.matmul(a, b)")
    assert "InvalidArgumentError" in cap.stdout and "Matrix size-incompatible" in cap.stdout
    text = _panel(cap)
    assert "[tensorflow/matmul-size-incompatible]" in text
    assert "> c = tf.matmul(a, b)" in text
    with capture_output() as cap:
        tf_shell.run_line_magic("tb", "")
    assert "InvalidArgumentError" in cap.stdout and "c = tf.matmul(a, b)" in cap.stdout
    monkeypatch.setattr(sys, "stdin", StringIO("q\n"))
    with capture_output() as cap:
        tf_shell.run_line_magic("debug", "")
    assert "ipdb>" in cap.stdout


def test_tape_used_twice(tf_shell):
    code = (
        "x = tf.Variable(2.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    losses = [x * float(i) for i in range(3)]\n"
        "grads = [tape.gradient(loss, x) for loss in losses]\n"
    )
    with capture_output() as cap:
        tf_shell.run_cell(code)
    assert "[tensorflow/gradienttape-non-persistent-reused]" in _panel(cap)


def test_error_inside_tf_function_points_at_the_users_line(tf_shell):
    code = (
        "@tf.function\n"
        "def to_numpy(t):\n"
        "    return t.numpy() * 2\n"
        "to_numpy(tf.constant([1.0, 2.0]))\n"
    )
    with capture_output() as cap:
        tf_shell.run_cell(code)
    text = _panel(cap)
    assert "[tensorflow/symbolic-tensor-numpy-attribute]" in text
    assert "> return t.numpy() * 2" in text


def test_variable_created_in_tf_function(tf_shell):
    code = (
        "@tf.function\n"
        "def scale(x):\n"
        "    v = tf.Variable(2.0)\n"
        "    return v * x\n"
        "scale(tf.constant(1.0))\n"
    )
    with capture_output() as cap:
        tf_shell.run_cell(code)
    assert "[tensorflow/tf-function-variable-created-twice]" in _panel(cap)
