"""Fixer kinds that rename: an API moved or removed (`tf.placeholder`), a renamed attribute."""

from __future__ import annotations

import ast
import re

from tfhelp.fixes.engine import FixContext, FixNotApplicable
from tfhelp.fixes.source import Cell, Edit, canonical


def _common_prefix(a: str, b: str) -> str:
    out: list[str] = []
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        out.append(x)
    return ".".join(out)


def spelled(cell: Cell, node: ast.AST, new: str) -> str:
    """The new path written the way the user wrote the old one (`tf.` stays `tf.`)."""
    old = cell.resolve(node) or ""
    prefix = _common_prefix(old, new)
    sub = node
    while prefix and isinstance(sub, ast.Attribute | ast.Name):
        if cell.resolve(sub) == prefix:
            return cell.text(sub) + new[len(prefix) :]
        if not isinstance(sub, ast.Attribute):
            break
        sub = sub.value
    return cell.ref(new)


def after_imports_edit(cell: Cell, statement: str) -> Edit:
    """Insert a statement after the cell's top-level imports (at its top when it has none)."""
    last = 0
    for stmt in cell.tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            last = stmt.end_lineno or stmt.lineno
    if last:
        at = cell.line_start(last + 1)
        prefix = "" if cell.source[:at].endswith("\n") else "\n"
        return Edit(at, at, f"{prefix}{statement}\n")
    return Edit(0, 0, f"{statement}\n")


_FROM = re.compile(r"from\s+([\w.]+)")


def rename_api(ctx: FixContext) -> list[Edit]:
    """Replace removed or moved API paths by their new ones, as the cell spells them.

    params: renames ({"tf.set_random_seed": "tf.random.set_seed", ...}; canonical paths, `tf`
    and `np` short), scope ('cell', the default, or 'line'), prelude (a statement inserted after
    the imports when the cell lacks it, e.g. '{tf}.compat.v1.disable_eager_execution()')."""
    renames = {canonical(k): canonical(v) for k, v in dict(ctx.param("renames", {})).items()}
    cell = ctx.cell
    lines = set(ctx.lines) if ctx.param("scope", "cell") == "line" and ctx.lines else None
    nodes = list(cell.on_lines(lines) if lines is not None else cell.walk())
    nodes.sort(key=lambda n: (n.lineno, n.col_offset, -(n.end_col_offset or 0)))  # type: ignore[attr-defined]
    edits: list[Edit] = []
    done: list[tuple[int, int]] = []
    for node in nodes:
        if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
            new = renames.get(cell.resolve(node) or "")
            start, end = cell.span(node)
            if new is None or any(s <= start and end <= e for s, e in done):
                continue
            done.append((start, end))
            edits.append(Edit(start, end, spelled(cell, node, new)))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            edits.extend(_import_from(cell, node, renames))
    if not edits:
        return []
    prelude = ctx.param("prelude")
    if prelude:
        statement = ctx.render(str(prelude))
        if statement not in cell.source:
            edits.append(after_imports_edit(cell, statement))
    return edits


def _import_from(cell: Cell, node: ast.ImportFrom, renames: dict[str, str]) -> list[Edit]:
    module = canonical(node.module or "")
    start, end = cell.span(node)
    head = _FROM.match(cell.source, start, end)
    if head is None:
        return []
    new_module = renames.get(module)
    if new_module is not None:
        written = new_module
        if (node.module or "").startswith("tensorflow.keras") and new_module.startswith("keras"):
            written = "tensorflow." + new_module
        return [Edit(head.start(1), head.end(1), written)]
    edits: list[Edit] = []
    for alias in node.names:
        new = renames.get(f"{module}.{alias.name}")
        if new is None or new.rsplit(".", 1)[0] != module:
            continue
        a_start, a_end = cell.span(alias)
        local = alias.asname or alias.name
        edits.append(Edit(a_start, a_end, f"{new.rsplit('.', 1)[1]} as {local}"))
    return edits


def rename_member(ctx: FixContext) -> list[Edit]:
    """Rename an attribute or method of the user's objects (`optimizer.lr` ->
    `optimizer.learning_rate`, `model.fit_generator` -> `model.fit`), on the error's lines.

    params: renames ({old: new}); the message's `name` group, when there, picks the one."""
    renames: dict[str, str] = dict(ctx.param("renames", {}))
    named = ctx.values.get("name")
    if named is not None:
        renames = {k: v for k, v in renames.items() if k == named}
    if not renames:
        raise FixNotApplicable("the message names no attribute this fix renames")
    scope = ctx.scope
    nodes = ctx.cell.on_lines(scope) if scope is not None else ctx.cell.walk()
    edits: list[Edit] = []
    for node in nodes:
        if (
            isinstance(node, ast.Attribute)
            and node.attr in renames
            and ctx.cell.resolve(node.value) is None  # the user's object, not a module
        ):
            end = ctx.cell.span(node)[1]
            edits.append(Edit(end - len(node.attr), end, renames[node.attr]))
    return edits
