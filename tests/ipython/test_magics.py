"""The %tfhelp magic: last error, search, --id, on/off, --lang, its help, and bad arguments."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output

from tfhelp.ipython.extension import loaded
from tfhelp.ipython.magics import Notice
from tfhelp.render.bundle import WIDGET_MIME, HelpOutput
from tfhelp.render.pages import ErrorPage, RecordPage, SearchPage


def _plain(obj) -> str:
    return obj._repr_mimebundle_()["text/plain"]


def test_no_error_yet(shell):
    answer = shell.run_line_magic("tfhelp", "")
    assert isinstance(answer, Notice) and _plain(answer) == "tfhelp: no error to explain yet"


def test_help_for_the_last_error(shell):
    shell.run_line_magic("tfhelp", "off")
    with capture_output():
        shell.run_cell("raise ValueError('sample failure 1')")
    answer = shell.run_line_magic("tfhelp", "")
    assert isinstance(answer, HelpOutput) and isinstance(answer.page, ErrorPage)
    assert "[tensorflow/sample-error]" in _plain(answer)


def test_help_for_the_last_error_even_when_nothing_fits(shell):
    with capture_output():
        shell.run_cell("1 / 0")
    answer = shell.run_line_magic("tfhelp", "")
    assert "No record in tfhelp's knowledge base fits" in _plain(answer)


def test_search(shell):
    answer = shell.run_line_magic("tfhelp", "sample while_loop")
    assert isinstance(answer.page, SearchPage) and answer.page.query == "sample while_loop"
    assert "tensorflow/sample-error" in _plain(answer)
    nothing = shell.run_line_magic("tfhelp", "qqqqzzzz")
    assert "Nothing found for 'qqqqzzzz'" in _plain(nothing)


def test_one_record_by_id(shell):
    answer = shell.run_line_magic("tfhelp", "--id tensorflow/sample-error")
    assert answer.page == RecordPage("tensorflow/sample-error")
    assert "Print the fix" in _plain(answer)


def test_unknown_id_is_a_usage_error_with_suggestions(shell):
    with pytest.raises(UsageError, match=r"no record with id 'tensorflow/sample'.*sample-error"):
        shell.run_line_magic("tfhelp", "--id tensorflow/sample")


def test_on_and_off(shell):
    answer = shell.run_line_magic("tfhelp", "off")
    assert _plain(answer).startswith("tfhelp: off") and not loaded(shell).settings.auto
    with capture_output() as cap:
        shell.run_cell("raise ValueError('sample failure 1')")
    assert cap.outputs == []
    assert _plain(shell.run_line_magic("tfhelp", "ON")).startswith("tfhelp: on")
    with capture_output() as cap:
        shell.run_cell("raise ValueError('sample failure 1')")
    assert len(cap.outputs) == 1


def test_language(shell):
    answer = shell.run_line_magic("tfhelp", "--lang zh")
    assert _plain(answer) == "tfhelp：语言已设为中文" and loaded(shell).settings.lang == "zh"
    answer = shell.run_line_magic("tfhelp", "--id tensorflow/sample-error")
    assert "测试中的示例错误" in _plain(answer)
    answer = shell.run_line_magic("tfhelp", "--lang en --id tensorflow/sample-error")
    assert "Sample failure in a test" in _plain(answer)


@pytest.mark.parametrize(
    "line",
    [
        "--lang fr",
        "--id tensorflow/sample-error sample",
        "--bogus",
        "--id",
        "'unbalanced",
    ],
)
def test_bad_arguments_are_one_line_usage_errors(shell, line):
    with pytest.raises(UsageError) as info:
        shell.run_line_magic("tfhelp", line)
    assert "\n" not in str(info.value).strip()


def test_usage_error_shown_as_one_line_in_a_cell(shell):
    with capture_output() as cap:
        shell.run_cell("%tfhelp --lang fr")
    assert cap.stderr.strip().splitlines() == [
        "UsageError: %tfhelp: unknown language 'fr': choose 'en' or 'zh'"
    ]


def test_question_mark_prints_real_help(shell):
    with capture_output() as cap:
        shell.run_cell("%tfhelp?")
    for words in ("Help for TensorFlow and Keras errors", "--id ID", "--lang LANG", "on | off"):
        assert words in cap.stdout, words


def test_in_a_kernel_the_answer_carries_the_widget(shell, monkeypatch):
    monkeypatch.setattr(shell, "kernel", object(), raising=False)
    data = shell.run_line_magic("tfhelp", "--id tensorflow/sample-error")._repr_mimebundle_()
    assert set(data) == {WIDGET_MIME, "text/html", "text/plain"}


def test_magic_result_is_displayed_through_its_bundle(shell):
    with capture_output() as cap:
        shell.run_cell("%tfhelp --id tensorflow/sample-error")
    # The display hook prints the text/plain form (not the object's repr) as Out[...].
    assert "tfhelp: Sample failure in a test  [tensorflow/sample-error]" in cap.stdout
    assert "<tfhelp RecordPage>" not in cap.stdout


# %%tfhelp: error text pasted into a cell ------------------------------------------------------

PASTE = """Hi, my colleague gets this on CI, any idea?

