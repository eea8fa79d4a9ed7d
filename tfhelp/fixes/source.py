"""The user's cell as text and syntax tree: positions, the modules its names stand for, edits."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

# Canonical module roots: how records write dotted names ("tf.random.normal").
SHORT_ROOTS = {"tf": "tensorflow", "np": "numpy"}
# Names a notebook cell uses without importing them (the import sits in an earlier cell).
CONVENTIONAL = {"tf": "tensorflow", "np": "numpy", "keras": "keras"}
IMPORT_LINES = {
    "tensorflow": "import tensorflow as tf",
    "numpy": "import numpy as np",
    "keras": "import keras",
}


def canonical(path: str) -> str:
    """A dotted path with full module names; `tensorflow.keras` is Keras itself (TF 2.16+)."""
    root, _, rest = path.partition(".")
    root = SHORT_ROOTS.get(root, root)
    full = f"{root}.{rest}" if rest else root
    if full == "tensorflow.keras" or full.startswith("tensorflow.keras."):
        full = full[len("tensorflow.") :]
    return full


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] (character offsets) by text."""

    start: int
    end: int
    text: str


@dataclass
class Cell:
    """A cell's source, its tree, and the modules its names are bound to."""

    source: str
    names: Mapping[str, str] = field(default_factory=dict)  # alias -> module, from the session
    tree: ast.Module = field(init=False)
    aliases: dict[str, str] = field(init=False)  # local name -> canonical dotted path
    imports_needed: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.tree = ast.parse(self.source)
        self._lines = self.source.splitlines(keepends=True)
        self._starts = [0]
        for line in self._lines:
            self._starts.append(self._starts[-1] + len(line))
        self.aliases = self._find_aliases()

    # --- positions -------------------------------------------------------------------------
    def offset(self, lineno: int, col: int) -> int:
        """Character offset of a (1-based line, UTF-8 byte column) position."""
        if lineno - 1 >= len(self._lines):
            return len(self.source)
        line = self._lines[lineno - 1]
        return self._starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Character offsets of a node."""
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def text(self, node: ast.AST) -> str:
        """The node's source text, as the user wrote it."""
        start, end = self.span(node)
        return self.source[start:end]

    def line_text(self, lineno: int) -> str:
        """One line of the cell, without its newline."""
        return self._lines[lineno - 1].rstrip("\r\n") if 0 < lineno <= len(self._lines) else ""

    def line_start(self, lineno: int) -> int:
        """Offset of a line's first character."""
        return self._starts[min(lineno - 1, len(self._lines))]

    def indent(self, lineno: int) -> str:
        """The whitespace a line starts with."""
        text = self.line_text(lineno)
        return text[: len(text) - len(text.lstrip())]

    # --- names -----------------------------------------------------------------------------
    def _find_aliases(self) -> dict[str, str]:
        found: dict[str, str] = {}
        used = {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name)}
        for name, module in CONVENTIONAL.items():
            if name in used:
                found[name] = module
        for alias, module in self.names.items():
            found[alias] = canonical(module)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        found[a.asname] = canonical(a.name)
                    else:
                        root = a.name.split(".")[0]
                        found[root] = canonical(root)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    if a.name != "*":
                        found[a.asname or a.name] = canonical(f"{node.module}.{a.name}")
        return found

    def dotted(self, node: ast.AST) -> str | None:
        """`a.b.c` for a chain of attributes on a name, as written; None for anything else."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(node.id)
        return ".".join(reversed(parts))

    def resolve(self, node: ast.AST) -> str | None:
        """The canonical path a name or attribute chain stands for (`tf.x` -> `tensorflow.x`)."""
        written = self.dotted(node)
        if written is None:
            return None
        root, _, rest = written.partition(".")
        module = self.aliases.get(root)
        if module is None:
            return None
        return canonical(f"{module}.{rest}" if rest else module)

    def ref(self, path: str) -> str:
        """How this cell spells a canonical path, importing its module when the cell cannot."""
        path = canonical(path)
        best: tuple[int, str] | None = None
        for alias, module in self.aliases.items():
            for prefix in (module, "keras" if module == "tensorflow" else ""):
                if not prefix or not (path == prefix or path.startswith(prefix + ".")):
                    continue
                written = alias + (".keras" if prefix != module else "")
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), written + path[len(prefix) :])
        if best is not None:
            return best[1]
        root = path.split(".")[0]
        line = IMPORT_LINES.get(root, f"import {root}")
        local = line.rsplit(" ", 1)[-1]
        self.imports_needed[root] = line
        self.aliases[local] = root
        return local + path[len(root) :]

    # --- finding nodes -------------------------------------------------------------------
    def walk(self) -> Iterator[ast.AST]:
        """Every node, in source order."""
        nodes = [n for n in ast.walk(self.tree) if hasattr(n, "lineno")]
        nodes.sort(key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        return iter(nodes)

    def on_lines(self, lines: set[int]) -> Iterator[ast.AST]:
        """Expression nodes of the statements (or compound headers) that span these lines."""
        found: list[ast.AST] = []
        for parts, first, last in _statements(self.tree.body):
            if any(first <= ln <= last for ln in lines):
                for part in parts:
                    found.extend(n for n in ast.walk(part) if hasattr(n, "lineno"))
        found.sort(key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        return iter(found)

    def calls_matching(self, keys: list[str], lines: set[int] | None) -> list[ast.Call]:
        """Calls whose callee is one of `keys`: a canonical path (`tf.one_hot`), a method
        (`.fit_generator`) or a bare name (`len`); on these lines, or anywhere when None."""
        pool = self.on_lines(lines) if lines is not None else self.walk()
        out: list[ast.Call] = []
        seen: set[int] = set()
        for node in pool:
            if isinstance(node, ast.Call) and id(node) not in seen and self.callee_is(node, keys):
                seen.add(id(node))
                out.append(node)
        return out

    def callee_is(self, call: ast.Call, keys: list[str]) -> bool:
        """Whether a call's callee is one of `keys` (see calls_matching)."""
        func = call.func
        resolved = self.resolve(func)
        for key in keys:
            if key.startswith("."):
                if isinstance(func, ast.Attribute) and func.attr == key[1:]:
                    return True
            elif "." not in key:
                if isinstance(func, ast.Name) and func.id == key:
                    return True
                if resolved is not None and resolved.rsplit(".", 1)[-1] == key:
                    return True
            elif resolved is not None and resolved == canonical(key):
                return True
        return False

    # --- editing ---------------------------------------------------------------------------
    def apply(self, edits: list[Edit]) -> str | None:
        """The source with the edits (and the imports they need); None when they overlap."""
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        for a, b in itertools.pairwise(edits):
            if b.start < a.end:
                return None
        out = self.source
        for e in reversed(edits):
            out = out[: e.start] + e.text + out[e.end :]
        if self.imports_needed:
            out = _add_imports(out, list(self.imports_needed.values()))
        return out


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(body: list[ast.stmt]) -> Iterator[tuple[list[ast.AST], int, int]]:
    """Each simple statement, and each compound statement's header, with the lines it spans."""
    for stmt in body:
        if not any(getattr(stmt, name, None) for name in ("body", "orelse", "handlers")):
            yield [stmt], stmt.lineno, stmt.end_lineno or stmt.lineno
            continue
        head: list[ast.AST] = []
        for name, value in ast.iter_fields(stmt):
            if name in _BODIES:
                continue
            values = value if isinstance(value, list) else [value]
            head.extend(v for v in values if isinstance(v, ast.AST))
        ends = [getattr(n, "end_lineno", None) or stmt.lineno for n in head]
        yield head, stmt.lineno, max([stmt.lineno, *ends])
        for name in _BODIES:
            inner = getattr(stmt, name, None) or []
            for item in inner:
                if isinstance(item, ast.stmt):
                    yield from _statements([item])
                else:  # an except handler or a match case: a header and a body of its own
                    yield from _statements(getattr(item, "body", []))


_HEAD = re.compile(r"(?:[ \t]*(?:#[^\n]*|from __future__[^\n]*)?\n)*")


def _add_imports(source: str, lines: list[str]) -> str:
    """Imports added after the cell's last top-level import (or at its top)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    last = 0
    for stmt in tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            last = stmt.end_lineno or stmt.lineno
    text_lines = source.splitlines(keepends=True)
    if last:
        head, tail = "".join(text_lines[:last]), "".join(text_lines[last:])
        if head and not head.endswith("\n"):
            head += "\n"
        return head + "".join(f"{ln}\n" for ln in lines) + tail
    match = _HEAD.match(source)
    at = match.end() if match else 0
    return source[:at] + "".join(f"{ln}\n" for ln in lines) + source[at:]
