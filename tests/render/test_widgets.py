"""The panel model, built with no kernel: one model, its traits, and actions through its handler."""

from __future__ import annotations

import ipywidgets.widgets.widget as ipywidget
import pytest

from tests.render.htmlcheck import active_content
from tfhelp.render.pages import ErrorPage, RecordPage, SearchPage
from tfhelp.render.widgets import ESM, HelpPanel, LivePanels, snippets_of
from tfhelp.signature import from_exception


def _error_page(kb, exc: BaseException) -> ErrorPage:
    try:
        raise exc
    except BaseException as caught:
        sig = from_exception(caught)
    return ErrorPage(sig, tuple(kb.matcher.match(sig, limit=4)))


def _message(panel: HelpPanel, content: dict) -> None:
    """Deliver a custom message as the front end's `model.send(content)` does."""
    panel._handle_custom_msg(content, [])


@pytest.fixture
def panel(panel_kb):
    made = HelpPanel(_error_page(panel_kb, ValueError("sample failure 3")), panel_kb.by_id, "en")
    yield made
    made.close()


def test_one_model_carries_the_page(panel):
    state = panel.get_state()
    assert state["_esm"] == ESM and "export default" in ESM
    assert state["anchor"] == panel.model_id  # how Insert finds the panel's cell
    assert "tensorflow/sample-error" in state["html"] and 'class="tfhelp-panel"' in state["html"]
    assert state["lang"] == "en" and state["depth"] == 1 and state["nav"] == 0
    assert state["labels"]["run"] == "Run" and state["labels"]["language"] == "中文"
    assert state["code"]["fix-print"] == "print('fixed', 6 * 7)\n"
    assert state["runs"] == {} and state["shown"] is False
    # No child widgets: the panel and one Layout shared by every panel.
    other = HelpPanel(RecordPage("tensorflow/other-error"), panel.known)
    try:
        assert other.layout is panel.layout
        models = {w for w in ipywidget._instances.values() if w in (panel, other)}
        assert models == {panel, other}
    finally:
        other.close()


def test_run_message_runs_the_snippet_and_reports_in_runs(panel):
    seen: list[dict] = []
    panel.observe(lambda change: seen.append(dict(change["new"])), names="runs")
    _message(panel, {"action": "run", "snippet": "fix-print"})
    assert seen[0] == {"fix-print": {"state": "running"}}  # shown while it runs
    run = panel.runs["fix-print"]
    assert run["state"] == "ok" and run["stdout"] == "fixed 42\n" and run["stderr"] == ""
    assert isinstance(run["seconds"], float)


def test_a_failing_snippet_reports_its_traceback(panel):
    result = panel.act({"action": "run", "snippet": "fix-raise"})
    assert result is not None and not result.ok
    run = panel.runs["fix-raise"]
    assert run["state"] == "failed" and "ValueError: snippet broke" in run["stderr"]


def test_graph_mode_snippets_run_in_their_own_process(panel):
    import os

    result = panel.act({"action": "run", "snippet": "check-child"})
    assert result is not None and result.ok and result.where == "process"
    assert str(os.getpid()) not in panel.runs["check-child"]["stdout"]


def test_unknown_snippets_and_actions_do_nothing(panel):
    before = panel.get_state()
    _message(panel, {"action": "run", "snippet": "no-such-snippet"})
    _message(panel, {"action": "format-disk"})
    _message(panel, {"nothing": 1})
    assert panel.get_state() == before


def test_open_related_in_place_and_back(panel):
    html = panel.html
    _message(panel, {"action": "open", "record": "tensorflow/other-error"})
    assert isinstance(panel.page, RecordPage) and panel.page.record_id == "tensorflow/other-error"
    assert "Another error with the same words" in panel.html
    assert panel.depth == 2 and panel.nav == 1  # nav: the front end scrolls to the new title
    assert panel.code == {}  # that record has no snippets
    _message(panel, {"action": "back"})
    assert isinstance(panel.page, ErrorPage) and panel.html == html
    assert panel.depth == 1 and panel.nav == 2


def test_unknown_record_is_not_opened(panel_kb):
    known = {k: v for k, v in panel_kb.by_id.items() if k != "tensorflow/hostile"}
    panel = HelpPanel(RecordPage("tensorflow/sample-error"), known)
    try:
        panel.act({"action": "open", "record": "tensorflow/hostile"})
        assert panel.page == RecordPage("tensorflow/sample-error") and panel.depth == 1
    finally:
        panel.close()


