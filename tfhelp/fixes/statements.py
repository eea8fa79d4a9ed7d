"""Fixer kinds that add or reshape code around the failing line: a statement, a layer, a key,
a file name."""

from __future__ import annotations

import ast

from tfhelp.fixes.calls import receiver_and_line
from tfhelp.fixes.engine import FixContext, FixNotApplicable
from tfhelp.fixes.names import after_imports_edit, spelled
from tfhelp.fixes.source import Cell, Edit, _statements, canonical


def _statement_at(cell: Cell, lineno: int) -> int | None:
    """First line of the simple statement (or compound header) spanning a line."""
    for _parts, first, last in _statements(cell.tree.body):
        if first <= lineno <= last:
            return first
    return None


def insert_statement(ctx: FixContext) -> list[Edit]:
    """Insert a statement before the failing line (same indentation) or after the imports.

    params: template (`{receiver}`: the variable whose method failed, see `methods`), where
    ('before', the default, or 'after_imports')."""
    template = str(ctx.param("template"))
    receiver, line = "", ctx.lines[-1] if ctx.lines else 0
    if "{receiver}" in template:
        found = receiver_and_line(ctx, ctx.keys("methods"))
        if found is None:
            raise FixNotApplicable("no receiver on the failing line")
        receiver, line = found
    text = ctx.render(template, receiver=receiver)
    if text in ctx.cell.source:
        return []
    if ctx.param("where", "before") == "after_imports":
        return [after_imports_edit(ctx.cell, text)]
    first = _statement_at(ctx.cell, line) if line else None
    if first is None:
        return []
    at = ctx.cell.line_start(first)
    return [Edit(at, at, f"{ctx.cell.indent(first)}{text}\n")]


def unstack_assign(ctx: FixContext) -> list[Edit]:
    """`low, high = t` on a symbolic tensor -> `low, high = tf.unstack(t, num=2)`."""
    scope = ctx.scope
    nodes = ctx.cell.on_lines(scope) if scope is not None else ctx.cell.walk()
    for node in nodes:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Tuple | ast.List) or any(
            isinstance(e, ast.Starred) for e in target.elts
        ):
            continue
        value = node.value
        if isinstance(value, ast.Tuple | ast.List | ast.Call | ast.Constant):
            continue  # a Python tuple, or a call that returns one
        start, end = ctx.cell.span(value)
        text = ctx.render("{tf}.unstack({0}, num={1})", ctx.cell.text(value), str(len(target.elts)))
        return [Edit(start, end, text)]
    return []


def _is_tensor_key(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr not in ("ref", "experimental_ref")
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript | ast.Call)


def ref_keys(ctx: FixContext) -> list[Edit]:
    """Tensors used as dict keys or set members get `.ref()`, where the collection is built on
    the failing line and wherever that collection is looked up in the cell."""
    cell = ctx.cell
    scope = ctx.scope
    keys: list[ast.AST] = []
    collections: set[str] = set()
    for node in cell.on_lines(scope) if scope is not None else cell.walk():
        if isinstance(node, ast.Dict):
            keys.extend(k for k in node.keys if k is not None)
        elif isinstance(node, ast.Set):
            keys.extend(node.elts)
        elif isinstance(node, ast.DictComp):
            keys.append(node.key)
        elif isinstance(node, ast.SetComp):
            keys.append(node.elt)
        elif isinstance(node, ast.Assign) and isinstance(
            node.value, ast.Dict | ast.Set | ast.DictComp | ast.SetComp
        ):
            collections.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            collections.add(node.value.id)
            keys.append(node.slice)
    for node in cell.walk():
        if isinstance(node, ast.Subscript) and _named(node.value, collections):
            keys.append(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "add", "pop", "setdefault", "discard", "remove")
            and _named(node.func.value, collections)
            and node.args
        ):
            keys.append(node.args[0])
        elif (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(_named(c, collections) for c in node.comparators)
        ):
            keys.append(node.left)
    edits: list[Edit] = []
    seen: set[tuple[int, int]] = set()
    for key in keys:
        if not _is_tensor_key(key):
            continue
        span = cell.span(key)
        if span not in seen:
            seen.add(span)
            edits.append(Edit(span[1], span[1], ".ref()"))
    return edits


