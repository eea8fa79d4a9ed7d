"""The exception hook: traceback first, help second; previous handlers kept; faults contained."""

from __future__ import annotations

import sys
import time
from io import StringIO

import pytest
from IPython.utils.capture import capture_output

from tfhelp.ipython.extension import loaded
from tfhelp.knowledge import KnowledgeBase

FAKE_TF_ERROR = """
class FakeTFError(Exception):
    pass
FakeTFError.__module__ = "tensorflow.python.framework.errors_impl"
raise FakeTFError("nothing in the knowledge base says this")
"""


def _panels(cap) -> list[dict]:
    return [o.data for o in cap.outputs if "tfhelp" in o.data.get("text/plain", "")]


def _run(sh, code: str):
    with capture_output() as cap:
        result = sh.run_cell(code)
    return cap, result


def test_matched_error_traceback_then_panel(shell):
    cap, result = _run(shell, "def f():\n    raise ValueError('sample failure 5')\nf()")
    assert "Traceback" in cap.stdout and "ValueError: sample failure 5" in cap.stdout
    assert isinstance(result.error_in_exec, ValueError)
    assert sys.last_value is result.error_in_exec  # set by showtraceback, as without tfhelp
    (panel,) = _panels(cap)
    assert set(panel) == {"text/plain", "text/html"}  # no kernel: no widget
    assert "[tensorflow/sample-error]" in panel["text/plain"]
    assert "raise ValueError('sample failure 5')" in panel["text/plain"]  # the user's line
    assert "tensorflow/sample-error" in panel["text/html"]


def test_other_errors_get_nothing_extra(shell):
    cap, _ = _run(shell, "1 / 0")
    assert "ZeroDivisionError" in cap.stdout
    assert cap.outputs == [] and cap.stderr == ""


def test_unmatched_tensorflow_error_gets_the_no_match_panel(shell):
    cap, _ = _run(shell, FAKE_TF_ERROR)
    assert "FakeTFError" in cap.stdout
    (panel,) = _panels(cap)
    assert "No record in tfhelp's knowledge base fits" in panel["text/plain"]
    assert "%tfhelp" in panel["text/plain"]


def test_tb_debug_and_xmode_still_work(shell, monkeypatch):
    _run(shell, "def f(x):\n    y = x * 2\n    raise ValueError('sample failure 6')\nf(21)")
    with capture_output() as cap:
        shell.run_line_magic("tb", "")
    assert "sample failure 6" in cap.stdout and "f(21)" in cap.stdout
    monkeypatch.setattr(sys, "stdin", StringIO("p y\nq\n"))
    with capture_output() as cap:
        shell.run_line_magic("debug", "")
    assert "ipdb> 42" in cap.stdout
    shell.run_line_magic("xmode", "Minimal")
    cap, _ = _run(shell, "raise ValueError('sample failure 7')")
    assert cap.stdout.strip().splitlines()[0] == "ValueError: sample failure 7"
    assert len(_panels(cap)) == 1


def test_syntax_errors_look_as_usual(shell):
    cap, result = _run(shell, "1 +")
    assert "SyntaxError" in cap.stdout and result.error_before_exec is not None
    assert cap.outputs == [] and cap.stderr == ""
    cap, _ = _run(shell, "exec('1 +')")
    assert "SyntaxError" in cap.stdout
    assert shell.custom_exceptions == (Exception,)  # still installed


def test_keyboard_interrupt_and_system_exit_are_not_touched(shell, monkeypatch):
    calls: list[object] = []
    session = loaded(shell).session
    monkeypatch.setattr(session, "on_error", lambda value, tb: calls.append(value))
    cap, _ = _run(shell, "raise KeyboardInterrupt")
    assert "KeyboardInterrupt" in cap.stdout
    with pytest.warns(UserWarning):
        _run(shell, "raise SystemExit(3)")
    assert calls == []


def _previous_handler(calls: list):
    def previous(self, etype, value, tb, tb_offset=None):
        calls.append(etype.__name__)
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    return previous


