"""The fixer kinds, by the name records use in `fixes[].kind`."""

from __future__ import annotations

from tfhelp.fixes.calls import (
    cast_argument,
    cast_operand,
    drop_keyword,
    move_keywords_into_call,
    rename_keyword,
    rewrite_call,
    set_keyword,
)
from tfhelp.fixes.engine import Fixer
from tfhelp.fixes.names import rename_api, rename_member
from tfhelp.fixes.statements import (
    file_extension,
    insert_layer,
    insert_statement,
    ref_keys,
    unstack_assign,
)

KINDS: dict[str, Fixer] = {
    "set_keyword": set_keyword,
    "rename_keyword": rename_keyword,
    "drop_keyword": drop_keyword,
    "move_keywords_into_call": move_keywords_into_call,
    "rewrite_call": rewrite_call,
    "cast_argument": cast_argument,
    "cast_operand": cast_operand,
    "rename_api": rename_api,
    "rename_member": rename_member,
    "insert_statement": insert_statement,
    "unstack_assign": unstack_assign,
    "ref_keys": ref_keys,
    "insert_layer": insert_layer,
    "file_extension": file_extension,
}
