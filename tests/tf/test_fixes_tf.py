"""Fixes to the user's own cell, proven under the real TensorFlow: for every record that declares
fixes, its reproducer and variants written as users write them raise the record's error;
`tfhelp.fix_code` (run in the child, on the live exception) patches them; the patched cell runs
and computes the intended result; a cell the fixer does not apply to gets no fix."""

from __future__ import annotations

import ast

import pytest

from tests.fixes.cases import CASES, REPRODUCER_CHECKS, Case
from tests.paths import RECORDS
from tfhelp.knowledge import load_paths
from tfhelp.prove import Prover

pytestmark = pytest.mark.tf

BY_ID = {r.id: r for r in load_paths([RECORDS]).records}
WITH_FIXES = sorted(rid for rid, r in BY_ID.items() if r.fixes)


def reproducer_cases() -> list[Case]:
    out = []
    for rid in WITH_FIXES:
        rep = BY_ID[rid].reproducer
        if rep is not None:
            out.append(Case(rid, "reproducer", rep.code, REPRODUCER_CHECKS.get(rid, "")))
    return out


ALL = [*reproducer_cases(), *(c for c in CASES if c.record_id in BY_ID)]


def with_last_value(code: str) -> str:
    """The cell with its last expression's value kept as `_`, as a notebook shows it."""
    tree = ast.parse(code)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return code
    last = tree.body[-1]
    lines = code.splitlines(keepends=True)
    at = sum(len(ln) for ln in lines[: last.lineno - 1]) + last.col_offset
    return code[:at] + "_ = " + code[at:]


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.id)
def test_fix_makes_the_cell_work(case: Case, prover: Prover) -> None:
    record = BY_ID[case.record_id]
    data = prover.run(case.code, match=True, fix=True)
    assert data["raised"], f"{case.id}: the cell raised nothing"
    matched = [m[0] for m in data.get("matches") or []]
    assert matched[:1] == [case.record_id], f"{case.id}: matched {matched}: {data['message']}"
    ours = [f for f in data.get("fixes") or [] if f["record_id"] == case.record_id]
    if not case.applies:
        assert ours == [], f"{case.id}: a fix was offered where none applies:\n{ours[0]['diff']}"
        return
    assert ours, f"{case.id}: no fix for {data['type']}: {data['message'][:300]}"
    fix = ours[0]
    assert fix["diff"].startswith("--- cell\n+++ cell (fixed)\n")
    check = case.check or REPRODUCER_CHECKS.get(case.record_id, "")
    assert check, f"{case.id}: no check of the fixed cell's result"
    patched = with_last_value(fix["code"]) + "\n" + check + "\n"
    done = prover.run(patched, name="fixed", alone=bool(_needs_own_process(record.id)))
    assert not done["raised"], (
        f"{case.id}: the fixed cell failed:\n{fix['diff']}\n{done.get('traceback', '')[-1500:]}"
    )


def _needs_own_process(record_id: str) -> bool:
    """Fixed cells that switch TensorFlow to v1 graph mode run in a child of their own."""
    return any("disable_eager_execution" in str(d.params) for d in BY_ID[record_id].fixes)


def test_every_record_with_fixes_has_its_proof_cases() -> None:
    for rid in WITH_FIXES:
        mine = [c for c in CASES if c.record_id == rid]
        assert rid in REPRODUCER_CHECKS, f"{rid}: no check for its reproducer"
        assert len([c for c in mine if c.applies]) >= 2, f"{rid}: fewer than two variants"
        assert any(not c.applies for c in mine), f"{rid}: no cell the fixer leaves alone"