def test_previous_handler_is_delegated_to_and_restored(make_shell, use_kb):
    sh = make_shell()
    calls: list[str] = []
    sh.set_custom_exc((ValueError, KeyboardInterrupt), _previous_handler(calls))
    previous = sh.CustomTB
    sh.run_line_magic("load_ext", "tfhelp")

    cap, _ = _run(sh, "raise ValueError('sample failure 8')")
    assert calls == ["ValueError"]
    assert cap.stdout.count("Traceback (most recent call last)") == 1  # shown once, by it
    assert len(_panels(cap)) == 1

    cap, _ = _run(sh, "raise TypeError('not for the previous handler')")
    assert calls == ["ValueError"] and "TypeError" in cap.stdout

    cap, _ = _run(sh, "raise KeyboardInterrupt")
    assert calls == ["ValueError", "KeyboardInterrupt"] and _panels(cap) == []

    sh.run_line_magic("unload_ext", "tfhelp")
    assert sh.CustomTB is previous
    assert sh.custom_exceptions == (ValueError, KeyboardInterrupt)
    cap, _ = _run(sh, "raise ValueError('sample failure 8')")
    assert calls[-1] == "ValueError" and _panels(cap) == []


def test_handler_installed_after_tfhelp_survives_unload(shell):
    calls: list[str] = []
    shell.set_custom_exc((ValueError,), _previous_handler(calls))
    later = shell.CustomTB
    shell.run_line_magic("unload_ext", "tfhelp")
    assert shell.CustomTB is later  # left in place
    cap, _ = _run(shell, "raise ValueError('sample failure 1')")
    assert calls == ["ValueError"] and _panels(cap) == []


def test_a_failing_previous_handler_does_not_take_tfhelp_down(make_shell, use_kb):
    sh = make_shell()

    def broken(self, etype, value, tb, tb_offset=None):
        raise RuntimeError("previous handler bug")

    sh.set_custom_exc((ValueError,), broken)
    sh.run_line_magic("load_ext", "tfhelp")
    cap, _ = _run(sh, "raise ValueError('sample failure 1')")
    assert "Custom TB Handler failed" in cap.stderr  # IPython's own wording, then it drops it
    cap, _ = _run(sh, "raise ValueError('sample failure 2')")
    assert "sample failure 2" in cap.stdout and len(_panels(cap)) == 1


