"""The compiled knowledge base on disk: validated records and their indexes as plain data.

One cache file per set of record paths, in TFHELP_CACHE_DIR (empty: no cache), else
$XDG_CACHE_HOME/tfhelp or ~/.cache/tfhelp. The file is JSON and UTF-8 JSON slices, never
pickle: a magic line, a header line (format, key, body digest, section spans), then the body.

The key is a digest of every record file's path, size, mtime_ns, ctime_ns and inode (plus the
tfhelp code that shapes the data). ctime cannot be set back by a user the way mtime can
(`touch -d`, `os.utime`, an editor restoring times): any write or utime moves it, so an edit that
keeps size and mtime still changes the key, without reading 10k files to hash their contents.
Added and removed files change the list itself.

A file is used only when its magic, format, key, sha256 of the body and structure all check
out; anything else (truncated, garbage, another version, edited) is ignored and rebuilt. It is
written to a temporary file and os.replace'd, so concurrent processes sharing the folder only
ever see whole files; a folder that cannot be written just means no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tfhelp.knowledge.compiled import LIGHT, Blob, CompiledRecord
from tfhelp.knowledge.loader import LoadProblem, load_files, record_entries

FORMAT = 1
MAGIC = b"tfhelp-compiled-knowledge\n"
CACHE_ENV = "TFHELP_CACHE_DIR"
SUFFIX = ".kbc"
KEEP_FILES = 24  # cache files kept per folder (one per set of record paths); oldest go first
KEEP_BYTES = 512 << 20  # and their size together (a 10k-record pack compiles to ~60 MB)
_PACKAGE = Path(__file__).resolve().parent.parent
# Code whose change changes what a compiled file holds.
CODE_FILES = (
    "__init__.py",
    "model.py",
    "regexsafety.py",
    "tokens.py",
    "matching.py",
    "search_index.py",
    "knowledge_base.py",
    "knowledge/anchors.py",
    "knowledge/loader.py",
    "knowledge/deadends.py",
    "knowledge/compiled.py",
    "knowledge/cache.py",
)

IndexBuilder = Callable[[Sequence[Any]], dict[str, Any]]


@dataclass
class Compiled:
    """A knowledge base read from its compiled form: records, problems and index data."""

    records: list[CompiledRecord]
    problems: list[LoadProblem]
    sources: dict[str, str]
    sections: dict[str, Callable[[], Any]] = field(default_factory=dict)
    from_cache: bool = False
    path: Path | None = None


def cache_dir() -> Path | None:
    """The folder cache files go in; None when TFHELP_CACHE_DIR is set empty."""
    raw = os.environ.get(CACHE_ENV)
    if raw is not None:
        return Path(raw).expanduser() if raw.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "tfhelp"


def cache_file(paths: Sequence[Path]) -> Path | None:
    """Where the compiled form of these record paths lives (one file per set of paths)."""
    folder = cache_dir()
    if folder is None:
        return None
    named = "\0".join(os.path.abspath(p) for p in paths)
    return folder / (
        hashlib.sha256(named.encode("utf-8", "surrogateescape")).hexdigest()[:32] + SUFFIX
    )


def cache_key(files: Sequence[tuple[str, os.stat_result | None]]) -> str:
    """The digest of the record files' stats and of the code that compiles them."""
    from tfhelp import __version__

    lines = [f"{FORMAT}\0{__version__}"]
    code = [(str(_PACKAGE / name), _stat(_PACKAGE / name)) for name in CODE_FILES]
    for path, st in (*code, *files):
        if st is None:
            lines.append(f"{path}\0missing")
        else:
            lines.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}")
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def compile_paths(paths: Sequence[Path], build_indexes: IndexBuilder) -> Compiled:
    """The compiled knowledge base of these record files and folders: read from the cache
    when a valid file for exactly these files exists, else validated, built, and written."""
    files = record_entries(paths)
    key = cache_key(files)
    target = cache_file(paths)
    if target is not None:
        raw = _read(target)
        found = decode(raw, key) if raw is not None else None
        if found is not None:
            found.from_cache, found.path = True, target
            return found
    raw = encode(key, [Path(name) for name, _ in files], build_indexes)
    if target is not None:
        write_atomically(target, raw)
    compiled = decode(raw, key)
    assert compiled is not None  # what was just encoded decodes
    compiled.path = target
    return compiled