def _named(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def insert_layer(ctx: FixContext) -> list[Edit]:
    """Insert a layer before the first layer of a kind in a Sequential model (`Flatten()` before
    the first `Dense`). params: layer (canonical path), before (layer names), unless (layer
    names that, found before it, make the fix needless)."""
    before = ctx.keys("before")
    unless = ctx.keys("unless")
    layer = canonical(str(ctx.param("layer")))
    cell = ctx.cell
    for call in cell.calls_matching(["Sequential"], None):
        if not call.args or not isinstance(call.args[0], ast.List):
            continue
        elts = call.args[0].elts
        for i, elt in enumerate(elts):
            if isinstance(elt, ast.Call) and cell.callee_is(elt, unless):
                break
            if isinstance(elt, ast.Call) and cell.callee_is(elt, before):
                text = _layer_text(cell, elt, layer)
                start = cell.span(elt)[0]
                prev_line = elts[i - 1].end_lineno if i else call.args[0].lineno
                sep = f",\n{cell.indent(elt.lineno)}" if prev_line != elt.lineno else ", "
                return [Edit(start, start, f"{text}(){sep}")]
    return []


def _layer_text(cell: Cell, beside: ast.Call, layer: str) -> str:
    """The new layer spelled like its neighbour (`layers.Dense` -> `layers.Flatten`)."""
    func = beside.func
    if isinstance(func, ast.Attribute):
        parent = cell.resolve(func.value)
        if parent is not None and layer.startswith(parent + "."):
            return cell.text(func.value) + layer[len(parent) :]
    return spelled(cell, beside.func, layer) if cell.resolve(beside.func) else cell.ref(layer)


def file_extension(ctx: FixContext) -> list[Edit]:
    """Give a saved file the extension the API wants (`model.save("m")` -> `"m.keras"`),
    editing the string literal where the path is written (through `os.path.join`, `+`, `/`,
    f-strings and a variable assigned in the cell); identical literals elsewhere follow.

    params: call, position / keyword (the path argument), extension, strip (suffixes replaced)."""
    ext = str(ctx.param("extension"))
    strip = ctx.keys("strip")
    for call in ctx.calls(ctx.keys("call")):
        keyword = ctx.param("keyword")
        arg = next((k.value for k in call.keywords if k.arg == keyword), None)
        position = int(ctx.param("position", 0))
        if arg is None and position < len(call.args):
            arg = call.args[position]
        if arg is None:
            continue
        edits = _path_edits(ctx.cell, arg, ext, strip, call.lineno, depth=0)
        if edits:
            return edits
    return []


def _path_edits(
    cell: Cell, node: ast.AST, ext: str, strip: list[str], line: int, depth: int
) -> list[Edit]:
    if depth > 4:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _literal_edits(cell, node, ext, strip)
    if isinstance(node, ast.JoinedStr) and node.values:
        last = node.values[-1]
        if isinstance(last, ast.Constant) and isinstance(last.value, str):
            if last.value.endswith(ext):
                return []
            for suffix in strip:
                if last.value.endswith(suffix):
                    return []  # a suffix inside an f-string: left to the user
        end = cell.span(node)[1]
        quote = cell.source[end - 1]
        closing = cell.source[end - 3 : end] if cell.source[end - 3 : end] == quote * 3 else quote
        return [Edit(end - len(closing), end - len(closing), ext)]
    if isinstance(node, ast.Call) and node.args:
        return _path_edits(cell, node.args[-1], ext, strip, line, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Div):
        return _path_edits(cell, node.right, ext, strip, line, depth + 1)
    if isinstance(node, ast.Name):
        assigned = [
            n.value
            for n in ast.walk(cell.tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
            and n.lineno <= line
        ]
        if assigned:
            return _path_edits(cell, assigned[-1], ext, strip, line, depth + 1)
    return []


def _literal_edits(cell: Cell, node: ast.Constant, ext: str, strip: list[str]) -> list[Edit]:
    value = str(node.value)
    if value.endswith(ext):
        return []
    new = value
    for suffix in strip:
        if new.endswith(suffix):
            new = new[: -len(suffix)]
            break
    new += ext
    edits: list[Edit] = []
    for other in ast.walk(cell.tree):
        if isinstance(other, ast.Constant) and other.value == value:
            start, end = cell.span(other)
            written = cell.source[start:end]
            inner = written.rfind(value)
            if inner >= 0 and written[inner + len(value) :].strip("'\"") == "":
                edits.append(Edit(start + inner, start + inner + len(value), new))
            else:
                edits.append(Edit(start, end, repr(new)))
    return edits
