"""tfhelp: turns TensorFlow and Keras errors into help, in IPython and Jupyter and at the shell.

The public API is small and imports nothing heavy until it is used:

    tfhelp.diagnose(exc) -> list[Match]       # a live exception
    tfhelp.diagnose_text(text) -> list[Match] # a traceback as text, clean or pasted
    tfhelp.search(query) -> list[SearchHit]
    tfhelp.fix_code(exc, source) -> list[CodeFix]  # the cell that raised, fixed
"""

from __future__ import annotations

TYPE_CHECKING = False  # `import typing` costs more than the rest of `import tfhelp`
if TYPE_CHECKING:
    from typing import Any

    from tfhelp.fixes import CodeFix
    from tfhelp.matching import Match
    from tfhelp.search_index import SearchHit

__version__ = "0.1.0"
__all__ = [
    "CodeFix",
    "Match",
    "SearchHit",
    "__version__",
    "diagnose",
    "diagnose_text",
    "fix_code",
    "search",
]


def diagnose(exc: BaseException, limit: int = 5) -> list[Match]:
    """Records that fit a live exception, best first ([] when none really fits)."""
    from tfhelp.knowledge_base import default_knowledge_base
    from tfhelp.signature import from_exception

    return default_knowledge_base().matcher.match(from_exception(exc), limit=limit)


def diagnose_text(text: str | bytes, limit: int = 5) -> list[Match]:
    """Records that fit a traceback given as text, best first ([] when none fits).

    Pasted text is read too: Markdown quotes, fences and emphasis, HTML, wrapped lines, log
    prefixes, TensorFlow's status lists and log lines, a message without its class.
    """
    from tfhelp.knowledge_base import default_knowledge_base

    return default_knowledge_base().explain_text(text, limit=limit)[1]


def search(query: str, limit: int = 10) -> list[SearchHit]:
    """Records for a free-text query (English or Chinese, typos tolerated), best first."""
    from tfhelp.knowledge_base import default_knowledge_base

    return default_knowledge_base().searcher.search(query, limit=limit)


def fix_code(exc: BaseException, source: str, names: dict[str, str] | None = None) -> list[CodeFix]:
    """The cell `source` that raised `exc`, fixed: one CodeFix per fix that applies, best first
    ([] when none does). Each has `.code` (the whole patched cell), `.diff`, `.title`,
    `.title_zh` and `.record_id`."""
    from tfhelp.fixes import fix_code as fix

    return fix(exc, source, names)


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext tfhelp`: install the exception hook and the %tfhelp magic."""
    from tfhelp.ipython.extension import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """`%unload_ext tfhelp`: remove the hook and restore any handler that was there before."""
    from tfhelp.ipython.extension import unload

    unload(ipython)


def __getattr__(name: str) -> Any:
    if name == "Match":
        from tfhelp.matching import Match

        return Match
    if name == "CodeFix":
        from tfhelp.fixes import CodeFix

        return CodeFix
    if name == "SearchHit":
        from tfhelp.search_index import SearchHit

        return SearchHit
    raise AttributeError(f"module 'tfhelp' has no attribute {name!r}")
