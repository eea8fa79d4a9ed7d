"""A records folder that changes while it loads: files vanish, appear and are rewritten under
the loader. Loading never raises, names only real files, and the next load (through the
compiled cache) sees the folder as it ends up, never a stale mix."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.reliability.packs import record
from tfhelp.knowledge import KnowledgeBase

pytestmark = pytest.mark.reliability

FILES = 400


def _write(folder: Path, i: int, tag: str) -> None:
    body = record(f"attack/{tag}-{i:04d}", rf"{tag} marker {i} \d+", f"ValueError: {tag} marker")
    (folder / f"r{i:04d}.json").write_text(json.dumps(body), encoding="utf-8")


def _churn(folder: Path, stop: threading.Event) -> None:
    """Delete, recreate with another id, and truncate files, round and round."""
    i = 0
    while not stop.is_set():
        path = folder / f"r{i % FILES:04d}.json"
        step = i % 3
        if step == 0:
            path.unlink(missing_ok=True)
        elif step == 1:
            _write(folder, i % FILES, "new")
        else:
            path.write_text('{"id": "attack/half', encoding="utf-8")  # caught mid-write
        i += 1


def test_loading_while_the_folder_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TFHELP_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pack"
    folder.mkdir()
    for i in range(FILES):
        _write(folder, i, "old")
    stop = threading.Event()
    churn = threading.Thread(target=_churn, args=(folder, stop), daemon=True)
    churn.start()
    try:
        loads = [KnowledgeBase.from_paths([folder]) for _ in range(3)]
    finally:
        stop.set()
        churn.join()
    for kb in loads:
        for problem in kb.problems:  # each names one of the folder's files, with a reason
            assert Path(problem.path).parent == folder and problem.reason, problem
        assert all(r.id.startswith(("attack/old-", "attack/new-")) for r in kb.records)
    print(
        f"\nwhile churning: {[len(kb) for kb in loads]} records loaded, "
        f"{[len(kb.problems) for kb in loads]} problems"
    )

    settled = KnowledgeBase.from_paths([folder])  # through the cache written above, if valid
    on_disk = {}
    for path in sorted(folder.glob("*.json")):
        try:
            on_disk[path.name] = json.loads(path.read_text(encoding="utf-8"))["id"]
        except ValueError:
            on_disk[path.name] = None
    assert sorted(r.id for r in settled.records) == sorted(i for i in on_disk.values() if i)
    broken = {Path(p.path).name for p in settled.problems}
    assert broken == {name for name, i in on_disk.items() if i is None}
