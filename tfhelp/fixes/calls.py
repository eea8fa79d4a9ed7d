"""Fixer kinds that edit a call: its keyword arguments, an argument's dtype, the call itself."""

from __future__ import annotations

import ast
import re

from tfhelp.fixes.engine import FixContext, FixNotApplicable
from tfhelp.fixes.source import Cell, Edit


def _items(call: ast.Call) -> list[ast.AST]:
    """A call's arguments and keywords in source order."""
    items: list[ast.AST] = [*call.args, *call.keywords]
    return sorted(items, key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]


def keyword_edit(cell: Cell, call: ast.Call, name: str, value: str) -> Edit | None:
    """Set `name=value` on a call: replace the value when the keyword is there, else add it."""
    for kw in call.keywords:
        if kw.arg == name:
            start, end = cell.span(kw.value)
            return None if cell.source[start:end] == value else Edit(start, end, value)
    items = _items(call)
    if items:
        end = cell.span(items[-1])[1]
        return Edit(end, end, f", {name}={value}")
    end = cell.span(call)[1]
    close = cell.source.rindex(")", 0, end)
    return Edit(close, close, f"{name}={value}")


def receiver_name(ctx: FixContext, methods: list[str]) -> str | None:
    """The variable whose method failed on the error's innermost line (`tape` of
    `tape.gradient(...)`, `self.total` of `self.total.assign_add(...)`)."""
    found = receiver_and_line(ctx, methods)
    return found[0] if found else None


def receiver_and_line(ctx: FixContext, methods: list[str]) -> tuple[str, int] | None:
    """The receiver of a call to one of `methods` on the error's lines (innermost first), and
    that line."""
    for ln in reversed(ctx.lines):
        for node in ctx.cell.on_lines({ln}):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and (not methods or node.func.attr in methods)
            ):
                name = ctx.cell.dotted(node.func.value)
                if name is not None:
                    return name, ln
    return None


def binding_call(ctx: FixContext, name: str, keys: list[str]) -> ast.Call | None:
    """The call that made `name` (`with X() as name`, `name = X()`), the last one before the
    error's line."""
    found: list[ast.Call] = []
    for node in ast.walk(ctx.cell.tree):  # withitems have no position: walk the whole tree
        if isinstance(node, ast.withitem):
            target, value = node.optional_vars, node.context_expr
            pairs = [(target, value)]
        elif isinstance(node, ast.Assign):
            pairs = [(t, node.value) for t in node.targets]
        elif isinstance(node, ast.AnnAssign):
            pairs = [(node.target, node.value)]
        else:
            continue
        for target, value in pairs:
            if (
                target is not None
                and ctx.cell.dotted(target) == name
                and isinstance(value, ast.Call)
                and ctx.cell.callee_is(value, keys)
            ):
                found.append(value)
    last_line = ctx.lines[-1] if ctx.lines else None
    found.sort(key=lambda c: (c.lineno, c.col_offset))
    before = [c for c in found if last_line is None or c.lineno <= last_line]
    return (before or found or [None])[-1]


def calls_in_scope(ctx: FixContext, keys: list[str]) -> list[ast.Call]:
    """Calls to `keys` in scope, or every call in scope when no key is given."""
    if keys:
        return ctx.calls(keys)
    scope = ctx.scope
    nodes = ctx.cell.on_lines(scope) if scope is not None else ctx.cell.walk()
    return [n for n in nodes if isinstance(n, ast.Call)]


def _target_calls(ctx: FixContext) -> list[ast.Call]:
    keys = ctx.keys("call")
    if ctx.param("target") == "receiver":
        name = receiver_name(ctx, ctx.keys("methods"))
        call = binding_call(ctx, name, keys) if name else None
        if call is None and not ctx.lines:
            everywhere = ctx.cell.calls_matching(keys, None)
            call = everywhere[0] if len(everywhere) == 1 else None
        return [call] if call is not None else []
    return ctx.calls(keys)


def _value_allowed(cell: Cell, call: ast.Call, name: str, only_if: str) -> bool:
    current = next((kw.value for kw in call.keywords if kw.arg == name), None)
    if only_if == "present":
        return current is not None
    if only_if == "name":
        return isinstance(current, ast.Name | ast.Attribute)
    if only_if == "not_sequence":
        return current is not None and not isinstance(current, ast.Tuple | ast.List)
    if only_if == "absent":
        return current is None
    return True


