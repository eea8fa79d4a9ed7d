"""Running snippets: a fresh namespace here, or a child process for graph-mode code."""

from __future__ import annotations

from tfhelp.render.runner import run_here, run_in_process, run_snippet
from tfhelp.view import SnippetView


def test_runs_in_a_fresh_namespace():
    first = run_here("x = 41\nprint(x + 1)")
    assert first.ok and first.stdout == "42\n" and first.where == "here"
    second = run_here("print('x' in globals())")
    assert second.stdout == "False\n"


def test_errors_are_reported_with_the_snippet_line():
    result = run_here("a = 1\nassert a == 2, 'not two'\n", "<tfhelp snippet t>")
    assert not result.ok
    assert "AssertionError: not two" in result.stderr
    assert "assert a == 2" in result.stderr
    assert "run_here" not in result.stderr  # tfhelp's own frame is left out


def test_syntax_errors_and_exits():
    assert not run_here("def (:").ok
    assert run_here("raise SystemExit(0)").ok
    assert not run_here("raise SystemExit(3)").ok


def test_child_process():
    result = run_in_process("import sys; print('hi'); sys.exit(0)")
    assert result.ok and result.stdout == "hi\n" and result.where == "process"
    assert not run_in_process("raise ValueError('x')").ok
    assert not run_in_process("import time; time.sleep(5)", timeout=0.5).ok


def test_graph_mode_goes_to_a_process():
    snippet = SnippetView("g", "fix", "t", "print('g')", graph_mode=True)
    assert run_snippet(snippet).where == "process"
    assert run_snippet(SnippetView("h", "fix", "t", "print('h')")).where == "here"
