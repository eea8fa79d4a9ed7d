"""The user's values: captured from real messages, filled into cause text, ranking fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import tfhelp
from tests.paths import DATA, RECORDS, TRACEBACKS
from tfhelp.knowledge import load_paths
from tfhelp.model import DERIVATIONS, PLACEHOLDER, Record
from tfhelp.placeholders import value_name
from tfhelp.signature.text import parse
from tfhelp.signature.tfblocks import subject
from tfhelp.values import DERIVE, fill, ranked_workarounds, specific_cause, value_of

LOADED = load_paths([RECORDS]).records
SPECIFIC = [r for r in LOADED if r.specific]
PASTES = DATA / "pastes"


def _record(**extra: object) -> Record:
    data = {"id": "tensorflow/x", "signature": "ValueError: x", "regex": "x", **extra}
    return Record.model_validate(data)


def test_every_derivation_the_model_allows_is_computed() -> None:
    assert DERIVE.keys() == DERIVATIONS.keys()


@pytest.mark.parametrize(
    ("value", "derivation", "expected"),
    [
        ("[2,3]", "last", "3"),
        ("(2, 3)", "last", "3"),
        ("[4,5]", "first", "4"),
        ("(2, 3, 4)", "second_last", "3"),
        ("(32,)", "rank", "1"),
        ("(None, 28, 28)", "features", "784"),
        ("(None, None, 3)", "features", None),
        ("[?,3]", "first", "?"),
        ("[]", "last", None),
        ("(3,)", "second_last", None),
        ("float32", "last", None),
        ("tf.float32", "leaf", "float32"),
        ("dense_1/kernel", "leaf", "kernel"),
    ],
)
def test_derived_values(value: str, derivation: str, expected: str | None) -> None:
    assert value_of("v", derivation, {"v": value}) == expected


def test_fill_inserts_plain_text_and_refuses_a_missing_value() -> None:
    values = {"a": "[2,3]", "b": "[4,5]", "name": "<dense>"}
    assert fill("{a} by {b}: {a.last} vs {b.first}", values) == "[2,3] by [4,5]: 3 vs 4"
    assert fill("layer {name}", values) == "layer <dense>"  # escaping is the renderer's job
    assert fill("{a} and {c}", values) is None
    assert fill("{name.first}", values) is None  # not a shape: no first size
    assert fill("no placeholders, {not one}", {}) == "no placeholders, {not one}"


def test_specific_cause_in_each_language() -> None:
    record = _record(
        regex=r"got (?P<dtype>\w+)",
        specific="You passed {dtype}.",
        specific_zh="你传入的是 {dtype}。",
    )
    assert specific_cause(record, {"dtype": "int32"}) == "You passed int32."
    assert specific_cause(record, {"dtype": "int32"}, "zh") == "你传入的是 int32。"
    assert specific_cause(record, {}) is None
    assert specific_cause(_record(regex=r"(?P<d>x)"), {"d": "x"}) is None  # no specific text


def test_ranked_workarounds_put_a_holding_condition_first_and_say_why() -> None:
    fixes = [
        {"action": "plain", "success_rate": 0.9},
        {"action": "sparse", "success_rate": 0.5, "when": {"target.last": "1"}},
        {
            "action": "categorical",
            "success_rate": 0.5,
            "when": {"target.last": "[2-9]|\\d{2,}"},
            "because": "Your labels have {target.last} columns: one-hot.",
            "because_zh": "标签有 {target.last} 列：独热编码。",
        },
    ]
    record = _record(regex=r"target\.shape=(?P<target>\([^)]*\))", workarounds=fixes)
    onehot = ranked_workarounds(record, {"target": "(32, 10)"})
    assert [r.workaround.action for r in onehot] == ["categorical", "plain", "sparse"]
    assert [r.index for r in onehot] == [2, 0, 1]
    assert onehot[0].first_because == "Your labels have 10 columns: one-hot."
    assert ranked_workarounds(record, {"target": "(32, 10)"}, "zh")[0].first_because == (
        "标签有 10 列：独热编码。"
    )
    sparse = ranked_workarounds(record, {"target": "(32, 1)"})
    assert [r.workaround.action for r in sparse] == ["sparse", "plain", "categorical"]
    assert sparse[0].first_because == ""  # its condition held, but it gives no reason
    plain = ranked_workarounds(record, {})
    assert [r.workaround.action for r in plain] == ["plain", "sparse", "categorical"]
    assert all(r.first_because == "" for r in plain)


def test_a_when_pattern_compares_two_values_literally() -> None:
    fix = {
        "action": "transpose",
        "success_rate": 0.5,
        "when": {"a.last": "{b.last}"},
        "because": "Both end in {a.last}.",
    }
    record = _record(regex=r"(?P<a>\[[\d,]*\]), (?P<b>\[[\d,]*\])", workarounds=[fix])
    assert ranked_workarounds(record, {"a": "[2,3]", "b": "[4,3]"})[0].first_because == (
        "Both end in 3."
    )
    assert ranked_workarounds(record, {"a": "[2,3]", "b": "[4,5]"})[0].first_because == ""
    assert ranked_workarounds(record, {"a": "[2,3]"})[0].first_because == ""  # b unknown


def test_values_come_from_the_part_that_spells_them_when_the_last_line_is_cut() -> None:
    # A real paste whose exception line ends mid-shape ("shape[1"); TF's log line above has it.
    text = (PASTES / "corpus-074.txt").read_text(encoding="utf-8")
    assert "OOM when allocating tensor with shape[1\n" in text + "\n"
    top = tfhelp.diagnose_text(text)[0]
    assert top.record.id == "tensorflow/resource-exhausted-oom"
    assert top.values["shape"] == "[16,1,892800,8,4,2,2]"


def test_match_values_come_from_the_regex_that_matched() -> None:
    text = (TRACEBACKS / "matmul_eager.txt").read_text(encoding="utf-8")
    top = tfhelp.diagnose_text(text)[0]
    assert top.rule == "regex"
    assert top.values, top.record.id
    assert all(v in text for v in top.values.values())


def _fixtures() -> list[tuple[str, Path]]:
    """Every real traceback fixture and every real paste that names the record it must find."""
    found = [("", p) for p in sorted(TRACEBACKS.glob("*.txt"))]
    found += [("", p) for p in sorted((TRACEBACKS / "records").glob("*.txt"))]
    for meta_path in sorted(PASTES.glob("*.json")):
        expect = json.loads(meta_path.read_text(encoding="utf-8")).get("expect")
        if expect and meta_path.with_suffix(".txt").is_file():
            found.append((expect, meta_path.with_suffix(".txt")))
    return found


FIXTURES = _fixtures()
WITH_SPECIFIC = {r.id: r for r in SPECIFIC}


def _relevant() -> list[tuple[str, Path]]:
    out = []
    for expect, path in FIXTURES:
        if expect:
            if expect in WITH_SPECIFIC:
                out.append((expect, path))
            continue
        matches = tfhelp.diagnose_text(path.read_bytes())
        if matches and matches[0].record.id in WITH_SPECIFIC:
            out.append((matches[0].record.id, path))
    return out


RELEVANT = _relevant()


def _values(record_id: str, path: Path) -> dict[str, str]:
    matches = [m for m in tfhelp.diagnose_text(path.read_bytes()) if m.record.id == record_id]
    assert matches, f"{path.name} does not find {record_id}"
    return matches[0].values


def _own_values(record: Record) -> list[tuple[Path, dict[str, str]]]:
    """The values the record's regex names in the messages of its own real fixtures (also those
    the matcher passes over, e.g. NumPy's wording captured without TensorFlow in the traceback)."""
    found = []
    for path in sorted((TRACEBACKS / "records").glob(f"{record.id.split('/', 1)[1]}.*txt")):
        signature = parse(path.read_text(encoding="utf-8"))
        for part in signature.parts if signature else ():
            hit = re.search(record.regex, subject(part.message), re.IGNORECASE | re.DOTALL)
            if hit:
                named = {value_name(k): v.strip() for k, v in hit.groupdict().items() if v}
                found.append((path, named))
                break
    return found