def encode(key: str, files: Sequence[Path], build_indexes: IndexBuilder) -> bytes:
    """Validate the record files and build their indexes; the bytes of the compiled file."""
    result = load_files(files)
    blobs: list[bytes] = []
    rows: list[list[Any]] = []
    offset = 0
    for record in result.records:
        blob = record.model_dump_json().encode("utf-8")
        rows.append([*(getattr(record, name) for name in LIGHT), offset, len(blob)])
        blobs.append(blob)
        offset += len(blob)
    problems = [[p.path, p.reason, p.field, p.line] for p in result.problems]
    sources = [result.sources[r.id] for r in result.records]
    meta = {"records": rows, "problems": problems, "sources": sources}
    sections = {"meta": _json(meta), "records": b"".join(blobs)}
    for name, data in build_indexes(result.records).items():
        sections[name] = _json(_split_tables(name, data, sections))
    body = bytearray()
    spans: dict[str, list[int]] = {}
    for name, data in sections.items():
        spans[name] = [len(body), len(data)]
        body += data
    header = {
        "format": FORMAT,
        "key": key,
        "digest": hashlib.sha256(body).hexdigest(),
        "sections": spans,
    }
    return MAGIC + _json(header) + b"\n" + bytes(body)


class Table(list):  # type: ignore[type-arg]
    """A list in index data stored item by item: read back as a `StoredTable`, whose items are
    decoded when first asked for (a query needs a few of a 10k-record index's rows)."""


class StoredTable(Sequence[Any]):
    """A `Table` read back: the JSON of each item, decoded on access."""

    def __init__(self, raw: bytes, start: int, offsets: list[int]) -> None:
        self._raw = raw
        self._start = start
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> Any:  # type: ignore[override]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        lo, hi = self._offsets[index], self._offsets[index + 1]
        if not 0 <= lo <= hi:
            raise ValueError("a stored table is malformed")
        return json.loads(self._raw[self._start + lo : self._start + hi])


def _split_tables(name: str, data: Any, sections: dict[str, bytes]) -> Any:
    """Index data with each top-level Table moved into a section of its own."""
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for field_name, value in data.items():
        if not isinstance(value, Table):
            out[field_name] = value
            continue
        items = [_json(item) for item in value]
        offsets = [0]
        for item in items:
            offsets.append(offsets[-1] + len(item))
        table = f"{name}.{field_name}"
        sections[table] = b"".join(items)
        out[field_name] = {"$table": table, "offsets": offsets}
    return out


def _join_tables(data: Any, raw: bytes, bounds: dict[str, tuple[int, int]]) -> Any:
    """The index data `_split_tables` wrote, with its tables as `StoredTable`s."""
    if not isinstance(data, dict):
        return data
    for field_name, value in data.items():
        if isinstance(value, dict) and "$table" in value:
            lo, hi = bounds[value["$table"]]
            offsets = value["offsets"]
            if not (
                isinstance(offsets, list)
                and offsets
                and offsets[0] == 0
                and offsets[-1] == hi - lo
                and all(type(o) is int for o in offsets)
            ):
                raise ValueError("a stored table is malformed")
            data[field_name] = StoredTable(raw, lo, offsets)
    return data


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes, key: str) -> Compiled | None:
    """The compiled knowledge base in these bytes, or None unless every check passes."""
    try:
        return _decode(raw, key)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


