"""The words of tfhelp's own interface, in English and Chinese."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

_LABELS: dict[str, tuple[str, str]] = {
    "help_for": ("tfhelp", "tfhelp"),
    "matched": ("Why this record", "为何匹配此条目"),
    "why": ("Why it happens", "原因"),
    "your_line": ("Your line that triggered it", "触发错误的代码行"),
    "workarounds": ("What works", "可行的解决办法"),
    "dead_ends": ("What not to try", "不要尝试"),
    "related": ("Related errors", "相关错误"),
    "versions": ("TensorFlow versions", "TensorFlow 版本"),
    "verification": ("How this was verified", "验证方式"),
    "docs": ("Official docs", "官方文档"),
    "others": ("Other candidates", "其他候选"),
    "snippet": ("Code", "代码"),
    "run": ("Run", "运行"),
    "insert": ("Insert as cell below", "插入到下方单元格"),
    "copy": ("Copy", "复制"),
    "copied": ("Copied to the clipboard", "已复制到剪贴板"),
    "no_match": (
        "No record in tfhelp's knowledge base fits this error yet.",
        "tfhelp 知识库中还没有与此错误匹配的条目。",
    ),
    "try_search": ("Try: %tfhelp <words from the message>", "试试：%tfhelp <错误信息中的关键词>"),
    "search_results": ("Search results for", "搜索结果："),
    "no_results": ("Nothing found for", "没有找到："),
    "leads_to": ("often comes next", "之后常出现"),
    "preceded_by": ("often comes before", "之前常出现"),
    "frequently_confused_with": ("often confused with", "常被混淆"),
    "when": ("when", "条件"),
    "language": ("中文", "English"),
    "unavailable": (
        "tfhelp: help is unavailable for this error",
        "tfhelp：此错误暂无法提供帮助",
    ),
    "silent": (
        "raises no exception: a warning, a log line or a wrong result",
        "不会抛出异常：表现为警告、日志或错误的结果",
    ),
    # The notebook panel and the %tfhelp magic.
    "back": ("Back", "返回"),
    "open": ("Open", "打开"),
    "matched_error": ("Your error", "你的错误"),
    "inserted": ("Inserted as a new cell below", "已插入为下方的新单元格"),
    "copy_failed": (
        "Could not reach the notebook or the clipboard: select the code and copy it",
        "无法访问笔记本或剪贴板：请选中代码后手动复制",
    ),
    "running": ("Running…", "运行中…"),
    "run_ok": ("Ran without error", "运行成功，没有错误"),
    "run_failed": ("The snippet raised an error", "代码片段抛出了错误"),
    "problems": (
        "tfhelp: {n} record file(s) have problems (broken ones are left out; "
        "run `tfhelp validate`)",
        "tfhelp：{n} 个条目文件有问题（有误的条目已跳过；请运行 `tfhelp validate`）",
    ),
    "auto_on": (
        "tfhelp: on (help appears under TensorFlow errors)",
        "tfhelp：已开启（TensorFlow 错误下方将显示帮助）",
    ),
    "auto_off": (
        "tfhelp: off (use %tfhelp to ask for help on the last error)",
        "tfhelp：已关闭（可用 %tfhelp 查看上一个错误的帮助）",
    ),
    "lang_set": ("tfhelp: language set to English", "tfhelp：语言已设为中文"),
    "no_last_error": ("tfhelp: no error to explain yet", "tfhelp：目前还没有可解释的错误"),
    "paste_empty": (
        "%%tfhelp: paste the error text into the cell, below the %%tfhelp line",
        "%%tfhelp：请把错误文本粘贴到单元格中 %%tfhelp 这一行的下面",
    ),
    "paste_no_error": (
        "tfhelp: no error found in the pasted text (paste a traceback or an error message)",
        "tfhelp：粘贴的文本中没有找到错误（请粘贴 traceback 或错误信息）",
    ),
    "paste_no_record": ("tfhelp: no record fits this error:", "tfhelp：没有条目与此错误相符："),
    "no_record": ("tfhelp: no record with id", "tfhelp：没有此 id 的条目"),
    "unknown_record": ("not in the knowledge base", "不在知识库中"),
    # The summary and the collapsed sections of the redesigned panel (and its terminal form).
    "cause": ("Cause", "直接原因"),
    "fix": ("Fix", "修复"),
    "first_fix": ("Most likely fix", "最可能有效的修复"),
    "because": ("First because", "排在首位是因为"),
    "because_own_line": (
        "this changes your own line",
        "它直接修改你自己的代码行",
    ),
    "because_listed_first": (
        "the fix this error's record lists first",
        "这是此错误条目列在首位的修复方法",
    ),
    "because_not_ruled_out": (
        "the values in your message rule out the fixes listed before it",
        "你的报错信息中的数值排除了列在它前面的修复方法",
    ),
    "how": ("How, in full", "完整做法"),
    "more_fixes": ("More fixes", "更多修复方法"),
    "proof": ("Versions and proof", "版本与验证"),
    "record_id": ("Record", "条目"),
    "insert_fixed": ("Insert fixed cell below", "在下方插入修复后的单元格"),
    "see_all": (
        "%tfhelp shows the whole help for the last error",
        "%tfhelp 可查看上一个错误的完整帮助",
    ),
    "see_all_cli": (
        "tfhelp explain without --brief shows the whole help",
        "去掉 --brief 再运行 tfhelp explain 可查看完整帮助",
    ),
    "more_lines": ("… {n} more line(s)", "…… 还有 {n} 行"),
}

_TIERS: dict[str, tuple[str, str]] = {
    "verified": (
        "verified: the error was reproduced and every fix ran, under real TensorFlow",
        "已验证：在真实 TensorFlow 中复现了错误，且每个修复代码都运行通过",
    ),
    "reproduced": (
        "reproduced under real TensorFlow; the fixes are not proven by code",
        "已在真实 TensorFlow 中复现；修复方法未经代码验证",
    ),
    "documented": (
        "documented: the symptom and the fix were shown by running code",
        "已记录：通过运行代码展示了现象和修复",
    ),
    "not_reproducible": (
        "not reproducible: this message could not be raised on the versions tried",
        "无法复现：在测试的版本中无法触发此信息",
    ),
    "unverified": ("unverified: nobody has checked this record", "未验证：没有人检查过此条目"),
    "ai_generated": (
        "unverified: machine-written, never checked against TensorFlow",
        "未验证：机器生成，从未在 TensorFlow 上检查",
    ),
    "auto_generated": (
        "unverified: machine-written by a foreign pack",
        "未验证：由外部知识包机器生成",
    ),
    "human_reviewed": ("reviewed by a person (foreign pack)", "经人工审阅（外部知识包）"),
    "community": ("contributed by the community", "社区贡献"),
}


def label(key: str, lang: Lang) -> str:
    """An interface word in the chosen language."""
    en, zh = _LABELS[key]
    return zh if lang == "zh" else en


def colon(lang: Lang) -> str:
    """What follows a label before its text: ': ' in English, the full-width '：' in Chinese."""
    return "：" if lang == "zh" else ": "


def all_labels(lang: Lang) -> dict[str, str]:
    """Every interface word, in the chosen language."""
    return {key: label(key, lang) for key in _LABELS}


def tier_text(tier: str, lang: Lang) -> str:
    """What a verification tier means, in the chosen language."""
    en, zh = _TIERS.get(tier, (tier, tier))
    return zh if lang == "zh" else en


def check_lang(value: str) -> Lang:
    """'en' or 'zh' (also 'zh-cn', 'cn', 'chinese'); ValueError naming the choices otherwise."""
    low = value.strip().lower()
    if low in ("en", "english"):
        return "en"
    if low in ("zh", "zh-cn", "zh_cn", "cn", "chinese", "中文"):
        return "zh"
    raise ValueError(f"unknown language {value!r}: choose 'en' or 'zh'")