OWN = [(r.id, path, values) for r in SPECIFIC for path, values in _own_values(r)]


def test_records_with_specific_text_are_many_and_each_fills_on_a_real_fixture() -> None:
    assert len(SPECIFIC) >= 60, len(SPECIFIC)
    filled = {rid for rid, path in RELEVANT if _values(rid, path)}
    filled |= {rid for rid, _, values in OWN if values}
    assert [r.id for r in SPECIFIC if r.id not in filled] == []


@pytest.mark.parametrize(
    ("record_id", "path", "values"),
    OWN,
    ids=[f"{rid.rsplit('/', 1)[-1]}:{p.name}" for rid, p, _ in OWN],
)
def test_own_fixture_fills_every_placeholder_or_none(
    record_id: str, path: Path, values: dict[str, str]
) -> None:
    record = WITH_SPECIFIC[record_id]
    for lang in ("en", "zh"):
        cause = specific_cause(record, values, lang)
        assert (cause is not None) == bool(values), (path.name, lang, values)
        assert cause is None or "{" not in cause, cause


@pytest.mark.parametrize(
    ("record_id", "path"),
    RELEVANT,
    ids=[f"{rid.rsplit('/', 1)[-1]}:{p.parent.name}/{p.name}" for rid, p in RELEVANT],
)
def test_real_message_fills_every_placeholder_or_none(record_id: str, path: Path) -> None:
    """A message whose wording carries the values (a named group took part in the match) fills
    every placeholder in both languages; a real variant of the message that names nothing
    gets no specific cause at all (the panel falls back to the explanation), never half of one."""
    record = WITH_SPECIFIC[record_id]
    values = _values(record_id, path)
    for lang in ("en", "zh"):
        cause = specific_cause(record, values, lang)
        if values:
            assert cause is not None, (path.name, lang, values)
            assert PLACEHOLDER.search(cause) is None, cause
            assert "{" not in cause, cause
        else:
            assert cause is None, (path.name, lang, cause)
    for ranked in ranked_workarounds(record, values):
        assert PLACEHOLDER.search(ranked.first_because) is None
        assert "{" not in ranked.first_because, ranked.first_because


