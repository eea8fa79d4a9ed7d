"""Shared fixtures: a small knowledge base of panel test records, installed as the default one."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tfhelp.knowledge import KnowledgeBase

# The compiled knowledge cache of a test run (and of the kernels it starts) lives in a folder of
# its own, never in the user's ~/.cache/tfhelp.
if "TFHELP_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="tfhelp-test-cache-")
    os.environ["TFHELP_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

PANEL_RECORDS = Path(__file__).resolve().parent / "data" / "panel_records"


@pytest.fixture(scope="session")
def panel_kb() -> KnowledgeBase:
    """Three records: an ordinary one, one sharing its wording, and one full of HTML and scripts."""
    kb = KnowledgeBase.from_paths([PANEL_RECORDS])
    assert not kb.problems, kb.problems
    return kb


@pytest.fixture
def use_kb(panel_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    """Make the panel records the knowledge base that tfhelp loads by default."""
    import tfhelp.knowledge_base

    monkeypatch.setattr(tfhelp.knowledge_base, "_default", panel_kb)
    return panel_kb