def set_keyword(ctx: FixContext) -> list[Edit]:
    """Set a keyword argument on the call(s) in question (`persistent=True`, `axis=1`).

    params: call (callee names), keyword, value (template; `{value}` is the current value),
    position (its index when passed positionally), target ('receiver': the call that made
    the variable whose method failed), only_if
    ('present', 'absent', 'name', 'not_sequence'), first (only the first call found)."""
    name = str(ctx.param("keyword"))
    only_if = str(ctx.param("only_if", ""))
    edits: list[Edit] = []
    for call in _target_calls(ctx):
        if not _value_allowed(ctx.cell, call, name, only_if):
            continue
        position = ctx.param("position")
        positional = (
            call.args[position] if isinstance(position, int) and position < len(call.args) else None
        )
        current = next((kw.value for kw in call.keywords if kw.arg == name), positional)
        value_text = ctx.cell.text(current) if current is not None else ""
        value = ctx.render(str(ctx.param("value")), value=value_text)
        if positional is not None:  # passed by position: replace it there
            start, end = ctx.cell.span(positional)
            edit = None if value_text == value else Edit(start, end, value)
        else:
            edit = keyword_edit(ctx.cell, call, name, value)
        if edit is not None:
            edits.append(edit)
            if ctx.param("first", False):
                break
    return edits


def rename_keyword(ctx: FixContext) -> list[Edit]:
    """Rename keyword arguments (`lr=` -> `learning_rate=`). params: call (optional), renames."""
    renames: dict[str, str] = dict(ctx.param("renames", {}))
    edits: list[Edit] = []
    for call in calls_in_scope(ctx, ctx.keys("call")):
        present = {kw.arg for kw in call.keywords}
        for kw in call.keywords:
            new = renames.get(kw.arg or "")
            if new and new not in present:
                start = ctx.cell.span(kw)[0]
                edits.append(Edit(start, start + len(kw.arg or ""), new))
    return edits


def removal_edits(cell: Cell, call: ast.Call, drop: set[int]) -> list[Edit]:
    """Edits removing the items (by index in source order) of a call, commas included."""
    items = _items(call)
    edits: list[Edit] = []
    i = 0
    while i < len(items):
        if i not in drop:
            i += 1
            continue
        j = i
        while j + 1 < len(items) and j + 1 in drop:
            j += 1
        if i > 0:
            edits.append(Edit(cell.span(items[i - 1])[1], cell.span(items[j])[1], ""))
        elif j + 1 < len(items):
            edits.append(Edit(cell.span(items[i])[0], cell.span(items[j + 1])[0], ""))
        else:
            edits.append(Edit(cell.span(items[i])[0], cell.span(items[j])[1], ""))
        i = j + 1
    return edits


def drop_keyword(ctx: FixContext) -> list[Edit]:
    """Remove keyword arguments an API no longer takes (`time_major=`, `workers=`).

    params: call (optional), keywords (names); the message's `names` group adds the names it
    lists (`{'time_major': False}`)."""
    names = set(ctx.keys("keywords"))
    names |= set(re.findall(r"[A-Za-z_]\w*", ctx.values.get("names", "")))
    edits: list[Edit] = []
    for call in calls_in_scope(ctx, ctx.keys("call")):
        items = _items(call)
        drop = {i for i, n in enumerate(items) if isinstance(n, ast.keyword) and n.arg in names}
        edits.extend(removal_edits(ctx.cell, call, drop))
    return edits


def _outermost(cell: Cell, calls: list[ast.Call]) -> list[ast.Call]:
    spans = [cell.span(c) for c in calls]
    return [
        c
        for c, (s, e) in zip(calls, spans, strict=False)
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
    ]


def rewrite_call(ctx: FixContext) -> list[Edit]:
    """Rewrite a call from a template (`len(x)` -> `tf.shape(x)[0]`, `m.fit_generator(g)` ->
    `m.fit(g)`). params: call, template with `{self}` (the receiver), `{0}`.. (positional
    arguments), `{args}` (every argument as written), `{callee}`; min_args."""
    edits: list[Edit] = []
    template = str(ctx.param("template"))
    for call in _outermost(ctx.cell, ctx.calls(ctx.keys("call"))):
        if len(call.args) < int(ctx.param("min_args", 0)):
            continue
        items = _items(call)
        args = (
            ctx.cell.source[ctx.cell.span(items[0])[0] : ctx.cell.span(items[-1])[1]]
            if items
            else ""
        )
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        text = ctx.render(
            template,
            *(ctx.cell.text(a) for a in call.args),
            args=args,
            callee=ctx.cell.text(call.func),
            self=ctx.cell.text(receiver) if receiver is not None else "",
        )
        start, end = ctx.cell.span(call)
        edits.append(Edit(start, end, text))
    return edits


