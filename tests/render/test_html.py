"""The HTML renderer: summary first, collapsed sections, theme colours, actions, languages, and
escaping."""

from __future__ import annotations

import re

import pytest

from tests.render.htmlcheck import active_content
from tfhelp.render.html import (
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


def _sample_page(panel_kb, actions: bool = False) -> str:
    exc = _raise(ValueError("sample failure 7"))
    sig = from_exception(exc)
    view = match_view(panel_kb.matcher.match(sig), sig, "en", panel_kb.by_id)
    return render_help_html(view, actions=actions)


def test_summary_comes_first_and_the_rest_is_collapsed(panel_kb):
    page = _sample_page(panel_kb)
    summary, rest = page.split('<details class="tfhelp-section"', 1)
    # the summary: title, the user's line, the cause, and the first fix with its code
    assert "Sample failure in a test" in summary and "tensorflow/sample-error" in summary
    assert "raise exc" in summary and "line " in summary
    assert "Cause:</b> A made-up error that the panel tests raise on purpose." in summary
    assert "Fix: Raise on purpose" in summary  # the record's first workaround (record order)
    assert "First because: the fix this error&#x27;s record lists first" in summary
    assert "snippet broke" in summary  # its code
    # everything else waits behind a click, in the panel's order
    sections = re.findall(r'<details class="tfhelp-section" data-section="(\w+)">', page)
    assert sections == ["more_fixes", "dead_ends", "why", "related", "proof", "matched", "docs"]
    assert "<details open" not in page and " open>" not in page
    assert "Print the fix" in rest and "Ignore it" in rest and "Why this record" in rest
    assert "ValueError: sample failure 7" in rest  # "Your error", the real message
    assert "checked on" in rest and "verified:" in rest
    assert '<a href="https://www.tensorflow.org/guide/autodiff"' in rest
    assert "tensorflow/hostile" in rest  # related errors listed


def test_no_rate_is_shown_as_if_measured(panel_kb):
    for lang in ("en", "zh"):
        view = record_view(panel_kb.by_id["tensorflow/sample-error"], lang, known=panel_kb.by_id)
        page = render_help_html(view, actions=True)
        text = re.sub(r"<[^>]+>", " ", page.split("</style>", 1)[1])
        assert not re.search(r"\d+\s*%", text), lang  # no 40%, 90%, 80%, confidence 90%
        assert "█" not in page and "░" not in page


def test_colours_follow_the_notebook_theme(panel_kb):
    page = _sample_page(panel_kb)
    assert "var(--jp-content-font-color1" in page
    assert "var(--jp-cell-editor-background" in page
    # no hard-coded light background behind code or diffs (unreadable in a dark theme)
    assert not re.search(r"background(?:-color)?:\s*#(?:f|e)[0-9a-f]{2,5}\b", page, re.I)
    assert "#f8f8f8" not in page and "#e6ffec" not in page and "#ffebe9" not in page


def test_actions_name_what_they_act_on(panel_kb):
    static = _sample_page(panel_kb)
    assert "<button" not in static  # nothing to click that does nothing without a front end
    page = _sample_page(panel_kb, actions=True)
    assert (
        'data-action="run" data-record="tensorflow/sample-error" data-snippet="fix-raise"' in page
    )
    assert (
        'data-action="insert" data-record="tensorflow/sample-error" data-snippet="fix-print"'
        in (page)
    )
    assert 'data-action="open" data-record="tensorflow/other-error"' in page
    assert 'data-action="back"' in page and 'data-action="lang" data-lang="zh"' in page
    assert active_content(page) == []


def test_help_html_in_chinese(panel_kb):
    page = render_help_html(record_view(panel_kb.by_id["tensorflow/sample-error"], "zh"))
    assert 'lang="zh-Hans"' in page
    assert "测试中的示例错误" in page and "更多修复方法" in page and "打印修复" in page
    assert "修复：故意抛出" in page and "排在首位是因为" in page and "直接原因" in page


def test_code_is_highlighted_and_escaped():
    out = code_html("x = '<b>'  # note\nprint(x)\n")
    assert "<span" in out and "var(--jp-mirror-editor-comment-color" in out
    assert "&lt;b&gt;" in out and "<b>" not in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "vbscript:x"])
def test_only_http_links_become_links(url):
    out = link(url)
    assert "<a " not in out and "<script" not in out


def test_record_text_is_escaped(panel_kb):
    for lang in ("en", "zh"):
        for actions in (False, True):
            view = record_view(panel_kb.by_id["tensorflow/hostile"], lang, known=panel_kb.by_id)
            page = render_help_html(view, actions=actions)
            assert active_content(page) == []
            assert "&lt;script&gt;" in page
            assert "&lt;img src=x onerror=alert(1)&gt;" in page
            assert "javascript:alert(5)" in page  # shown as text, not as a link
            assert '<a href="https://example.org/?a=&lt;b&gt;&amp;c=&quot;d&quot;"' in page


def test_exception_text_is_escaped(panel_kb):
    exc = _raise(RuntimeError("HostileError marker <script>alert('msg')</script> <img onerror=x>"))
    sig = from_exception(exc)
    view = match_view(panel_kb.matcher.match(sig), sig, "en", panel_kb.by_id)
    page = render_help_html(view, actions=True)
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
    page = render_search_html(search_view("<script>sample", hits, "en"), actions=True)
    assert "tensorflow/sample-error" in page and "<ol>" in page
    assert 'data-action="open" data-record="tensorflow/sample-error"' in page
    assert active_content(page) == []
    empty = render_search_html(search_view("zzzz", [], "zh"))
    assert "没有找到" in empty


def test_the_checker_itself_sees_active_content():
    assert active_content("<img src=x onerror=alert(1)>")
    assert active_content("<script>x</script>")
    assert active_content('<a href="javascript:x">y</a>')
    assert active_content("<b onmouseover=x>y</b>")
    assert active_content("<b>plain</b> &lt;script&gt;") == []