def test_a_fix_the_message_rules_out_does_not_lead() -> None:
    record = next(
        r for r in load_paths([RECORDS]).records if r.id == "tensorflow/keras-input-incompatible"
    )
    conditional = [i for i, w in enumerate(record.workarounds) if w.when]
    assert conditional, "the record keeps a conditional fix (Flatten when the sizes multiply out)"
    text = (
        'Input 0 of layer "dense" is incompatible with the layer: expected axis -1 of input '
        "shape to have value 3, but received input with shape (2, 4)"
    )
    match = tfhelp.diagnose_text(f"ValueError: {text}")[0]
    assert match.record.id == record.id and match.values
    ranked = ranked_workarounds(match.record, match.values)
    assert ranked[0].index not in conditional, "(2, 4) against 3: nothing to flatten"
    assert ranked[-1].index in conditional


def test_a_tensor_made_inside_an_lstm_puts_the_upgrade_first() -> None:
    # A real paste (TF 2.4 with NumPy 1.20): the tensor's name places it inside the LSTM layer.
    lstm = tfhelp.diagnose_text((PASTES / "corpus-165.txt").read_bytes())[0]
    assert lstm.record.id == "tensorflow/cannot-convert-symbolic-tensor-to-numpy"
    assert lstm.values == {"tensor": "lstm/strided_slice:0"}
    first = ranked_workarounds(lstm.record, lstm.values)[0]
    assert first.workaround.action.startswith("Upgrade TensorFlow")
    assert "lstm/strided_slice:0" in first.first_because
    # A tensor named outside any recurrent layer (another real paste): the upgrade goes last.
    mapped = tfhelp.diagnose_text((PASTES / "corpus-166.txt").read_bytes())[0]
    assert mapped.values == {"tensor": "Cast:0"}
    ranked = ranked_workarounds(mapped.record, mapped.values)
    assert ranked[-1].workaround.action.startswith("Upgrade TensorFlow")
    assert all(r.first_because == "" for r in ranked)


PROVEN = [
    (r.id, f"{p.tensorflow}/{p.keras}", p.message)
    for r in SPECIFIC
    for p in r.proofs
    if p.message and re.search(r.regex, p.message, re.IGNORECASE | re.DOTALL)
]


@pytest.mark.parametrize(
    ("record_id", "versions", "message"),
    PROVEN,
    ids=[f"{rid.rsplit('/', 1)[-1]}:{v}" for rid, v, _ in PROVEN],
)
def test_messages_raised_across_versions_fill_or_give_none(
    record_id: str, versions: str, message: str
) -> None:
    """The messages the version matrix recorded (Keras 2 and 3): a value is never a Python
    object's repr (Keras 2 writes `<...GFile object at 0x...>` where Keras 3 writes the path)."""
    record = WITH_SPECIFIC[record_id]
    hit = re.search(record.regex, message, re.IGNORECASE | re.DOTALL)
    assert hit is not None
    values = {value_name(k): v.strip() for k, v in hit.groupdict().items() if v and v.strip()}
    assert not [v for v in values.values() if " object at 0x" in v], values
    for lang in ("en", "zh"):
        cause = specific_cause(record, values, lang)
        assert (cause is not None) == bool(values), (versions, lang, values)
