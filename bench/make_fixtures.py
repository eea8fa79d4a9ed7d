"""Regenerate bench/data/*.txt: real tracebacks from small TensorFlow and Python snippets.

Run once with TensorFlow installed (`.venv/bin/python bench/make_fixtures.py`); the texts are
committed, so the benchmark itself never imports TensorFlow. Each snippet runs as its own script
in a fresh interpreter and its whole stderr is kept, as a user would paste it from a terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WORK = Path("/tmp/tfhelp_bench_snippets")  # a stable path, so the frames read the same each time

SNIPPETS: dict[str, str] = {
    "tf_matmul_size_mismatch": """
        import tensorflow as tf
        a = tf.ones((2, 3))
        b = tf.ones((4, 5))
        tf.matmul(a, b)
    """,
    "tf_function_dims_must_be_equal": """
        import tensorflow as tf

        @tf.function
        def project(x, w):
            return tf.matmul(x, w)

        project(tf.ones((2, 3)), tf.ones((4, 5)))
    """,
    "tf_symbolic_numpy_attribute": """
        import tensorflow as tf

        @tf.function
        def to_host(x):
            return x.numpy()

        to_host(tf.constant([1.0, 2.0]))
    """,
    "keras_input_incompatible": """
        import numpy as np
        import keras

        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
        model(np.ones((1, 3), dtype="float32"))
    """,
    "tf_tape_non_persistent": """
        import tensorflow as tf
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * x
        tape.gradient(y, x)
        tape.gradient(y, x)
    """,
    "tf_function_singleton_variables": """
        import tensorflow as tf

        @tf.function
        def scale(x):
            v = tf.Variable(2.0)
            return v * x

        scale(tf.constant(1.0))
        scale(tf.constant([1.0, 2.0]))
    """,
    "tf_reshape_values": """
        import tensorflow as tf
        tf.reshape(tf.range(6), (4,))
    """,
    "tf_symbolic_tensor_bool": """
        import tensorflow as tf

        @tf.function(autograph=False)
        def relu_like(x):
            if x > 0:
                return x
            return -x

        relu_like(tf.constant(1.0))
    """,
    "tf_symbolic_to_numpy_array": """
        import numpy as np
        import tensorflow as tf

        @tf.function
        def host_copy(x):
            return np.array(x)

        host_copy(tf.constant([1.0, 2.0]))
    """,
    "tf_while_loop_shape_invariant": """
        import tensorflow as tf

        @tf.function
        def grow():
            i = tf.constant(0)
            x = tf.ones((1,))
            return tf.while_loop(
                lambda i, x: i < 3, lambda i, x: (i + 1, tf.concat([x, x], 0)), [i, x]
            )

        grow()
    """,
    "tf_function_index_error": """
        import tensorflow as tf

        @tf.function
        def pick(x):
            items = [x]
            return items[3]

        pick(tf.constant(1.0))
    """,
    "keras_fit_label_out_of_range": """
        import numpy as np
        import keras

        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
        model.compile(
            optimizer="sgd",
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
        x = np.ones((8, 4), dtype="float32")
        y = np.full((8,), 5)
        model.fit(x, y, epochs=1, verbose=0)
    """,
    "tf_dtype_mismatch_add": """
        import tensorflow as tf
        tf.add(tf.constant(1), tf.constant(1.5))
    """,
    "tf_tensorarray_size": """
        import tensorflow as tf
        ta = tf.TensorArray(tf.float32, size=2)
        ta = ta.write(0, 1.0)
        ta.read(5)
    """,
    "tf_py_function_error": """
        import tensorflow as tf

        def scale(x):
            factor = None
            return factor(x)

        tf.py_function(scale, [tf.constant(1.0)], tf.float32)
    """,
    "py_zero_division": """
        def mean(values):
            return sum(values) / len(values)

        mean([])
    """,
    "py_key_error": """
        config = {"learning_rate": 0.01}
        config["batch_size"]
    """,
    "numpy_broadcast": """
        import numpy as np
        np.ones((2, 3)) + np.ones((4, 5))
    """,
    "py_chained_json": """
        import json

        def read_config(text):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise RuntimeError("config file is not valid JSON") from exc

        read_config("{'lr': 0.1}")
    """,
    "py_module_not_found": """
        import tensorflow_addons
    """,
}


def run_one(name: str, code: str) -> tuple[str, int]:
    """Run a snippet in a fresh interpreter; write its stderr to bench/data/<name>.txt."""
    script = WORK / f"{name}.py"
    script.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=WORK,
    )
    if "Traceback (most recent call last)" not in proc.stderr:
        raise RuntimeError(f"{name}: raised nothing (rc={proc.returncode})\n{proc.stderr[-2000:]}")
    (DATA / f"{name}.txt").write_text(proc.stderr, encoding="utf-8")
    return name, len(proc.stderr)


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    wanted = sys.argv[1:] or list(SNIPPETS)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, size in pool.map(lambda n: run_one(n, SNIPPETS[n]), wanted):
            print(f"{name:36s} {size:7d} chars")


if __name__ == "__main__":
    main()
