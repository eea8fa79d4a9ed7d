"""The compiled knowledge cache: hits, invalidation, corruption, no cache, and shared use."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import FIXTURE_RECORDS, REPO, TRACEBACKS
from tfhelp.knowledge import cache
from tfhelp.knowledge_base import KnowledgeBase

TAPE = (TRACEBACKS / "tape_twice.txt").read_text(encoding="utf-8")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the fixture records (tests edit it)."""
    folder = tmp_path / "records"
    shutil.copytree(FIXTURE_RECORDS, folder)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _top(kb: KnowledgeBase) -> str | None:
    matches = kb.explain_text(TAPE)[1]
    return matches[0].record.id if matches else None


def _cache_file(records: Path) -> Path:
    path = cache.cache_file([records])
    assert path is not None
    return path


def test_second_load_reads_the_cache_and_answers_the_same(records: Path, cache_dir: Path) -> None:
    first = KnowledgeBase.from_paths([records])
    assert not first.from_cache and _cache_file(records).is_file()
    second = KnowledgeBase.from_paths([records])
    assert second.from_cache
    assert [r.id for r in second.records] == [r.id for r in first.records]
    assert _top(first) == _top(second) == "tensorflow/tape-twice"
    search = [h.record.id for h in second.searcher.search("jacobain")]  # typo index from cache
    assert search == [h.record.id for h in first.searcher.search("jacobain")]
    assert search[:1] == ["tensorflow/per-step"]


def test_cached_records_equal_the_validated_ones(cache_dir: Path) -> None:
    from tfhelp.knowledge import load_paths

    validated = {r.id: r for r in load_paths([FIXTURE_RECORDS]).records}
    KnowledgeBase.from_paths([FIXTURE_RECORDS])
    kb = KnowledgeBase.from_paths([FIXTURE_RECORDS])
    assert kb.from_cache and len(kb) == len(validated)
    for record in kb.records:
        real = validated[record.id]
        assert record.model_dump() == real.model_dump(mode="json")
        assert record.display_title == real.display_title
        assert [w.action for w in record.workarounds] == [w.action for w in real.workarounds]
        assert [(n, e.error_id) for n, e in record.transition_graph.edges()] == [
            (n, e.error_id) for n, e in real.transition_graph.edges()
        ]
        if real.snippets:
            assert record.snippet(real.snippets[0].id).code == real.snippets[0].code
        assert record.to_record() == real
        with pytest.raises(AttributeError):
            record.id = "tensorflow/other"  # type: ignore[misc]


def test_every_nested_model_field_is_known() -> None:
    """compiled.py turns these fields into plain nodes; a new nested model must be listed."""
    from pydantic import BaseModel

    from tfhelp.knowledge import compiled
    from tfhelp.model import Record, TransitionGraph

    def models(annotation: object) -> bool:
        args = getattr(annotation, "__args__", ())
        return (isinstance(annotation, type) and issubclass(annotation, BaseModel)) or any(
            models(a) for a in args
        )

    nested = {name for name, f in Record.model_fields.items() if models(f.annotation)}
    known = {*compiled.NESTED_LISTS, *compiled.NESTED_ONE, compiled.GRAPH}
    assert nested == known
    assert set(TransitionGraph.model_fields) == set(compiled.GRAPH_RELATIONS)


