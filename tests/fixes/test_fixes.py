"""The fix layer without TensorFlow: kinds on cells written as users write them, the records'
declarations, a live exception from a cell, and the fixed-cell section of every renderer."""

from __future__ import annotations

import linecache

import pytest

from tests.fixes.cases import CASES, REPRODUCER_CHECKS
from tests.paths import RECORDS
from tfhelp.fixes import fix_code, notebook_cell_fixes
from tfhelp.fixes.engine import run_declaration
from tfhelp.fixes.kinds import KINDS
from tfhelp.knowledge import KnowledgeBase, load_paths
from tfhelp.model import FixDeclaration, Record

RECORDS_LOADED = load_paths([RECORDS]).records
WITH_FIXES = [r for r in RECORDS_LOADED if r.fixes]
RECORD = Record(id="tensorflow/test-record", signature="E: x", regex="x")


def fix(
    kind: str, source: str, lines: list[int], error: str = "", pattern: str = "", **params: object
) -> str | None:
    """The cell fixed by one declaration of `kind`, or None; `error` is the message."""
    declaration = FixDeclaration.model_validate(
        {"kind": kind, "title": "t", "params": params, "message": pattern}
    )
    found = run_declaration(RECORD, declaration, source, lines, [error])
    return found.code if found else None


def test_declared_kinds_exist_and_thirty_records_have_fixes() -> None:
    assert len(WITH_FIXES) >= 30
    for record in WITH_FIXES:
        for declaration in record.fixes:
            assert declaration.kind in KINDS, f"{record.id}: unknown kind {declaration.kind}"
            assert declaration.title and declaration.title_zh, record.id


def test_every_record_with_fixes_has_proof_cases() -> None:
    for record in WITH_FIXES:
        assert record.id in REPRODUCER_CHECKS, record.id
        mine = [c for c in CASES if c.record_id == record.id]
        assert sum(c.applies for c in mine) >= 2 and any(not c.applies for c in mine), record.id


def test_set_keyword_follows_the_receiver_and_keeps_the_rest() -> None:
    src = (
        "def f(m, x):\n"
        "    with tf.GradientTape(watch_accessed_variables=True) as g, tf.GradientTape() as h:\n"
        "        y = m(x)  # keep me\n"
        "    return g.gradient(y, x), g.gradient(y, x)\n"
    )
    out = fix(
        "set_keyword",
        src,
        [4],
        call=["tf.GradientTape"],
        keyword="persistent",
        value="True",
        target="receiver",
        methods=["gradient"],
        position=0,
    )
    assert out == src.replace(
        "GradientTape(watch_accessed_variables=True)",
        "GradientTape(watch_accessed_variables=True, persistent=True)",
    )


def test_set_keyword_replaces_a_positional_value_from_the_message() -> None:
    src = "import tensorflow as tf\nz = tf.concat([a, b], 0)\n"
    out = fix(
        "set_keyword",
        src,
        [2],
        "Dimension 1 in both shapes must be equal",
        pattern=r"Dimension (?P<axis>\d+) in both",
        call=["tf.concat"],
        keyword="axis",
        value="{axis}",
        position=1,
    )
    assert out == "import tensorflow as tf\nz = tf.concat([a, b], 1)\n"


def test_not_applicable_returns_nothing() -> None:
    src = "with make_tape() as tape:\n    y = x\ntape.gradient(y, x)\n"
    assert (
        fix(
            "set_keyword",
            src,
            [3],
            call=["tf.GradientTape"],
            keyword="persistent",
            value="True",
            target="receiver",
        )
        is None
    )
    assert fix("rename_api", "x = 1\n", [1], renames={"tf.placeholder": "tf.compat.v1.x"}) is None
    assert fix("set_keyword", "def broken(:\n", [1], call=["f"], keyword="a", value="1") is None


def test_rename_api_keeps_the_users_alias_and_imports() -> None:
    src = (
        "import tensorflow as T\n"
        "from tensorflow.keras.optimizers.legacy import Adam\n"
        "w = T.Variable(T.random_normal([2]))  # init\n"
    )
    out = fix(
        "rename_api",
        src,
        [3],
        renames={
            "tf.random_normal": "tf.random.normal",
            "keras.optimizers.legacy": "keras.optimizers",
        },
    )
    assert out == (
        "import tensorflow as T\n"
        "from tensorflow.keras.optimizers import Adam\n"
        "w = T.Variable(T.random.normal([2]))  # init\n"
    )


def test_rename_api_adds_an_import_only_when_needed() -> None:
    out = fix(
        "rename_api", "s = tf.reduce_sum(inp)\n", [1], renames={"tf.reduce_sum": "keras.ops.sum"}
    )
    assert out == "s = tf.keras.ops.sum(inp)\n"  # tf (from an earlier cell) reaches Keras


def test_cast_operand_uses_the_partner_dtype() -> None:
    msg = "cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor"
    out = fix(
        "cast_operand",
        "y = x + bias\n",
        [1],
        msg,
        pattern=r"compute (?P<op>\w+) as input #(?P<index>\d)",
        ops={"AddV2": "add,+"},
    )
    assert out == "import tensorflow as tf\ny = x + tf.cast(bias, x.dtype)\n"


