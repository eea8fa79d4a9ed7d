"""The committed JSON Schema of a record is the one the model generates."""

from __future__ import annotations

from tests.paths import RECORDS
from tfhelp.knowledge.schema import REGENERATE, SCHEMA_FILE, schema_text


def test_committed_schema_is_current() -> None:
    committed = (RECORDS / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), f"records/{SCHEMA_FILE} is stale; run: {REGENERATE}"


def test_schema_forbids_unknown_keys() -> None:
    import json

    schema = json.loads(schema_text())
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Workaround"]["additionalProperties"] is False


def test_covered_errors_doc_is_current() -> None:
    from tests.paths import REPO
    from tfhelp.knowledge import load_paths
    from tfhelp.knowledge.catalog import REGENERATE, catalog_markdown

    committed = (REPO / "docs" / "covered-errors.md").read_text(encoding="utf-8")
    current = catalog_markdown(load_paths([RECORDS]).records)
    assert committed == current, f"docs/covered-errors.md is stale; run: {REGENERATE}"
