"""Records as plain objects built from validated data: what a compiled knowledge base holds.

A `CompiledRecord` answers the attributes of `tfhelp.model.Record` without pydantic: the few
fields matching and search need on every call are set at once, the rest are decoded from the
record's JSON on first access (most records are never shown). Nested models become
`PlainNode`s with the same attribute names. The data was validated by `Record` when the cache
was built; it is never re-validated here.
"""

from __future__ import annotations

import json
from typing import Any

# Fields of Record whose values are models (everything else is a plain JSON value). A test
# checks this against tfhelp.model, so a new nested model cannot be missed.
NESTED_LISTS = ("versions", "dead_ends", "workarounds", "snippets", "proofs", "fixes")
NESTED_ONE = ("reproducer",)
GRAPH = "transition_graph"
GRAPH_RELATIONS = ("leads_to", "preceded_by", "frequently_confused_with")
# Set on every record up front: the matcher and the searcher read them for each candidate.
LIGHT = ("id", "silent", "tensorflow_only", "confidence", "evidence_count")


class CorruptRecord(ValueError):
    """A compiled record's data is not what was stored (the cache file was damaged)."""


class PlainNode:
    """A nested part of a record (a workaround, a snippet, ...) as a frozen plain object."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash(repr(sorted(vars(self).items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({vars(self)!r})"


class PlainGraph(PlainNode):
    """A record's transition graph."""

    def edges(self) -> list[tuple[str, PlainNode]]:
        """Every edge with the name of its relation."""
        return [(relation, e) for relation in GRAPH_RELATIONS for e in getattr(self, relation)]


def _nodes(items: Any) -> list[PlainNode]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise CorruptRecord("a nested list is not a list of objects")
    return [PlainNode(i) for i in items]


def plain_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A record's validated JSON data with its nested models made into plain nodes."""
    out = dict(data)
    for name in NESTED_LISTS:
        out[name] = _nodes(data.get(name, []))
    for name in NESTED_ONE:
        value = data.get(name)
        if value is not None and not isinstance(value, dict):
            raise CorruptRecord(f"{name} is not an object")
        out[name] = None if value is None else PlainNode(value)
    graph = data.get(GRAPH, {})
    if not isinstance(graph, dict):
        raise CorruptRecord("transition_graph is not an object")
    out[GRAPH] = PlainGraph({r: _nodes(graph.get(r, [])) for r in GRAPH_RELATIONS})
    return out


class Blob:
    """The bytes that hold every record's JSON, one slice each."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def load(self, lo: int, hi: int) -> Any:
        """The JSON value in raw[lo:hi]."""
        return json.loads(self.raw[lo:hi])


class CompiledRecord:
    """A validated record read back from a compiled knowledge base (see the module docstring)."""

    def __init__(
        self,
        id: str,
        silent: bool,
        tensorflow_only: bool,
        confidence: float,
        evidence_count: int,
        blob: Blob,
        lo: int,
        hi: int,
    ) -> None:
        d = self.__dict__
        d["id"], d["silent"], d["tensorflow_only"] = id, silent, tensorflow_only
        d["confidence"], d["evidence_count"] = confidence, evidence_count
        d["_at"] = (blob, lo, hi)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: decode the whole record once. Two threads
        # may both decode it (the preload thread and the first error): the result is the same.
        d = self.__dict__
        at = d.get("_at")
        if at is not None and not name.startswith("__"):
            blob, lo, hi = at
            data = blob.load(lo, hi)
            if not isinstance(data, dict) or data.get("id") != d["id"]:
                raise CorruptRecord(f"compiled data of {d['id']!r} is not its record")
            d.update(plain_fields(data))
            d["_data"] = data
            d.pop("_at", None)
        if name in d and not name.startswith("_"):
            return d[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a record is read-only")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompiledRecord):
            return NotImplemented
        return self.id == other.id and self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"CompiledRecord(id={self.id!r})"

    @property
    def display_title(self) -> str:
        """The title shown to people."""
        return str(self.title or self.signature)

    def snippet(self, snippet_id: str) -> Any:
        """The snippet with this id, if any."""
        return next((s for s in self.snippets if s.id == snippet_id), None)

    def model_dump(self, mode: str = "json", **_: Any) -> dict[str, Any]:
        """The record's data as plain JSON values (a fresh copy), like `Record.model_dump`."""
        self.signature  # noqa: B018 - decodes the record if it is not yet
        copied: dict[str, Any] = json.loads(json.dumps(self.__dict__["_data"]))
        return copied

    def model_dump_json(self, indent: int | None = None, **_: Any) -> str:
        """The record as JSON text, like `Record.model_dump_json`."""
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=indent)

    def to_record(self) -> Any:
        """The pydantic `Record` (validated again; for code that needs the model itself)."""
        from tfhelp.model import Record

        return Record.model_validate(self.model_dump())