def test_file_extension_edits_the_literal_everywhere() -> None:
    src = 'model.save(os.path.join(d, "net"))\nm = load_model(os.path.join(d, "net"))\n'
    out = fix("file_extension", src, [1], call=[".save"], extension=".keras")
    assert out == src.replace('"net"', '"net.keras"')


def test_drop_keyword_and_rename_keyword() -> None:
    src = "layer = GRU(8, time_major=False, return_sequences=True)\nopt = Adam(lr=0.1)\n"
    out = fix("drop_keyword", src, [1], "{'time_major': False}", pattern=r"(?P<names>\{.*\})")
    assert out == src.replace(", time_major=False", "")
    out = fix("rename_keyword", src, [2], renames={"lr": "learning_rate"})
    assert out == src.replace("lr=0.1", "learning_rate=0.1")


def test_insert_layer_before_the_first_dense() -> None:
    src = (
        "model = keras.Sequential([\n    keras.Input((28, 28)),\n    keras.layers.Dense(10),\n])\n"
    )
    out = fix(
        "insert_layer", src, [1], layer="keras.layers.Flatten", before=["Dense"], unless=["Flatten"]
    )
    assert out == src.replace(
        "    keras.layers.Dense", "    keras.layers.Flatten(),\n    keras.layers.Dense"
    )


def test_fix_code_on_a_live_exception_from_a_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        "with tf.GradientTape() as tape:\n    y = 1\ntape.gradient(y, 1)\ntape.gradient(y, 1)\n"
    )
    filename = "/tmp/ipykernel_1/99.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)

    class Tape:
        calls = 0

        def __enter__(self) -> Tape:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def gradient(self, *args: object) -> None:
            Tape.calls += 1
            if Tape.calls > 1:
                raise RuntimeError(
                    "A non-persistent GradientTape can only be used to compute one set of "
                    "gradients (or jacobians)"
                )

    tf = type("tf", (), {"GradientTape": Tape})
    with pytest.raises(RuntimeError) as info:
        exec(compile(source, filename, "exec"), {"tf": tf})
    fixes = fix_code(info.value, source)
    assert [f.record_id for f in fixes] == ["tensorflow/gradienttape-non-persistent-reused"]
    assert "+with tf.GradientTape(persistent=True) as tape:" in fixes[0].diff
    from tfhelp.knowledge import default_knowledge_base
    from tfhelp.signature import from_exception

    signature = from_exception(info.value)
    matches = default_knowledge_base().matcher.match(signature)
    cell, found = notebook_cell_fixes(signature, matches)
    assert cell == source and found[0].code == fixes[0].code
    assert isinstance(default_knowledge_base(), KnowledgeBase)


def test_fix_code_never_raises_on_odd_input() -> None:
    try:
        raise ValueError("nothing tfhelp knows")
    except ValueError as exc:
        assert fix_code(exc, "x = (") == []
        assert fix_code(exc, "") == []


def _add_fix(
    source: str, lines: list[int], keyword: str, method: str = "Sequential.add"
) -> str | None:
    """The cell fixed by the sequential-add record's own declaration, for Keras 3's message
    (`add()` alone before Python 3.10)."""
    record = next(r for r in WITH_FIXES if r.id == "tensorflow/sequential-add-layer-kwargs")
    message = f"{method}() got an unexpected keyword argument '{keyword}'"
    found = run_declaration(record, record.fixes[0], source, lines, [message])
    return found.code if found else None


def test_move_keywords_into_the_layer_keeps_the_rest_of_the_cell() -> None:
    src = (
        "from keras.layers import Dense\n"
        "model.add(Dense(32), input_shape=(784,))  # first layer\n"
        "model.add(Dense(10), activation='softmax')\n"
    )
    assert _add_fix(src, [2], "input_shape") == src.replace(
        "Dense(32), input_shape=(784,))", "Dense(32, input_shape=(784,)))"
    )
    assert _add_fix(src, [3], "activation", method="add") == src.replace(
        "Dense(10), activation='softmax')", "Dense(10, activation='softmax'))"
    )
    multi = (
        "def build(m, n):\n"
        "    m.add(layers.Dense(\n        n,\n    ),\n"
        "          input_shape=(n,), activation='relu', rebuild=False)\n"
    )
    assert _add_fix(multi, [2], "input_shape") == (
        "def build(m, n):\n"
        "    m.add(layers.Dense(\n        n, input_shape=(n,), activation='relu',\n    ),"
        " rebuild=False)\n"
    )
    assert _add_fix("m.add(Flatten(), input_shape=(28, 28))\n", [1], "input_shape") == (
        "m.add(Flatten(input_shape=(28, 28)))\n"
    )


def test_move_keywords_leaves_cells_it_does_not_know() -> None:
    for src, keyword in [
        ("m.add(Dense(32), Dense(10), activation='relu')\n", "activation"),  # two positionals
        ("m.add(hidden, activation='relu')\n", "activation"),  # not a call: nowhere to move
        ("m.append(Dense(32), activation='relu')\n", "activation"),  # not the method
        ("m.add(Dense(3, activation='relu'), activation='tanh')\n", "activation"),  # clash
        ("m.add(Dense(3), units=3)\n", "activation"),  # not the keyword the message names
        ("m.add(*layers, activation='relu')\n", "activation"),
    ]:
        assert _add_fix(src, [1], keyword) is None, src
