"""The knowledge base: records loaded from folders, with their match and search indexes."""

from __future__ import annotations

from tfhelp.knowledge.base import KnowledgeBase, default_knowledge_base, reset_default
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
