"""Start and stop a real JupyterLab 4 or Notebook 7 server for the browser tests.

Each server runs from this interpreter (the repository's venv, where tfhelp, ipykernel and
TensorFlow are installed), listens on 127.0.0.1 with a random port and token, serves a temporary
root folder, and keeps its configuration, data, runtime and IPython folders in temporary
folders too, so nothing from the machine's own Jupyter setup leaks in (see
/work/shared/notes/jupyter.md for why each flag is there).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

Kind = Literal["lab", "notebook"]

# User settings written before the server starts: no news prompt, no update check.
_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerError(RuntimeError):
    """The server did not start, or did not answer as expected; the message has its log."""


class JupyterApp:
    """One `jupyter lab` or `jupyter notebook` (Notebook 7) server over a temporary root folder."""

    def __init__(self, kind: Kind, workdir: Path) -> None:
        self.kind: Kind = kind
        self.workdir = workdir
        self.root_dir = workdir / "root"
        self.port = 0
        self.token = secrets.token_hex(24)
        self.log_path = workdir / f"jupyter-{kind}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    # --- lifetime -----------------------------------------------------------------------------

    def start(self, timeout: float = 90.0) -> JupyterApp:
        """Launch the server and wait until its REST API answers."""
        for name in ("root", "config", "data", "runtime", "ipython", "workspaces"):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)
        self._write_settings()
        self.port = free_port()
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_DATA_DIR=str(self.workdir / "data"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            IPYTHONDIR=str(self.workdir / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            CUDA_VISIBLE_DEVICES="-1",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        module = "jupyterlab" if self.kind == "lab" else "notebook"
        cmd = [
            sys.executable,
            "-m",
            module,
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False",
        ]
        # Both apps are loaded as server extensions whichever one is started: configure both.
        for app in ("LabApp", "JupyterNotebookApp"):
            cmd += [
                f"--{app}.user_settings_dir={self.user_settings_dir}",
                f"--{app}.workspaces_dir={self.workdir / 'workspaces'}",
            ]
        cmd += [
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            cmd,
            cwd=self.root_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"jupyter {self.kind} exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return self
            except (OSError, ServerError):
                time.sleep(0.2)
        raise ServerError(
            f"jupyter {self.kind} did not answer in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM the server (it shuts its kernels down); SIGKILL only if it hangs."""
        proc = self.process
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> JupyterApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _write_settings(self) -> None:
        for name, value in _SETTINGS.items():
            path = self.user_settings_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")

    def set_theme(self, theme: str) -> None:
        """Choose JupyterLab's theme ('light' or 'dark') through its user settings; pages opened
        (or reloaded) afterwards use it, in JupyterLab and Notebook 7 alike."""
        name = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}[theme]
        path = self.user_settings_dir / "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"theme": name}), encoding="utf-8")

    @property
    def user_settings_dir(self) -> Path:
        return self.workdir / "config" / "lab" / "user-settings"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            if self._log is not None:
                self._log.flush()
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    # --- addresses and the REST API -----------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, path: str) -> str:
        """The page that opens a notebook in this front end (the token logs the browser in)."""
        quoted = urllib.parse.quote(path)
        where = f"/lab/tree/{quoted}" if self.kind == "lab" else f"/notebooks/{quoted}"
        return f"{self.base_url}{where}?token={self.token}"

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"token {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            raise ServerError(f"{method} {path}: HTTP {exc.code} {detail}") from exc
        return json.loads(raw) if raw else None

    def session_for(self, path: str) -> dict[str, Any] | None:
        """The kernel session of the notebook at `path` (relative to the root), if any."""
        for session in self.api("GET", "/api/sessions") or []:
            if session.get("path") == path or session.get("notebook", {}).get("path") == path:
                return session
        return None

    def wait_for_kernel(self, path: str, timeout: float = 120.0) -> dict[str, Any]:
        """Wait until the notebook's kernel exists, is idle and the page is connected to it.

        The page's own busy indicator says idle before the session exists, and a Run All sent in
        that gap is dropped without a word; the server's view of the session is the one to trust.
        """
        return self.wait_for_session(lambda s: s.get("path") == path, path, timeout)

    def wait_for_session(
        self, match: Callable[[dict[str, Any]], bool], what: str, timeout: float = 120.0
    ) -> dict[str, Any]:
        """Wait until a session that `match`es has an idle kernel with a connected page."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            for session in self.api("GET", "/api/sessions") or []:
                if not match(session):
                    continue
                kernel = session.get("kernel") or {}
                last = kernel
                if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) > 0:
                    return kernel
            time.sleep(0.25)
        raise ServerError(
            f"the kernel of {what} was not idle and connected within {timeout:.0f} s "
            f"(last seen: {last!r})\n{self.log_tail()}"
        )

    def read_notebook(self, path: str) -> dict[str, Any]:
        """The notebook as saved on the server."""
        model = self.api("GET", f"/api/contents/{urllib.parse.quote(path)}?content=1")
        return model["content"]
