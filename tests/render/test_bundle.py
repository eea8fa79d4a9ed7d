"""One display per page: widget view plus readable text/html and text/plain; never raises."""

from __future__ import annotations

from tfhelp.render.bundle import WIDGET_MIME, HelpOutput
from tfhelp.render.pages import RecordPage, SearchPage


def test_without_widgets_html_and_text(panel_kb):
    out = HelpOutput(RecordPage("tensorflow/sample-error"), panel_kb.by_id, "en")
    data = out._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html"}
    assert "tensorflow/sample-error" in data["text/plain"]
    assert "What works" in data["text/plain"]
    assert 'class="tfhelp-panel"' in data["text/html"]


def test_with_widgets_the_view_and_the_fallbacks(panel_kb):
    out = HelpOutput(RecordPage("tensorflow/sample-error"), panel_kb.by_id, "zh", widgets=True)
    data = out._repr_mimebundle_()
    assert set(data) == {WIDGET_MIME, "text/html", "text/plain"}
    assert data[WIDGET_MIME]["model_id"] == out.panel.model_id
    assert data[WIDGET_MIME]["version_major"] == 2
    assert "测试中的示例错误" in data["text/plain"]  # not the widget's repr
    assert "VBox" not in data["text/plain"]
    assert out._repr_mimebundle_()[WIDGET_MIME] == data[WIDGET_MIME]  # built once


def test_search_bundle(panel_kb):
    page = SearchPage("sample", tuple(panel_kb.searcher.search("sample")))
    data = HelpOutput(page, panel_kb.by_id)._repr_mimebundle_()
    assert "Search results for 'sample'" in data["text/plain"]


def test_a_fault_gives_one_line_not_an_exception(panel_kb):
    data = HelpOutput(RecordPage("tensorflow/missing"), panel_kb.by_id)._repr_mimebundle_()
    assert data["text/plain"] == "tfhelp: help is unavailable for this error"
    assert "tfhelp-unavailable" in data["text/html"]


def test_a_widget_fault_falls_back_to_html(panel_kb, monkeypatch):
    import tfhelp.render.widgets

    def broken(*args, **kwargs):
        raise ImportError("no ipywidgets here")

    monkeypatch.setattr(tfhelp.render.widgets, "HelpPanel", broken)
    out = HelpOutput(RecordPage("tensorflow/sample-error"), panel_kb.by_id, widgets=True)
    data = out._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html"}
    assert "tensorflow/sample-error" in data["text/html"]
