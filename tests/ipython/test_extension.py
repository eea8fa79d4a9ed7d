"""%load_ext / %unload_ext / %reload_ext tfhelp, what loading imports, and the settings."""

from __future__ import annotations

import json
import subprocess
import sys

from IPython.utils.capture import capture_output
from traitlets.config import Config

from tfhelp.ipython.config import TfHelp
from tfhelp.ipython.extension import loaded


def test_load_unload_reload(make_shell, use_kb):
    sh = make_shell()
    dummy, none = sh.CustomTB, sh.custom_exceptions
    sh.run_line_magic("load_ext", "tfhelp")
    state = loaded(sh)
    assert state is not None
    assert "tfhelp" in sh.magics_manager.magics["line"]
    assert sh.custom_exceptions == (Exception,)
    assert state.settings in sh.configurables

    with capture_output() as cap:
        sh.run_line_magic("load_ext", "tfhelp")  # IPython: already loaded
    assert "already loaded" in cap.stdout
    assert loaded(sh) is state

    sh.run_line_magic("reload_ext", "tfhelp")
    assert loaded(sh) is not None and loaded(sh) is not state
    assert sh.custom_exceptions == (Exception,)  # not (Exception, Exception)
    assert not state.hook.active

    sh.run_line_magic("unload_ext", "tfhelp")
    assert loaded(sh) is None
    assert "tfhelp" not in sh.magics_manager.magics["line"]
    assert sh.CustomTB is dummy and sh.custom_exceptions == none
    assert not any(isinstance(c, TfHelp) for c in sh.configurables)
    with capture_output() as cap:
        sh.run_cell("raise ValueError('sample failure 1')")
    assert cap.outputs == []  # no help after unloading

    sh.run_line_magic("load_ext", "tfhelp")  # and it loads again
    assert loaded(sh) is not None


def test_calling_the_entry_points_twice_is_harmless(make_shell, use_kb):
    import tfhelp

    sh = make_shell()
    tfhelp.load_ipython_extension(sh)
    tfhelp.load_ipython_extension(sh)
    assert sh.custom_exceptions == (Exception,)
    tfhelp.unload_ipython_extension(sh)
    tfhelp.unload_ipython_extension(sh)
    assert sh.custom_exceptions == ()


_LOAD_PROBE = r"""
import json, sys, time
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
c = Config(); c.HistoryManager.hist_file = ":memory:"
c.TfHelp.preload = PRELOAD
sh = InteractiveShell.instance(config=c)
before = set(sys.modules)
start = time.perf_counter()
sh.run_line_magic("load_ext", "tfhelp")
took = time.perf_counter() - start
new = sorted(set(sys.modules) - before)
import tfhelp.knowledge_base as base
loaded = base._default is not None
if PRELOAD:
    import threading
    [t.join(60) for t in threading.enumerate() if t.name == "tfhelp-preload"]
    kb = base._default
    loaded = kb is not None and kb._matcher is not None
print(json.dumps({"took": took, "new": new, "loaded": loaded}))
"""


def _probe_load(tmp_path, preload: bool) -> dict:
    """Run %load_ext tfhelp in a fresh interpreter; what it took, imported and loaded."""
    env = {"IPYTHONDIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    probe_code = _LOAD_PROBE.replace("PRELOAD", str(preload))
    done = subprocess.run(
        [sys.executable, "-c", probe_code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_loading_is_quick_and_imports_nothing_heavy(tmp_path):
    probe = _probe_load(tmp_path, preload=False)
    heavy = ("tensorflow", "keras", "ipywidgets", "anywidget", "pydantic", "tfhelp.knowledge")
    assert [m for m in probe["new"] if m.split(".")[0] in heavy or m.startswith(heavy)] == []
    assert not probe["loaded"]  # with preload off, records are loaded at the first error
    assert probe["took"] < 1.0


def test_preload_builds_the_index_in_the_background(tmp_path):
    probe = _probe_load(tmp_path, preload=True)
    assert probe["loaded"]  # the records and the match index are ready before any error
    assert probe["took"] < 1.0  # and %load_ext did not wait for them


def test_settings_from_ipython_config(make_shell, use_kb):
    c = Config()
    c.TfHelp.lang = "zh"
    c.TfHelp.candidates = 0
    c.TfHelp.auto = True
    sh = make_shell(c)
    sh.run_line_magic("load_ext", "tfhelp")
    settings = loaded(sh).settings
    assert settings.lang == "zh" and settings.candidates == 0
    with capture_output() as cap:
        sh.run_cell("raise RuntimeError('sample failure 2')")  # fits two records, unsure
    (panel,) = [o.data for o in cap.outputs]
    assert "直接原因" in panel["text/plain"] and "修复" in panel["text/plain"]
    assert "其他候选" not in panel["text/plain"]  # candidates = 0


def test_auto_off_in_config(make_shell, use_kb):
    c = Config()
    c.TfHelp.auto = False
    sh = make_shell(c)
    sh.run_line_magic("load_ext", "tfhelp")
    with capture_output() as cap:
        sh.run_cell("raise ValueError('sample failure 2')")
    assert cap.outputs == [] and "sample failure 2" in cap.stdout


def test_percent_config_changes_settings(shell):
    shell.run_line_magic("config", "TfHelp.lang = 'zh'")
    assert loaded(shell).settings.lang == "zh"
    with capture_output() as cap:
        shell.run_line_magic("config", "TfHelp")
    assert "candidates" in cap.stdout


def test_bad_setting_is_refused():
    import pytest
    from traitlets import TraitError

    with pytest.raises(TraitError):
        TfHelp(lang="fr")
    with pytest.raises(TraitError):
        TfHelp(candidates=-1)
