"""The view as JSON for the panel's front end: plain types, stable keys, no unmeasured rates."""

from __future__ import annotations

import json
import re

from tfhelp.i18n import LANGS, all_labels
from tfhelp.render.data import view_data
from tfhelp.signature import from_exception
from tfhelp.view import SECTIONS, match_view, record_view, search_view

HELP_KEYS = {
    "kind",
    "lang",
    "labels",
    "record_id",
    "title",
    "silent",
    "place",
    "line",
    "cause",
    "cause_specific",
    "first_fix",
    "sections",
}
FIX_KEYS = {"kind", "title", "how", "because", "code", "diff", "snippet", "record_id"}


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | bool | int)  # no float: no rate, no score


def test_help_data_has_the_summary_and_ordered_sections(panel_kb):
    sig = from_exception(_raise(ValueError("sample failure 7")))
    data = view_data(match_view(panel_kb.matcher.match(sig), sig, "en", panel_kb.by_id))
    assert set(data) == HELP_KEYS and _plain(data)
    assert json.loads(json.dumps(data)) == data
    assert data["kind"] == "help" and data["record_id"] == "tensorflow/sample-error"
    assert data["line"] == "raise exc" and data["place"].endswith(", in _raise")
    assert data["cause"] == "A made-up error that the panel tests raise on purpose."
    fix = data["first_fix"]
    assert set(fix) == FIX_KEYS and fix["kind"] == "workaround"
    assert fix["title"] == "Raise on purpose" and fix["snippet"]["id"] == "fix-raise"
    assert fix["because"] == "the fix this error's record lists first"
    keys = [s["key"] for s in data["sections"]]
    assert keys == [k for k in SECTIONS if k in keys]  # the panel's order
    more = data["sections"][0]
    assert more["key"] == "more_fixes" and more["label"] == "More fixes"
    assert [w["action"] for w in more["workarounds"]] == ["Print the fix"]
    assert more["workarounds"][0]["number"] == 2
    assert [s["id"] for s in more["snippets"]] == ["check-child"]
    why = next(s for s in data["sections"] if s["key"] == "why")
    assert why["error"] == "ValueError: sample failure 7"


def test_no_rate_or_percentage_reaches_the_front_end(panel_kb):
    for lang in LANGS:
        data = view_data(record_view(panel_kb.by_id["tensorflow/sample-error"], lang))
        text = json.dumps(data, ensure_ascii=False)
        for word in ("success_rate", "fail_rate", "probability", "confidence", "score"):
            assert word not in text
        words = json.dumps({k: v for k, v in data.items() if k != "labels"}, ensure_ascii=False)
        assert not re.search(r"\d+\s*%", words)


def test_labels_cover_both_languages(panel_kb):
    en, zh = all_labels("en"), all_labels("zh")
    assert en.keys() == zh.keys()
    for key in ("cause", "fix", "because", "more_fixes", "proof", "see_all", "because_own_line"):
        assert en[key] and zh[key] and en[key] != zh[key], key
    data = view_data(record_view(panel_kb.by_id["tensorflow/sample-error"], "zh"))
    assert data["labels"]["insert_fixed"] == "在下方插入修复后的单元格"
    assert data["first_fix"]["because"] == "这是此错误条目列在首位的修复方法"


def test_no_match_and_search_data(panel_kb):
    sig = from_exception(_raise(RuntimeError("nothing fits here")))
    data = view_data(match_view([], sig, "en", panel_kb.by_id))
    assert data["kind"] == "no_match" and data["headline"] == "RuntimeError: nothing fits here"
    assert set(data) == {"kind", "lang", "labels", "headline", "error", "place", "line"}
    hits = panel_kb.searcher.search("sample")
    listing = view_data(search_view("sample", hits, "zh"))
    assert listing["kind"] == "search" and listing["lang"] == "zh"
    assert {"record_id": "tensorflow/sample-error", "title": "测试中的示例错误"} in listing["hits"]
    assert _plain(listing)


def test_docs_keep_only_http_links(panel_kb):
    data = view_data(record_view(panel_kb.by_id["tensorflow/hostile"], "en"))
    docs = next(s for s in data["sections"] if s["key"] == "docs")
    assert docs["urls"] == ['https://example.org/?a=<b>&c="d"']