def _decode(raw: bytes, key: str) -> Compiled | None:
    if not raw.startswith(MAGIC):
        return None
    end = raw.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    header = json.loads(raw[len(MAGIC) : end])
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    start = end + 1
    body = memoryview(raw)[start:]
    if hashlib.sha256(body).hexdigest() != header.get("digest"):
        return None
    spans = header["sections"]
    if not isinstance(spans, dict) or not {"meta", "records"} <= spans.keys():
        return None
    bounds: dict[str, tuple[int, int]] = {}
    for name, span in spans.items():
        if not (isinstance(span, list) and len(span) == 2 and all(type(n) is int for n in span)):
            return None
        off, size = span
        if off < 0 or size < 0 or off + size > len(body):
            return None
        bounds[str(name)] = (start + off, start + off + size)
    meta = json.loads(raw[slice(*bounds["meta"])])
    records_at = bounds["records"][0]
    records, sources = _records(raw, records_at, bounds["records"][1], meta)
    problems = [LoadProblem(*_problem(p)) for p in meta["problems"]]
    sections = {
        name: _section(raw, bounds, name)
        for name in bounds
        if name not in ("meta", "records") and "." not in name
    }
    return Compiled(records, problems, sources, sections)


def _records(
    raw: bytes, first: int, last: int, meta: dict[str, Any]
) -> tuple[list[CompiledRecord], dict[str, str]]:
    rows, labels = meta["records"], meta["sources"]
    if not isinstance(rows, list) or not isinstance(labels, list) or len(rows) != len(labels):
        raise ValueError("records and sources differ")
    blob = Blob(raw)
    records: list[CompiledRecord] = []
    sources: dict[str, str] = {}
    span = last - first
    for row, label in zip(rows, labels, strict=True):
        rid, silent, tf_only, confidence, evidence, off, size = row
        if not (
            type(rid) is str
            and type(silent) is bool
            and type(tf_only) is bool
            and type(confidence) in (int, float)
            and type(evidence) is int
            and type(off) is int
            and type(size) is int
            and off >= 0
            and off + size <= span
            and type(label) is str
        ):
            raise ValueError("a record row is malformed")
        lo = first + off
        records.append(
            CompiledRecord(rid, silent, tf_only, float(confidence), evidence, blob, lo, lo + size)
        )
        sources[rid] = label
    if len(sources) != len(records):
        raise ValueError("a record id is repeated")
    return records, sources


def _section(raw: bytes, bounds: dict[str, tuple[int, int]], name: str) -> Callable[[], Any]:
    lo, hi = bounds[name]
    return lambda: _join_tables(json.loads(raw[lo:hi]), raw, bounds)


def _problem(row: Any) -> tuple[str, str, str | None, int | None]:
    path, reason, fld, line = row
    if not (
        isinstance(path, str)
        and isinstance(reason, str)
        and (fld is None or isinstance(fld, str))
        and (line is None or type(line) is int)
    ):
        raise ValueError("a problem row is malformed")
    return path, reason, fld, line


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def write_atomically(target: Path, raw: bytes) -> bool:
    """Write the file whole or not at all (temp file + os.replace); False when it cannot be."""
    import tempfile  # only when writing: a warm start reads and never needs it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=target.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    _prune(target.parent)
    return True


def _prune(folder: Path) -> None:
    """Keep the newest cache files (each set of record paths makes its own): at most
    KEEP_FILES of them and KEEP_BYTES together, the newest always."""
    try:
        found = [(p.stat(), p) for p in folder.glob("*" + SUFFIX)]
    except OSError:
        return
    now = time.time_ns()
    kept = sorted(
        ((st.st_mtime_ns, st.st_size, p) for st, p in found if not p.name.startswith(".tmp-")),
        key=lambda item: item[0],
        reverse=True,
    )
    # Another process's temporary file is left alone, unless it is an hour old (a crash).
    old = [
        p for st, p in found if p.name.startswith(".tmp-") and now - st.st_mtime_ns > 3600 * 10**9
    ]
    total = 0
    for count, (_, size, path) in enumerate(kept):
        total += size
        if count and (count >= KEEP_FILES or total > KEEP_BYTES):
            old.append(path)
    for path in old:
        with contextlib.suppress(OSError):
            path.unlink()