def _edit_keeping_size_and_mtime(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    st = path.stat()
    changed = text.replace("persistent", "PERSISTENT", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the mtime game: same size, same mtime


def test_a_changed_file_is_seen_even_with_size_and_mtime_kept(
    records: Path, cache_dir: Path
) -> None:
    KnowledgeBase.from_paths([records])
    _edit_keeping_size_and_mtime(records / "tape-twice.json")
    kb = KnowledgeBase.from_paths([records])
    assert not kb.from_cache
    assert "PERSISTENT" in json.dumps(kb.get("tensorflow/tape-twice").model_dump())
    assert KnowledgeBase.from_paths([records]).from_cache  # and the cache was rewritten


def test_an_added_and_a_removed_file_are_seen(records: Path, cache_dir: Path) -> None:
    assert len(KnowledgeBase.from_paths([records])) == 7
    data = json.loads((records / "reshape.json").read_text(encoding="utf-8"))
    data["id"] = "tensorflow/reshape-copy"
    (records / "sub").mkdir()
    (records / "sub" / "copy.json").write_text(json.dumps(data), encoding="utf-8")
    added = KnowledgeBase.from_paths([records])
    assert not added.from_cache and added.get("tensorflow/reshape-copy") is not None
    (records / "reshape.json").unlink()
    removed = KnowledgeBase.from_paths([records])
    assert not removed.from_cache and removed.get("tensorflow/reshape") is None
    assert len(removed) == 7


def test_load_problems_come_back_from_the_cache(records: Path, cache_dir: Path) -> None:
    (records / "broken.json").write_text('{"id": ', encoding="utf-8")
    first = KnowledgeBase.from_paths([records])
    second = KnowledgeBase.from_paths([records])
    assert second.from_cache and second.problems == first.problems and len(first.problems) == 1


def _rewrite(path: Path, change: object) -> None:
    """Apply `change(header, body) -> (header, body)` and recompute the digest, so that only
    the structure checks stand between the file and the loader."""
    raw = path.read_bytes()
    end = raw.index(b"\n", len(cache.MAGIC))
    header = json.loads(raw[len(cache.MAGIC) : end])
    header, body = change(header, raw[end + 1 :])  # type: ignore[operator]
    header["digest"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(cache.MAGIC + json.dumps(header).encode() + b"\n" + body)


def _meta_with_bad_row(header: dict, body: bytes) -> tuple[dict, bytes]:
    lo, size = header["sections"]["meta"]
    meta = json.loads(body[lo : lo + size])
    meta["records"][0][0] = 42  # an id that is not a string
    new = json.dumps(meta).encode()
    header["sections"]["meta"] = [len(body), len(new)]
    return header, body + new


CORRUPTIONS = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "garbage": lambda raw: os.urandom(4096),
    "json but not a cache": lambda raw: b'{"format": 1}',
    "content edited, key kept": lambda raw: raw[:-40] + bytes(b ^ 1 for b in raw[-40:]),
    "magic only": lambda raw: cache.MAGIC,
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_damaged_cache_is_ignored_and_rebuilt(records: Path, cache_dir: Path, name: str) -> None:
    KnowledgeBase.from_paths([records])
    path = _cache_file(records)
    path.write_bytes(CORRUPTIONS[name](path.read_bytes()))
    kb = KnowledgeBase.from_paths([records])
    assert not kb.from_cache and len(kb) == 7 and _top(kb) == "tensorflow/tape-twice"
    assert KnowledgeBase.from_paths([records]).from_cache


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda h, b: ({**h, "format": cache.FORMAT + 1}, b), id="another version"),
        pytest.param(lambda h, b: ({**h, "sections": []}, b), id="sections not a map"),
        pytest.param(
            lambda h, b: ({**h, "sections": {**h["sections"], "meta": [0, 10**9]}}, b),
            id="section past the end",
        ),
        pytest.param(_meta_with_bad_row, id="valid JSON of the wrong shape"),
    ],
)
def test_a_cache_of_the_wrong_shape_is_ignored(records: Path, cache_dir: Path, change) -> None:
    KnowledgeBase.from_paths([records])
    _rewrite(_cache_file(records), change)
    kb = KnowledgeBase.from_paths([records])
    assert not kb.from_cache and _top(kb) == "tensorflow/tape-twice"


