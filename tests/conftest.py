"""Shared fixtures: a small knowledge base of panel test records, installed as the default one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfhelp.knowledge import KnowledgeBase

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
    import tfhelp.knowledge.base

    monkeypatch.setattr(tfhelp.knowledge.base, "_default", panel_kb)
    return panel_kb
