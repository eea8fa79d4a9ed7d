"""A non-editable install into a fresh venv ships the records: `tfhelp search while_loop` works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO

pytestmark = pytest.mark.install


def test_wheel_in_fresh_venv_ships_records(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("tfhelp-*.whl")
    assert "tfhelp/render/panel.js" in zipfile.ZipFile(wheel).namelist()  # the panel's front end
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, timeout=600)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    tool = venv / "bin" / "tfhelp"
    found = subprocess.run(
        [str(tool), "search", "while_loop"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    assert "tensorflow/per-step-gradients-while-loop" in found.stdout
    checked = subprocess.run(
        [str(tool), "validate"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import tfhelp; print(tfhelp.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert str(venv) in where.stdout  # the installed copy, not this checkout
