"""Loading record files, naming the file, field and reason of every problem."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tfhelp.model import Record

SCHEMA_SUFFIX = ".schema.json"
RECORDS_ENV = "TFHELP_RECORDS_PATH"
MAX_FILE_BYTES = 1 << 20  # a record is a few kB; anything far larger is not one


@dataclass(frozen=True)
class LoadProblem:
    """One thing wrong with one record file."""

    path: str
    reason: str
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.reason}"
        return f"{where}: {self.reason}"


@dataclass
class LoadResult:
    """Records that loaded, where each came from, and every problem found."""

    records: list[Record] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)


def bundled_records_dir() -> Path:
    """The records shipped with tfhelp: inside the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "records", here.parent / "records"):
        if candidate.is_dir():
            return candidate
    return here / "records"


def extra_records_dirs() -> list[Path]:
    """Folders named in TFHELP_RECORDS_PATH (separated like PATH)."""
    raw = os.environ.get(RECORDS_ENV, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def iter_record_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every record file under the given files and folders, in a stable order."""
    for path, _ in record_files(paths):
        yield path


def record_files(paths: Iterable[Path]) -> list[tuple[Path, os.stat_result | None]]:
    """Every record file under the given files and folders with its stat (None when it cannot
    be had), in a stable order: what a folder holds, and what a compiled cache is keyed on.

    Folders are walked like `rglob("*.json")` (symbolic links to folders are not followed;
    `*.schema.json` files are not records); a path that is not a folder is listed as given.
    """
    return [(Path(name), st) for name, st in record_entries(paths)]


def record_entries(paths: Iterable[Path]) -> list[tuple[str, os.stat_result | None]]:
    """`record_files` with the paths as strings (a 10k-file folder is listed in milliseconds)."""
    found: list[tuple[str, os.stat_result | None]] = []
    for path in paths:
        path = Path(path)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            found.append((str(path), _stat_or_none(path)))
            continue
        inside: list[tuple[tuple[str, ...], str, os.stat_result | None]] = []
        _walk(str(path), path.parts, inside)
        inside.sort(key=lambda item: item[0])
        found.extend((name, st) for _, name, st in inside)
    return found


def _walk(
    folder: str,
    parts: tuple[str, ...],
    out: list[tuple[tuple[str, ...], str, os.stat_result | None]],
) -> None:
    pending = [(folder, parts)]  # a loop, not recursion: any depth of folders is walked
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:  # a folder that vanished or can't be listed: nothing to load there
            continue
        for entry in listed:
            name = entry.name
            try:
                is_dir = entry.is_dir() and not entry.is_symlink()
            except OSError:
                is_dir = False
            if is_dir:
                pending.append((entry.path, (*parts, name)))
            if name.endswith(".json") and not name.endswith(SCHEMA_SUFFIX):
                try:
                    st: os.stat_result | None = entry.stat()
                except OSError:
                    st = None
                out.append(((*parts, name), entry.path, st))


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def load_paths(paths: Iterable[Path | str]) -> LoadResult:
    """Load and validate record files and folders; problems are collected, never raised."""
    return load_files(iter_record_files(Path(p) for p in paths))


def load_files(files: Iterable[Path]) -> LoadResult:
    """Load and validate these record files (as listed by `record_files`)."""
    result = LoadResult()
    for path in files:
        _load_file(path, result)
    _check_cross_references(result)
    return result


def _load_file(path: Path, result: LoadResult) -> None:
    """Load one file; whatever it holds, it costs at most one problem line and never the rest."""
    label = str(path)
    try:
        _load_checked(path, label, result)
    except RecursionError:
        result.problems.append(LoadProblem(label, "is nested too deeply to be a record"))
    except MemoryError:
        result.problems.append(LoadProblem(label, "is too large to load"))
    except Exception as exc:  # a record pack is data from anywhere: name it, keep the others
        result.problems.append(LoadProblem(label, f"could not be loaded ({type(exc).__name__})"))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError or ValueError otherwise.

    FIFOs, devices and sockets are refused before they are opened (a FIFO would block and
    /dev/zero never ends); the size is checked on the open file and the read is bounded too.
    """
    if not stat.S_ISREG(path.stat().st_mode):
        raise ValueError("is not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"is larger than {limit // 1024} KiB")
    return data


def _load_checked(path: Path, label: str, result: LoadResult) -> None:
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except OSError as exc:
        result.problems.append(LoadProblem(label, f"cannot be read: {exc.strerror or exc}"))
        return
    except ValueError as exc:
        result.problems.append(LoadProblem(label, str(exc)))
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(LoadProblem(label, f"is not UTF-8 (byte {exc.start})"))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(LoadProblem(label, f"invalid JSON: {exc.msg}", line=exc.lineno))
        return
    except ValueError as exc:  # e.g. an integer of thousands of digits
        result.problems.append(LoadProblem(label, f"invalid JSON: {str(exc).split(':')[0]}"))
        return
    for record_data in _record_payloads(data, label, result):
        _validate(record_data, label, result)


def _record_payloads(data: Any, label: str, result: LoadResult) -> list[dict[str, Any]]:
    from tfhelp.knowledge.deadends import convert_canon, is_canon

    if not isinstance(data, dict):
        kind = type(data).__name__
        result.problems.append(LoadProblem(label, f"must hold a JSON object, not {kind}"))
        return []
    if is_canon(data):
        try:
            return [convert_canon(data)]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            result.problems.append(
                LoadProblem(label, f"deadends canon could not convert: {reason}")
            )
            return []
    return [data]


def _validate(data: dict[str, Any], label: str, result: LoadResult) -> None:
    # Imported here: a compiled knowledge base is read without pydantic (see knowledge.cache).
    from pydantic import ValidationError

    from tfhelp.model import Record

    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(part) for part in err["loc"]) or None
            result.problems.append(LoadProblem(label, _reason(err), field=loc))
        return
    if record.id in result.sources:
        first = result.sources[record.id]
        result.problems.append(
            LoadProblem(label, f"duplicate id {record.id!r} (first in {first})", field="id")
        )
        return
    result.sources[record.id] = label
    result.records.append(record)


def _reason(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown key (not in the record format; a typo?)"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def _check_cross_references(result: LoadResult) -> None:
    known = {r.id for r in result.records}
    for record in result.records:
        for relation, edge in record.transition_graph.edges():
            if edge.error_id not in known:
                result.problems.append(
                    LoadProblem(
                        result.sources[record.id],
                        f"links to unknown record id {edge.error_id!r}",
                        field=f"transition_graph.{relation}",
                    )
                )