```
Traceback (most recent call last):
  File "train.py", line 12, in <module>
    run()
**ValueError: sample failure 7**
```
"""


def test_paste_shows_the_panel_of_a_live_error(shell):
    answer = shell.run_cell_magic("tfhelp", "", PASTE)
    assert isinstance(answer, HelpOutput) and isinstance(answer.page, ErrorPage)
    assert answer.page.matches[0].record.id == "tensorflow/sample-error"
    assert answer.page.signature.error.headline == "ValueError: sample failure 7"
    plain = _plain(answer)
    assert "[tensorflow/sample-error]" in plain
    # Ranked candidates, as under a live error: the other record sharing the wording is listed.
    assert "tensorflow/other-error" in plain
    assert {"text/plain", "text/html"} <= set(answer._repr_mimebundle_())


def test_paste_runs_as_a_cell_and_its_output_is_the_panel(shell):
    with capture_output() as cap:
        result = shell.run_cell("%%tfhelp\n> KeyError: sample failure")
    assert result.success
    assert isinstance(result.result, HelpOutput)
    assert result.result.page.matches[0].record.id == "tensorflow/other-error"
    assert "[tensorflow/other-error]" in cap.stdout  # the shell's display of the cell's result


def test_paste_of_a_message_without_its_class(shell):
    answer = shell.run_cell_magic("tfhelp", "", "    sample failure 3\n")
    assert answer.page.matches[0].record.id == "tensorflow/sample-error"
    assert "does not say which exception class" in answer.page.matches[0].reason


def test_paste_that_nothing_fits_is_one_line(shell):
    answer = shell.run_cell_magic("tfhelp", "", "ZeroDivisionError: division by zero\n")
    assert isinstance(answer, Notice)
    assert (
        _plain(answer) == "tfhelp: no record fits this error: ZeroDivisionError: division by zero"
    )
    answer = shell.run_cell_magic("tfhelp", "", "the build is green again, thanks!")
    assert _plain(answer).startswith("tfhelp: no error found in the pasted text")


def test_paste_binary_garbage_is_one_line(shell):
    answer = shell.run_cell_magic("tfhelp", "", "\x00\x01\x02\ufffd" * 1000)
    assert isinstance(answer, Notice) and "no error found" in _plain(answer)


def test_paste_in_chinese_and_bad_arguments(shell):
    answer = shell.run_cell_magic("tfhelp", "--lang zh", "ValueError: sample failure 1")
    assert "测试中的示例错误" in _plain(answer)
    with pytest.raises(UsageError, match="unknown language"):
        shell.run_cell_magic("tfhelp", "--lang fr", "ValueError: sample failure 1")


def test_paste_leaves_the_last_error_alone(shell):
    with capture_output():
        shell.run_cell("raise KeyError('sample failure')")
    shell.run_cell_magic("tfhelp", "", "ValueError: sample failure 2")
    answer = shell.run_line_magic("tfhelp", "")
    assert answer.page.signature.error.type_name == "KeyError"


def test_unload_removes_the_cell_magic_too(shell):
    assert "tfhelp" in shell.magics_manager.magics["cell"]
    shell.run_line_magic("unload_ext", "tfhelp")
    assert "tfhelp" not in shell.magics_manager.magics["cell"]
    assert "tfhelp" not in shell.magics_manager.magics["line"]
