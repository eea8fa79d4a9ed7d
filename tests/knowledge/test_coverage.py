"""docs/coverage.md: the evidence files validate, name real records, and the page is current."""

from __future__ import annotations

import json

from tests.paths import RECORDS, REPO
from tfhelp.cli import main
from tfhelp.knowledge import load_paths
from tfhelp.knowledge.coverage import Area, coverage_markdown, load_areas, problems, rows
from tfhelp.model import Record

EVIDENCE = REPO / "evidence"
RECORDS_LOADED = load_paths([RECORDS]).records


def test_evidence_files_validate_and_name_existing_records() -> None:
    areas, bad = load_areas(EVIDENCE)
    assert bad == []
    assert problems(areas, RECORDS_LOADED) == []


def test_coverage_page_is_current() -> None:
    areas, _ = load_areas(EVIDENCE)
    page = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert page == coverage_markdown(areas, RECORDS_LOADED), (
        "docs/coverage.md is stale: run `tfhelp coverage > docs/coverage.md`"
    )


def _record(rid: str, sources: list[str]) -> Record:
    return Record(id=rid, signature="E: x", regex="x", sources=sources, evidence_count=len(sources))


def test_rows_rank_by_evidence_and_merge_a_records_sources() -> None:
    area = Area.model_validate(
        {
            "area": "a",
            "title": "A",
            "families": [
                {"family": "one", "title": "One", "sources": ["https://x/1"], "record": "t/r"},
                {
                    "family": "two",
                    "title": "Two",
                    "sources": ["https://x/2", "https://x/3"],
                    "record": None,
                    "why_not": "needs Windows",
                },
            ],
        }
    )
    recs = [
        _record("t/r", ["https://x/1", "https://x/4", "https://x/5"]),
        _record("t/s", ["https://y"]),
    ]
    table = rows([area], recs)
    assert [(r.title, len(r.sources), r.record) for r in table] == [
        ("One", 3, "t/r"),
        ("Two", 2, None),
        ("E: x", 1, "t/s"),
    ]
    assert problems([area], recs[1:]) == ["evidence a: family 'one' names unknown record 't/r'"]


def test_bad_evidence_file_is_named(tmp_path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"area": "x"}), encoding="utf-8")
    areas, bad = load_areas(tmp_path)
    assert areas == [] and len(bad) == 1 and "bad.json" in bad[0]


def test_cli_coverage_reports_a_missing_folder(tmp_path, capsys) -> None:
    assert main(["coverage", "--evidence", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err
