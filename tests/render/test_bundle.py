"""One display per page: widget view plus readable text/html and text/plain; never raises."""

from __future__ import annotations

from tfhelp.render.bundle import WIDGET_MIME, HelpOutput, LiveHelpOutput
from tfhelp.render.pages import RecordPage, SearchPage
from tfhelp.render.widgets import LIVE


class _DisplayPub:
    """Records what IPython's display publisher is asked to send."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def publish(self, data, metadata=None, transient=None, update=False) -> None:
        self.sent.append({"data": data, "transient": transient, "update": update})


def test_without_widgets_html_and_text(panel_kb):
    out = HelpOutput(RecordPage("tensorflow/sample-error"), panel_kb.by_id, "en")
    data = out._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html"}
    assert "tensorflow/sample-error" in data["text/plain"]
    assert 'class="tfhelp-panel"' in data["text/html"]
    assert out.display_id == ""


def test_with_widgets_the_view_and_the_fallbacks(panel_kb):
    out = HelpOutput(RecordPage("tensorflow/sample-error"), panel_kb.by_id, "zh", widgets=True)
    data = out._repr_mimebundle_()
    assert set(data) == {WIDGET_MIME, "text/html", "text/plain"}
    assert data[WIDGET_MIME]["model_id"] == out.panel.model_id
    assert data[WIDGET_MIME]["version_major"] == 2
    assert "测试中的示例错误" in data["text/plain"]  # not the widget's repr
    # The panel shows the same page with the buttons it wires; the static form has none.
    assert 'data-action="run"' in out.panel.html and "data-action" not in data["text/html"]
    assert out._repr_mimebundle_() == data  # built once: the same panel
    LIVE.clear()


def test_in_a_kernel_shown_with_a_display_id_and_retired_to_static_html(panel_kb, monkeypatch):
    monkeypatch.setattr(LIVE, "keep", 2)
    pub = _DisplayPub()
    outs = [
        LiveHelpOutput(
            RecordPage("tensorflow/sample-error"), panel_kb.by_id, widgets=True, display_pub=pub
        )
        for _ in range(3)
    ]
    for out in outs:
        out._ipython_display_()  # what IPython does with a magic's result, or the hook's show
    shown = [s for s in pub.sent if not s["update"]]
    assert [s["transient"] for s in shown] == [{"display_id": o.display_id} for o in outs]
    assert all(WIDGET_MIME in s["data"] for s in shown)
    (update,) = [s for s in pub.sent if s["update"]]
    assert update["transient"] == {"display_id": outs[0].display_id}
    assert set(update["data"]) == {"text/html", "text/plain"}  # the widget view is gone
    assert outs[0].panel.comm is None and outs[2].panel.comm is not None
    LIVE.clear()


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
