"""The widget panel, built with no kernel: classes, navigation in place, language, Run, escaping."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from tests.render.htmlcheck import active_content
from tfhelp.render.insert import InsertButton
from tfhelp.render.pages import ErrorPage, RecordPage, SearchPage
from tfhelp.render.widgets import HelpPanel, SnippetBox, find_by_class, snippet_boxes
from tfhelp.signature import from_exception


def _error_page(kb, exc: BaseException) -> ErrorPage:
    try:
        raise exc
    except BaseException as caught:
        sig = from_exception(caught)
    return ErrorPage(sig, tuple(kb.matcher.match(sig, limit=4)))


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def _text(panel: HelpPanel) -> str:
    parts = []
    for w in _tree(panel):
        if isinstance(w, widgets.HTML):
            parts.append(w.value)
        elif isinstance(w, widgets.Button):
            parts.append(w.description)
    return "\n".join(parts)


@pytest.fixture
def panel(panel_kb) -> HelpPanel:
    page = _error_page(panel_kb, ValueError("sample failure 3"))
    return HelpPanel(page, panel_kb.by_id, "en")


def test_panel_has_the_stable_classes(panel):
    assert "tfhelp-panel" in panel._dom_classes
    for cls in ("tfhelp-title", "tfhelp-lang", "tfhelp-back", "tfhelp-related"):
        assert find_by_class(panel, cls), cls
    assert len(find_by_class(panel, "tfhelp-workaround")) == 2
    boxes = snippet_boxes(panel)
    assert len(boxes) == 3  # two workaround snippets and one more
    for box in boxes:
        assert find_by_class(box, "tfhelp-run") and find_by_class(box, "tfhelp-run-output")
        assert isinstance(box.insert_button, InsertButton)
    assert "tensorflow/sample-error" in panel.title.value
    assert panel.back_button.layout.display == "none"


def test_insert_button_carries_code_and_the_panel_id(panel):
    box = snippet_boxes(panel)[0]
    assert box.insert_button.anchor == panel.model_id
    assert box.insert_button.code == box.snippet.code
    assert box.insert_button.insert_label == "Insert as cell below"


def test_related_opens_in_place_and_back_returns(panel):
    related = {b.description: b for b in find_by_class(panel, "tfhelp-related")}
    button = next(b for d, b in related.items() if "often confused with" in d)
    button.click()
    assert isinstance(panel.page, RecordPage) and panel.page.record_id == "tensorflow/other-error"
    assert "tensorflow/other-error" in panel.title.value
    assert panel.back_button.layout.display == ""
    panel.back_button.click()
    assert isinstance(panel.page, ErrorPage) and "tensorflow/sample-error" in panel.title.value


def test_unknown_related_record_is_disabled(panel_kb):
    known = {k: v for k, v in panel_kb.by_id.items() if k != "tensorflow/hostile"}
    panel = HelpPanel(RecordPage("tensorflow/sample-error"), known)
    hostile = [b for b in find_by_class(panel, "tfhelp-related") if b.disabled]
    assert len(hostile) == 1
    hostile[0].click()  # nothing happens
    assert panel.page == RecordPage("tensorflow/sample-error")


def test_language_toggle_switches_every_text(panel):
    english = _text(panel)
    panel.lang_button.click()
    chinese = _text(panel)
    assert panel.lang == "zh" and panel.lang_button.description == "English"
    assert "测试中的示例错误" in panel.title.value
    assert "可行的解决办法" in chinese and "运行" in chinese and "打印修复" in chinese
    assert "What works" not in chinese and "What works" in english
    assert snippet_boxes(panel)[0].insert_button.insert_label == "插入到下方单元格"
    panel.lang_button.click()
    assert panel.lang == "en"


def test_other_candidates_open_in_place(panel_kb):
    # A RuntimeError fits both records, neither with certainty: the other one is offered.
    panel = HelpPanel(_error_page(panel_kb, RuntimeError("sample failure 4")), panel_kb.by_id)
    candidates = find_by_class(panel, "tfhelp-candidate")
    assert len(candidates) == 1
    candidates[0].click()
    assert isinstance(panel.page, RecordPage)


def test_search_results_open_in_place(panel_kb):
    page = SearchPage("sample", tuple(panel_kb.searcher.search("sample")))
    panel = HelpPanel(page, panel_kb.by_id)
    hits = find_by_class(panel, "tfhelp-hit")
    assert hits and "tensorflow/sample-error" in " ".join(h.description for h in hits)
    hit = next(h for h in hits if "tensorflow/sample-error" in h.description)
    hit.click()
    assert panel.page == RecordPage("tensorflow/sample-error")
    panel.back()
    assert isinstance(panel.page, SearchPage)


def test_run_shows_output_in_the_panel(panel):
    box = next(b for b in snippet_boxes(panel) if b.snippet.id == "fix-print")
    box.run_button.click()
    assert box.output.outputs == (
        {"output_type": "stream", "name": "stdout", "text": "fixed 42\n"},
    )
    assert "✔" in box.status.value and not box.run_button.disabled


def test_run_of_a_failing_snippet_shows_its_traceback(panel):
    box = next(b for b in snippet_boxes(panel) if b.snippet.id == "fix-raise")
    result = box.run()
    assert not result.ok
    (out,) = box.output.outputs
    assert out["name"] == "stderr" and "ValueError: snippet broke" in out["text"]
    assert "raise ValueError('snippet broke')" in out["text"]  # the snippet's own line
    assert "✘" in box.status.value


def test_graph_mode_snippets_run_in_their_own_process(panel):
    import os

    box = next(b for b in snippet_boxes(panel) if b.snippet.id == "check-child")
    result = box.run()
    assert result.ok and result.where == "process"
    assert "child" in result.stdout and str(os.getpid()) not in result.stdout


def test_record_and_exception_text_is_escaped_in_widgets(panel_kb):
    page = _error_page(panel_kb, RuntimeError("HostileError marker <script>alert(1)</script>"))
    panel = HelpPanel(page, panel_kb.by_id)
    assert "tensorflow/hostile" in panel.title.value
    for lang in ("en", "zh"):
        panel.set_lang(lang)
        for w in _tree(panel):
            if isinstance(w, widgets.HTML):  # shown as innerHTML by the front end
                assert active_content(w.value) == [], w.value
            assert not getattr(w, "description_allow_html", False)
        text = _text(panel)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # Buttons and the insert widget get raw text: the front ends set it with createTextNode
    # (ipywidgets' ButtonView) and textContent (insert.js), so it shows literally, once.
    box = snippet_boxes(panel)[0]
    assert box.insert_button.code == "print('<script>alert(4)</script>')\n"
    other = HelpPanel(RecordPage("tensorflow/sample-error"), panel_kb.by_id)
    descriptions = [b.description for b in find_by_class(other, "tfhelp-related")]
    assert "often comes next: <script>alert('title')</script>" in descriptions


def test_a_broken_page_leaves_one_line(panel_kb):
    panel = HelpPanel(RecordPage("tensorflow/sample-error"), panel_kb.by_id)
    panel.stack.append(RecordPage("tensorflow/not-loaded"))
    panel.render()
    assert "help is unavailable" in panel.title.value and panel.body.children == ()


def test_snippet_box_alone(panel_kb):
    from tfhelp.view import SnippetView

    box = SnippetBox(SnippetView("s", "fix", "<i>t</i>", "print(1)"), "en", "model-id")
    assert "&lt;i&gt;t&lt;/i&gt;" in box.children[0].value
    assert box.run().stdout == "1\n"
