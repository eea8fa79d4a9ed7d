"""Regenerate tests/data/tracebacks/*.txt from real TensorFlow.

Run: python tests/data/make_tracebacks.py

Each case runs in a fresh interpreter, once as a script (CPython's traceback format) and once
through IPython's InteractiveShell (IPython's format), so the fixtures are what users really see.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

OUT = Path(__file__).parent / "tracebacks"

CASES: dict[str, str] = {
    "matmul_eager": """
        import tensorflow as tf
        a = tf.ones([2, 3])
        b = tf.ones([4, 5])
        c = tf.matmul(a, b)
    """,
    "matmul_tf_function": """
        import tensorflow as tf

        @tf.function
        def project(a, b):
            return tf.matmul(a, b)

        project(tf.ones([2, 3]), tf.ones([4, 5]))
    """,
    "symbolic_numpy": """
        import tensorflow as tf

        @tf.function
        def to_numpy(x):
            return x.numpy()

        to_numpy(tf.constant(1.0))
    """,
    "keras_input": """
        import keras
        import tensorflow as tf
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        model(tf.ones([2, 4]))
    """,
    "tape_twice": """
        import tensorflow as tf
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = x * x
        tape.gradient(y, x)
        tape.gradient(y, x)
    """,
    "variable_twice": """
        import tensorflow as tf

        @tf.function
        def step(x):
            v = tf.Variable(1.0)
            return v + x

        step(1.0)
        step(2.0)
    """,
    "chained_tf": """
        import tensorflow as tf
        try:
            tf.reshape(tf.range(6), [4, 2])
        except tf.errors.InvalidArgumentError as exc:
            raise RuntimeError("preprocessing failed") from exc
    """,
    "zero_division": """
        total = 0
        print(10 / total)
    """,
    "key_error": """
        settings = {"lr": 0.1}
        settings["batch_size"]
    """,
    "numpy_broadcast": """
        import numpy as np
        np.ones((2, 3)) + np.ones((4, 3))
    """,
}

_IPYTHON_RUNNER = """
import sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance(colors="nocolor")
shell.run_cell(sys.stdin.read())
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin", "CUDA_VISIBLE_DEVICES": "-1"}
    for name, code in CASES.items():
        code = textwrap.dedent(code).lstrip()
        script = OUT / f"{name}.py"
        script.write_text(code)
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, env=env
        )
        script.unlink()
        tb = done.stderr[done.stderr.find("Traceback (most recent call last)") :]
        (OUT / f"{name}.txt").write_text(tb)
        done = subprocess.run(
            [sys.executable, "-c", _IPYTHON_RUNNER],
            input=code,
            capture_output=True,
            text=True,
            env=env,
        )
        (OUT / f"{name}.ipython.txt").write_text(done.stdout)
        print(name, len(tb), len(done.stdout))


if __name__ == "__main__":
    main()
