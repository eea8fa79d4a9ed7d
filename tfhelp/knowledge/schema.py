"""The JSON Schema of a record, generated from the pydantic model and committed under records/."""

from __future__ import annotations

import json

from tfhelp.model import Record

SCHEMA_FILE = "record.schema.json"
REGENERATE = "tfhelp schema > records/record.schema.json"


def schema_text() -> str:
    """The schema as committed: stable key order, two-space indent, final newline."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"Generated from tfhelp.model.Record; regenerate with: {REGENERATE}"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
