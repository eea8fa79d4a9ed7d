"""Record files: loading and validating them, and their compiled, cached form."""

from __future__ import annotations

from typing import Any

from tfhelp.knowledge.loader import LoadProblem, LoadResult, bundled_records_dir, load_paths

__all__ = [
    "KnowledgeBase",
    "LoadProblem",
    "LoadResult",
    "bundled_records_dir",
    "default_knowledge_base",
    "load_paths",
    "reset_default",
]

# The knowledge base facade sits above this package, in tfhelp.knowledge_base (it owns the
# matcher and the searcher). Its names stay importable from here for existing code; nothing in
# this package imports it.
_FACADE = ("KnowledgeBase", "default_knowledge_base", "reset_default")


def __getattr__(name: str) -> Any:
    if name in _FACADE:
        import tfhelp.knowledge_base

        return getattr(tfhelp.knowledge_base, name)
    raise AttributeError(f"module 'tfhelp.knowledge' has no attribute {name!r}")
