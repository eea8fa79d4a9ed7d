"""Values named in record text: `{name}` placeholders and the regex named groups that fill them."""

from __future__ import annotations

import re

# `{name}` or `{name.derivation}` in cause and reason text: a named group of the record's regex,
# or a value derived from one (tfhelp.values computes each derivation named in tfhelp.model).
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([a-z_]+))?\}")
VALUE_NAME_SEPARATOR = "__"  # (?P<shape__2>...) is a second spelling of the value `shape`


def value_name(group: str) -> str:
    """The value a named group gives: Python's re allows a name once, so alternatives of a regex
    that spell the same value differently name their groups `shape`, `shape__2`, ..."""
    return group.split(VALUE_NAME_SEPARATOR, 1)[0]