def _unavailable_only(cap) -> None:
    lines = [ln for ln in cap.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("tfhelp: help is unavailable"), cap.stderr
    assert cap.outputs == []


def test_renderer_fault_leaves_traceback_and_one_line(shell, monkeypatch):
    import tfhelp.render.html

    def boom(view):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(tfhelp.render.html, "render_help_html", boom)
    cap, _ = _run(shell, "raise ValueError('sample failure 3')")
    assert "ValueError: sample failure 3" in cap.stdout
    _unavailable_only(cap)
    assert shell.custom_exceptions == (Exception,)  # the hook stays registered
    monkeypatch.undo()


def test_matcher_fault_leaves_one_line(shell, monkeypatch):
    from tfhelp.matching import Matcher

    monkeypatch.setattr(Matcher, "match", lambda self, sig, limit=5: 1 / 0)
    cap, _ = _run(shell, "raise ValueError('sample failure 3')")
    assert "sample failure 3" in cap.stdout
    _unavailable_only(cap)
    assert "ZeroDivisionError" in cap.stderr


def test_exception_whose_str_raises(shell):
    code = (
        "class Weird(Exception):\n"
        "    def __str__(self):\n"
        "        raise RuntimeError('no str for you')\n"
        "Weird.__module__ = 'tensorflow.weird'\n"
        "raise Weird()"
    )
    cap, result = _run(shell, code)
    assert type(result.error_in_exec).__name__ == "Weird"
    assert "Weird" in cap.stdout and "Custom TB Handler failed" not in cap.stderr
    assert shell.custom_exceptions == (Exception,)


def test_huge_message(shell):
    start = time.perf_counter()
    cap, _ = _run(shell, "raise ValueError('sample failure 9 ' + 'x' * 5_000_000)")
    assert time.perf_counter() - start < 20
    (panel,) = _panels(cap)
    assert "tensorflow/sample-error" in panel["text/plain"]
    assert len(panel["text/plain"]) < 50_000 and len(panel["text/html"]) < 100_000


def test_record_problems_are_reported_once(make_shell, panel_kb, monkeypatch, tmp_path):
    import tfhelp.knowledge_base
    from tests.conftest import PANEL_RECORDS

    (tmp_path / "broken.json").write_text('{"id": "tensorflow/broken", ', encoding="utf-8")
    kb = KnowledgeBase.from_paths([PANEL_RECORDS, tmp_path])
    assert kb.problems and len(kb) == len(panel_kb)
    monkeypatch.setattr(tfhelp.knowledge_base, "_default", kb)
    sh = make_shell()
    sh.run_line_magic("load_ext", "tfhelp")
    cap, _ = _run(sh, "raise ValueError('sample failure 1')")
    lines = [ln for ln in cap.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "1 record file(s) have problems" in lines[0]
    assert "broken.json" in lines[0]
    assert len(_panels(cap)) == 1  # the other records still work
    cap, _ = _run(sh, "raise ValueError('sample failure 2')")
    assert cap.stderr == ""


# Ctrl-C while help is built (issue 7, item 5): IPython unregisters a handler that lets
# KeyboardInterrupt escape and prints the traceback twice; tfhelp must keep it in.


def _interrupt_matching_once(monkeypatch) -> list[int]:
    from tfhelp.matching import Matcher

    calls: list[int] = []
    real = Matcher.match

    def interrupted(self, signature, limit=5):
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt  # what SIGINT raises in the main thread mid-build
        return real(self, signature, limit=limit)

    monkeypatch.setattr(Matcher, "match", interrupted)
    return calls


@pytest.mark.reliability
def test_ctrl_c_while_help_is_built_keeps_the_handler(shell, monkeypatch):
    calls = _interrupt_matching_once(monkeypatch)
    cap, result = _run(shell, "raise ValueError('sample failure 5')")
    assert calls == [1]
    assert isinstance(result.error_in_exec, ValueError)
    assert cap.stdout.count("Traceback (most recent call last)") == 1  # shown once
    assert cap.stdout.count("ValueError: sample failure 5") == 1
    assert [ln for ln in cap.stderr.splitlines() if ln.strip()] == ["tfhelp: help interrupted"]
    assert "Custom TB Handler failed" not in cap.stderr + cap.stdout
    assert cap.outputs == []
    assert shell.custom_exceptions == (Exception,)  # still registered

    cap, _ = _run(shell, "raise ValueError('sample failure 6')")  # the next error gets help
    assert calls == [1, 1] and cap.stderr == ""
    (panel,) = _panels(cap)
    assert "[tensorflow/sample-error]" in panel["text/plain"]


@pytest.mark.reliability
def test_ctrl_c_while_the_panel_is_rendered_keeps_the_handler(shell, monkeypatch):
    import tfhelp.render.html

    real = tfhelp.render.html.render_help_html
    hits: list[int] = []

    def interrupted(view):
        hits.append(1)
        if len(hits) == 1:
            raise KeyboardInterrupt
        return real(view)

    monkeypatch.setattr(tfhelp.render.html, "render_help_html", interrupted)
    cap, _ = _run(shell, "raise ValueError('sample failure 3')")
    assert hits and cap.stdout.count("ValueError: sample failure 3") == 1
    assert [ln for ln in cap.stderr.splitlines() if ln.strip()] == ["tfhelp: help interrupted"]
    assert cap.outputs == [] and shell.custom_exceptions == (Exception,)
    cap, _ = _run(shell, "raise ValueError('sample failure 4')")
    assert len(_panels(cap)) == 1 and cap.stderr == ""


@pytest.mark.reliability
def test_ctrl_c_in_a_previous_handler_leaves_tfhelp_in(make_shell, use_kb):
    sh = make_shell()

    def slow(self, etype, value, tb, tb_offset=None):
        raise KeyboardInterrupt

    sh.set_custom_exc((ValueError,), slow)
    sh.run_line_magic("load_ext", "tfhelp")
    cap, _ = _run(sh, "raise ValueError('sample failure 1')")
    assert "Custom TB Handler failed" in cap.stderr  # IPython drops the previous handler itself
    assert "tfhelp: help interrupted" not in cap.stderr
    cap, _ = _run(sh, "raise ValueError('sample failure 2')")
    assert "sample failure 2" in cap.stdout and len(_panels(cap)) == 1
    assert loaded(sh).hook.installed is sh.CustomTB
