"""When IPython's own display of an error fails, the user sees what IPython alone shows, plus
at most one line: tfhelp never replaces, reorders or adds a panel under a broken display."""

from __future__ import annotations

import pytest
from IPython.utils.capture import capture_output

pytestmark = pytest.mark.reliability

# Each cell raises an error whose display is hostile in one way. The classes live in a
# TensorFlow module, so tfhelp would otherwise show its no-match panel under them.
TF = "__module__ = 'tensorflow.python.framework.errors_impl'\n"
ATTACKS = {
    "__str__ raises": (
        "class Weird(Exception):\n    " + TF + "    def __str__(self):\n"
        "        raise RuntimeError('no str for you')\nraise Weird()"
    ),
    "__str__ returns no str": (
        "class Weird(Exception):\n    " + TF + "    def __str__(self):\n"
        "        return 42\nraise Weird()"
    ),
    "__repr__ and __str__ raise": (
        "class Weird(ValueError):\n    " + TF + "    def __repr__(self):\n"
        "        raise RuntimeError('no repr')\n    def __str__(self):\n"
        "        raise RuntimeError('no str')\nraise Weird('sample failure 1')"
    ),
    "args raises": (
        "class Weird(ValueError):\n    " + TF + "    @property\n    def args(self):\n"
        "        raise RuntimeError('no args')\nraise Weird('sample failure 1')"
    ),
    "__context__ cycle": (
        "a = ValueError('sample failure 1')\nb = TypeError('b')\n"
        "a.__context__ = b\nb.__context__ = a\nraise a"
    ),
    "__cause__ cycle": (
        "a = ValueError('sample failure 1')\nb = TypeError('b')\n"
        "a.__cause__ = b\nb.__cause__ = a\nraise a"
    ),
    "metaclass whose __name__ raises": (
        "class Meta(type):\n    @property\n    def __name__(cls):\n"
        "        raise RuntimeError('no name')\n"
        "class Weird(ValueError, metaclass=Meta):\n    pass\nraise Weird('sample failure 1')"
    ),
    "_render_traceback_ raises": (
        "class Weird(ValueError):\n    " + TF + "    def _render_traceback_(self):\n"
        "        raise RuntimeError('no render')\nraise Weird('sample failure 1')"
    ),
    "__getattr__ raises": (
        "class Weird(ValueError):\n    " + TF + "    def __getattr__(self, name):\n"
        "        raise RuntimeError(name)\nraise Weird('sample failure 1')"
    ),
    "__notes__ is not a list": "e = ValueError('sample failure 1')\ne.__notes__ = 5\nraise e",
    # Not a failure: IPython prints groups with the standard library on purpose.
    "exception group": "raise ExceptionGroup('sample failure 1', [ValueError('sample failure 2')])",
}


def _run(make_shell, code: str, with_tfhelp: bool, store_history: bool = False):
    sh = make_shell()
    if with_tfhelp:
        sh.run_line_magic("load_ext", "tfhelp")
    with capture_output() as cap:
        sh.run_cell(code, store_history=store_history)
    handler = sh.custom_exceptions
    if with_tfhelp:
        sh.run_line_magic("unload_ext", "tfhelp")
    return cap, handler


def _broken_display(cap) -> bool:
    """Whether IPython itself could not show the error in its usual form."""
    text = cap.stdout + cap.stderr
    return (
        "Unexpected exception formatting exception" in text
        or "<unprintable" in text
        or "<class 'str'>: (" in text  # ultratb's fallback when str(value) raises
        or ("Traceback (most recent call last)" not in text and "-----" not in text)
    )


# Kernels and the terminal run cells with history, which formats the error once more to store it.
@pytest.mark.parametrize("store_history", [False, True], ids=["no history", "history"])
@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_what_ipython_alone_shows_plus_at_most_one_line(attack, store_history, make_shell, use_kb):
    alone, _ = _run(make_shell, ATTACKS[attack], False, store_history)
    helped, handler = _run(make_shell, ATTACKS[attack], True, store_history)
    assert helped.stdout == alone.stdout
    assert helped.stderr.startswith(alone.stderr)
    extra = [ln for ln in helped.stderr[len(alone.stderr) :].splitlines() if ln.strip()]
    assert len(extra) <= 1, extra
    assert all(ln.startswith("tfhelp:") for ln in extra)
    assert "Custom TB Handler failed" not in helped.stderr
    assert handler == (Exception,)  # never unregistered
    if _broken_display(alone):
        assert helped.outputs == alone.outputs == []  # no panel under a broken display
    else:
        assert len(helped.outputs) <= 1


def test_every_attack_breaks_or_strains_ipythons_display(make_shell, use_kb):
    """The attacks are real: each one makes IPython fall back, fail, or print an odd message."""
    broken = [a for a in ATTACKS if _broken_display(_run(make_shell, ATTACKS[a], False)[0])]
    print(f"IPython's display falls back or fails for {len(broken)}/{len(ATTACKS)}: {broken}")
    assert len(broken) >= 5