def _is_cast(cell: Cell, node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and cell.callee_is(node, ["tf.cast", "keras.ops.cast"])


def cast_argument(ctx: FixContext) -> list[Edit]:
    """Cast one argument of a call to the dtype the op needs (`tf.one_hot(labels, ...)` ->
    `tf.one_hot(tf.cast(labels, tf.int32), ...)`).

    params: arguments ({callee: "index:keyword"}, where the argument is passed), dtype
    (template, e.g. 'int32' or '{dtype}')."""
    dtype = ctx.render(str(ctx.param("dtype")))
    where = {k: str(v) for k, v in dict(ctx.param("arguments", {})).items()}
    for call in ctx.calls(list(where)):
        spec = next(v for k, v in where.items() if ctx.cell.callee_is(call, [k]))
        index, _, keyword = spec.partition(":")
        arg: ast.AST | None = next((k.value for k in call.keywords if k.arg == keyword), None)
        if arg is None and index.isdigit() and int(index) < len(call.args):
            arg = call.args[int(index)]
        if arg is None or _is_cast(ctx.cell, arg) or isinstance(arg, ast.Starred):
            continue
        start, end = ctx.cell.span(arg)
        text = ctx.render("{tf}.cast({0}, {tf}.{1})", ctx.cell.text(arg), dtype)
        return [Edit(start, end, text)]
    return []


_BINOPS = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "@": ast.MatMult}


def cast_operand(ctx: FixContext) -> list[Edit]:
    """Cast the operand the message names (`input #1`) to its partner's dtype.

    params: ops ({op name in the message: 'matmul,@'}: the calls and operators it comes from).
    message groups: op, index, dtype (the dtype the op expected)."""
    op = ctx.values.get("op", "")
    index = int(ctx.values.get("index", "1"))
    forms: list[str] = []
    ops = dict(ctx.param("ops", {}))
    # The longest name the op ends with: `_MklMatMul` is MatMul, not Mul.
    for name in sorted(ops, key=len, reverse=True):
        if op.lower().endswith(name.lower()):
            forms = [f.strip() for f in str(ops[name]).split(",") if f.strip()]
            break
    if not forms or index not in (0, 1):
        raise FixNotApplicable("not an operation this fixer knows")
    calls = [f for f in forms if f not in _BINOPS]
    operators = tuple(_BINOPS[f] for f in forms if f in _BINOPS)
    scope = ctx.scope
    nodes = list(ctx.cell.on_lines(scope) if scope is not None else ctx.cell.walk())
    for node in reversed(nodes):  # the innermost expression on the line first
        operands: list[ast.AST] = []
        if isinstance(node, ast.BinOp) and operators and isinstance(node.op, operators):
            operands = [node.left, node.right]
        elif isinstance(node, ast.Call) and calls and ctx.cell.callee_is(node, calls):
            operands = list(node.args[:2])
        if len(operands) != 2 or _is_cast(ctx.cell, operands[index]):
            continue
        target, other = operands[index], operands[1 - index]
        if isinstance(other, ast.Name | ast.Attribute):
            dtype = f"{ctx.cell.text(other)}.dtype"
        else:
            dtype = ctx.render("{tf}.{dtype}")
        start, end = ctx.cell.span(target)
        text = ctx.render("{tf}.cast({0}, {1})", ctx.cell.text(target), dtype)
        return [Edit(start, end, text)]
    return []


def move_keywords_into_call(ctx: FixContext) -> list[Edit]:
    """Move an outer call's keyword arguments into its one positional argument, a call whose
    closing parenthesis came too early (`model.add(Dense(32), activation="relu")` ->
    `model.add(Dense(32, activation="relu"))`).

    params: call (the outer callees, e.g. `.add`), keep (keywords the outer call takes, left
    where they are). message group `keyword`: the rejected keyword, which the call must have."""
    rejected = ctx.values.get("keyword", "")
    keep = set(ctx.keys("keep"))
    cell = ctx.cell
    for call in ctx.calls(ctx.keys("call")):
        names = [kw.arg for kw in call.keywords]
        if rejected not in names or len(call.args) != 1 or not isinstance(call.args[0], ast.Call):
            continue
        inner = call.args[0]
        items = _items(call)
        moving = [n for n in call.keywords if n.arg is not None and n.arg not in keep]
        if {kw.arg for kw in moving} & {kw.arg for kw in inner.keywords}:
            raise FixNotApplicable("the inner call already has that keyword")
        moved = [cell.text(kw) for kw in moving]
        drop = {i for i, n in enumerate(items) if any(n is kw for kw in moving)}
        inner_items = _items(inner)
        if inner_items:
            at, text = cell.span(inner_items[-1])[1], ", " + ", ".join(moved)
        else:
            at, text = cell.source.rindex(")", 0, cell.span(inner)[1]), ", ".join(moved)
        return [Edit(at, at, text), *removal_edits(cell, call, drop)]
    return []
