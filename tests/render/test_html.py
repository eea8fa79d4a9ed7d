"""The HTML renderer: sections and stable classes, highlighting, languages, and escaping."""

from __future__ import annotations

import pytest

from tests.render.htmlcheck import active_content
from tfhelp.render.html import (
    bar,
    code_html,
    link,
    render_help_html,
    render_no_match_html,
    render_search_html,
)
from tfhelp.signature import from_exception
from tfhelp.view import match_view, record_view, search_view


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_help_html_has_sections_and_stable_classes(panel_kb):
    exc = _raise(ValueError("sample failure 7"))
    sig = from_exception(exc)
    view = match_view(panel_kb.matcher.match(sig), sig, "en", panel_kb.by_id)
    page = render_help_html(view)
    for cls in ("tfhelp-panel", "tfhelp-title", "tfhelp-workaround", "tfhelp-bar", "tfhelp-code"):
        assert f'class="{cls}' in page or f"{cls}" in page, cls
    assert page.count('class="tfhelp-workaround"') == 2
    assert "tensorflow/sample-error" in page
    assert "Why this record" in page and "Why it happens" in page
    assert "ValueError: sample failure 7" in page
    assert "Your line that triggered it" in page and "raise exc" in page
    # ranked by success rate: 90% before 40%
    assert page.index("Print the fix") < page.index("Raise on purpose")
    assert "What not to try" in page and "80%" in page
    assert "checked on" in page and "verified:" in page and "confidence 90%" in page
    assert '<a href="https://www.tensorflow.org/guide/autodiff"' in page
    assert "tensorflow/hostile" in page  # related errors listed


def test_help_html_in_chinese(panel_kb):
    page = render_help_html(record_view(panel_kb.by_id["tensorflow/sample-error"], "zh"))
    assert 'lang="zh-Hans"' in page
    assert "测试中的示例错误" in page and "可行的解决办法" in page and "打印修复" in page


def test_code_is_highlighted_and_escaped():
    out = code_html("x = '<b>'  # note\nprint(x)\n")
    assert "<span" in out and "style=" in out  # pygments, inline styles
    assert "&lt;b&gt;" in out and "<b>" not in out


def test_bar_shows_rate_as_text():
    assert "██████████" in bar(1.0) and "100%" in bar(1.0)
    assert "░░░░░░░░░░" in bar(0.0)
    assert "tfhelp-bad" in bar(0.5, bad=True)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "vbscript:x"])
def test_only_http_links_become_links(url):
    out = link(url)
    assert "<a " not in out and "<script" not in out


def test_record_text_is_escaped(panel_kb):
    for lang in ("en", "zh"):
        view = record_view(panel_kb.by_id["tensorflow/hostile"], lang, known=panel_kb.by_id)
        page = render_help_html(view)
        assert active_content(page) == []
        assert "&lt;script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "javascript:alert(5)" in page  # shown as text, not as a link
        assert '<a href="https://example.org/?a=&lt;b&gt;&amp;c=&quot;d&quot;"' in page


def test_exception_text_is_escaped(panel_kb):
    exc = _raise(RuntimeError("HostileError marker <script>alert('msg')</script> <img onerror=x>"))
    sig = from_exception(exc)
    view = match_view(panel_kb.matcher.match(sig), sig, "en", panel_kb.by_id)
    page = render_help_html(view)
    assert active_content(page) == []
    assert "&lt;script&gt;alert(&#x27;msg&#x27;)&lt;/script&gt;" in page


def test_no_match_html_is_escaped(panel_kb):
    exc = _raise(RuntimeError("<script>nothing fits</script>"))
    sig = from_exception(exc)
    view = match_view([], sig, "en", panel_kb.by_id)
    page = render_no_match_html(view)
    assert "tfhelp-panel" in page and "No record" in page
    assert active_content(page) == []
    assert "&lt;script&gt;nothing fits" in page


def test_search_html_lists_hits_and_escapes_query(panel_kb):
    hits = panel_kb.searcher.search("sample")
    page = render_search_html(search_view("<script>sample", hits, "en"))
    assert "tensorflow/sample-error" in page and "<ol>" in page
    assert active_content(page) == []
    empty = render_search_html(search_view("zzzz", [], "zh"))
    assert "没有找到" in empty


def test_the_checker_itself_sees_active_content():
    assert active_content("<img src=x onerror=alert(1)>")
    assert active_content("<script>x</script>")
    assert active_content('<a href="javascript:x">y</a>')
    assert active_content("<b onmouseover=x>y</b>")
    assert active_content("<b>plain</b> &lt;script&gt;") == []
