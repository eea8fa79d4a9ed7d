"""The last run's figures, kept in bench/results/latest.json and printed beside this run's."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
LATEST = RESULTS / "latest.json"


def load_previous(path: Path = LATEST) -> dict[str, Any]:
    """The targets of the previous run by key ({} when there was none or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    targets = data.get("targets") if isinstance(data, dict) else None
    return targets if isinstance(targets, dict) else {}


def previous_cell(previous: dict[str, Any], key: str) -> str:
    """'<figure> (PASS)' of the previous run for one target, or '-'."""
    entry = previous.get(key)
    if not isinstance(entry, dict):
        return "-"
    return f"{entry.get('figure', '?')} ({'PASS' if entry.get('ok') else 'MISS'})"


def save(
    targets: dict[str, dict[str, Any]], machine: str, quick: bool, path: Path = LATEST
) -> None:
    """Write this run's figures (temp file + rename, so a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": machine,
        "quick": quick,
        "targets": targets,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def previous_when(path: Path = LATEST) -> str:
    """When and on what the previous run was made ('' when there was none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    quick = " (--quick)" if data.get("quick") else ""
    return f"{data.get('when', '?')}{quick}; {data.get('machine', '')}"