def test_index_data_that_does_not_fit_is_rebuilt(records: Path, cache_dir: Path) -> None:
    def empty_matcher(header: dict, body: bytes) -> tuple[dict, bytes]:
        new = json.dumps({"entries": [], "silent": [], "by_gram": {}, "always": []}).encode()
        header["sections"]["matcher"] = [len(body), len(new)]
        return header, body + new

    KnowledgeBase.from_paths([records])
    _rewrite(_cache_file(records), empty_matcher)
    kb = KnowledgeBase.from_paths([records])
    assert kb.from_cache  # the records are fine; the matcher is built afresh from them
    assert _top(kb) == "tensorflow/tape-twice"


def test_an_unwritable_cache_folder_means_no_cache(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    for _ in range(2):
        kb = KnowledgeBase.from_paths([records])
        assert not kb.from_cache and _top(kb) == "tensorflow/tape-twice"
    monkeypatch.setenv(cache.CACHE_ENV, "")  # set empty: caching off
    assert cache.cache_dir() is None
    assert not KnowledgeBase.from_paths([records]).from_cache


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "tfhelp"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as XDG says
    assert cache.cache_dir() == Path.home() / ".cache" / "tfhelp"


_KERNEL = r"""
import json, sys
from tfhelp.knowledge_base import KnowledgeBase
text = open(sys.argv[2], encoding="utf-8").read()
kb = KnowledgeBase.from_paths([sys.argv[1]])
found = kb.explain_text(text)[1]
hits = kb.searcher.search("jacobain")
print(json.dumps({"cached": kb.from_cache, "top": found[0].record.id if found else None,
                  "search": hits[0].record.id if hits else None, "records": len(kb),
                  "pydantic": "pydantic" in sys.modules}))
"""


def _kernels(records: Path, cache_dir: Path, n: int) -> list[dict]:
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    argv = [sys.executable, "-c", _KERNEL, str(records), str(TRACEBACKS / "tape_twice.txt")]
    procs = [
        subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(n)
    ]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode()
        out.append(json.loads(stdout.decode().strip().splitlines()[-1]))
    return out


def test_concurrent_kernels_share_one_cache_folder(records: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    expected = {"top": "tensorflow/tape-twice", "search": "tensorflow/per-step", "records": 7}
    # Several processes start at once with no cache: all build, all write, all answer.
    for result in _kernels(records, shared, 4):
        assert {k: result[k] for k in expected} == expected
    # Then others read the file they left, while one more changes a record under them.
    _edit_keeping_size_and_mtime(records / "tape-twice.json")
    results = _kernels(records, shared, 4)
    for result in results:
        assert {k: result[k] for k in expected} == expected
    again = _kernels(records, shared, 3)
    assert all(r["cached"] for r in again)
    assert all({k: r[k] for k in expected} == expected for r in again)
    assert not any(r["pydantic"] for r in again)  # a warm cache is read without pydantic
    assert [p.name for p in shared.iterdir() if p.name.startswith(".tmp-")] == []


def test_threads_decoding_one_record_at_once_agree(cache_dir: Path) -> None:
    """The notebook's preload thread and the first error may read the same record together."""
    import threading

    KnowledgeBase.from_paths([FIXTURE_RECORDS])
    for _ in range(20):
        record = KnowledgeBase.from_paths([FIXTURE_RECORDS]).get("tensorflow/tape-twice")
        seen: list[str] = []
        start = threading.Barrier(4)
        threads = [
            threading.Thread(target=_read_first_action, args=(record, start, seen))
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 4 and len(set(seen)) == 1


def _read_first_action(record: object, start: object, seen: list[str]) -> None:
    start.wait()  # type: ignore[attr-defined]
    seen.append(record.workarounds[0].action)  # type: ignore[attr-defined]


def test_old_cache_files_are_pruned(
    records: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP_FILES", 2)
    folders = []
    for n in range(4):
        folder = records.parent / f"pack{n}"
        shutil.copytree(records, folder)
        folders.append(folder)
        KnowledgeBase.from_paths([folder])
        os.utime(_cache_file(folder), ns=(n * 10**9, n * 10**9))  # older packs, older files
    left = sorted(p.name for p in cache_dir.iterdir())
    assert left == sorted(_cache_file(f).name for f in folders[-2:])