def test_language_toggle_sends_the_page_in_chinese(panel):
    panel.act({"action": "run", "snippet": "fix-print"})
    _message(panel, {"action": "lang"})
    assert panel.lang == "zh" and "测试中的示例错误" in panel.html
    assert panel.labels["run"] == "运行" and panel.labels["language"] == "English"
    assert panel.labels["insert"] == "插入到下方单元格"
    assert panel.runs == {} and panel.nav == 0  # same page: no scroll
    _message(panel, {"action": "lang", "lang": "en"})
    assert panel.lang == "en" and "Sample failure in a test" in panel.html


def test_other_candidates_and_search_hits_open_in_place(panel_kb):
    page = SearchPage("sample", tuple(panel_kb.searcher.search("sample")))
    panel = HelpPanel(page, panel_kb.by_id)
    try:
        assert "tensorflow/sample-error" in panel.html
        panel.act({"action": "open", "record": "tensorflow/sample-error"})
        assert panel.page == RecordPage("tensorflow/sample-error")
        panel.act({"action": "back"})
        assert isinstance(panel.page, SearchPage)
    finally:
        panel.close()


def test_record_and_exception_text_is_inert(panel_kb):
    page = _error_page(panel_kb, RuntimeError("HostileError marker <script>alert(1)</script>"))
    panel = HelpPanel(page, panel_kb.by_id)
    try:
        for lang in ("en", "zh"):
            panel.set_lang(lang)
            assert active_content(panel.html) == [], panel.html  # shown as innerHTML
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel.html
        # Code for Insert is raw text: panel.js only ever puts it into a cell or the clipboard.
        assert panel.code["fix-hostile"] == "print('<script>alert(4)</script>')\n"
    finally:
        panel.close()


def test_a_broken_page_leaves_one_line(panel_kb):
    panel = HelpPanel(RecordPage("tensorflow/sample-error"), panel_kb.by_id)
    try:
        panel.stack.append(RecordPage("tensorflow/not-loaded"))
        panel.set_lang("en")
        assert "help is unavailable" in panel.html and panel.code == {}
    finally:
        panel.close()


def test_snippets_of_a_view_include_the_fixed_cell(panel_kb):
    view = RecordPage("tensorflow/sample-error").view("en", panel_kb.by_id)
    assert set(snippets_of(view)) == {"fix-print", "fix-raise", "check-child"}


class _Publisher:
    def __init__(self) -> None:
        self.sent: list[tuple[dict, str]] = []

    def __call__(self, data: dict, display_id: str) -> None:
        self.sent.append((data, display_id))


def test_live_panels_retire_the_oldest_to_static_html(panel_kb):
    live = LivePanels(keep=3)
    publish = _Publisher()
    panels = [HelpPanel(RecordPage("tensorflow/sample-error"), panel_kb.by_id) for _ in range(5)]
    ids = [live.add(p, publish) for p in panels]
    assert len(set(ids)) == 5 and all(i.startswith("tfhelp-") for i in ids)
    assert [p for p, _ in live.live] == panels[2:]
    # The two oldest: their displays now hold the static forms, and their models are closed.
    assert [display_id for _, display_id in publish.sent] == ids[:2]
    for data, _ in publish.sent:
        assert set(data) == {"text/html", "text/plain"}
        assert 'class="tfhelp-panel"' in data["text/html"]
        assert "tensorflow/sample-error" in data["text/plain"]
    assert panels[0].comm is None and panels[1].comm is None and panels[2].comm is not None
    live.clear()
    assert all(p.comm is None for p in panels) and not live.live
    assert panels[0].layout.comm is not None  # the shared Layout stays for the next panels


def test_front_end_module_wires_actions_and_edits_the_notebook():
    for needle in (
        "sharedModel",
        ".insertCell(",
        "navigator.clipboard",
        "model.send(",
        "scrollIntoView",
        "change:nav",
        "export default",
    ):
        assert needle in ESM, needle
    # Words from the kernel are set as text; only the escaped page HTML goes in as markup.
    assert ESM.count("innerHTML") == 1 and 'body.innerHTML = model.get("html")' in ESM
