"""What the help panel costs a notebook: time per error cell, live widget models and kernel RSS.

    .venv/bin/python bench/panel_cost.py             # 60 timed error cells per kernel, 500 in a row
    .venv/bin/python bench/panel_cost.py --quick     # 20 timed cells, 100 in a row

Two real kernels (jupyter_client, the `python3` kernel of this interpreter) import TensorFlow;
one loads tfhelp. The same failing cell (a real tf.matmul shape error) runs in both, alternately,
and each run is timed from the execute request to the kernel's idle status, as a front end sees
it (medians, their difference, and the median of the run-by-run differences). tfhelp's own step
is also timed inside the kernel, with and without its cache of highlighted code (a record seen
for the first time). Then each kernel runs the error cell many times in a row and reports its
live widget models (ipywidgets' registry) and resident memory before and after. Figures are
wall-clock on this machine: they move with its load (the load average is printed first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from typing import Any

from jupyter_client.manager import start_new_kernel

ERROR_CELL = "tf.matmul(tf.ones([2, 3]), tf.ones([4, 5]))"
SETUP = "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'\nimport tensorflow as tf"
# In the tfhelp kernel: the time of tfhelp's own step for the last error (view, HTML, text, the
# panel model, the display message), as the hook runs it after the traceback.
HOOK_TIMER = """import json, sys, time, statistics
import tfhelp.render.html as _h
from tfhelp.ipython.extension import loaded
_s = loaded(get_ipython()).session
_e = sys.last_value
_clear = getattr(_h._highlight, "cache_clear", None) if {cold} else None
_t = []
for _ in range({n}):
    if _clear is not None:
        _clear()
    _t0 = time.perf_counter()
    _s.on_error(_e, _e.__traceback__)
    _t.append(time.perf_counter() - _t0)
print(json.dumps({{"median_ms": statistics.median(_t) * 1000,
                  "p90_ms": sorted(_t)[int(0.9 * len(_t)) - 1] * 1000}}))"""
PROBE = """import json, gc, ipywidgets.widgets.widget as _w
gc.collect()
_rss = int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1]) // 1024
print(json.dumps({"widgets": len(_w._instances), "rss_mb": _rss}))"""


def run(client: Any, code: str, timeout: float = 300.0) -> tuple[float, list[dict[str, Any]]]:
    """Execute code; returns the seconds until the kernel went idle and the iopub messages."""
    start = time.perf_counter()
    msg_id = client.execute(code, store_history=True)
    messages = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    elapsed = time.perf_counter() - start
    client.get_shell_msg(timeout=timeout)  # the execute reply
    return elapsed, messages


def stdout_of(messages: list[dict[str, Any]]) -> str:
    return "".join(
        m["content"]["text"]
        for m in messages
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
    )


def probe(client: Any) -> dict[str, int]:
    """Live widget models and RSS (MB) of the kernel."""
    _, messages = run(client, PROBE)
    return json.loads(stdout_of(messages).strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def start(with_tfhelp: bool) -> tuple[Any, Any]:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    manager, client = start_new_kernel(
        kernel_name="python3", startup_timeout=120, stderr=subprocess.DEVNULL
    )
    run(client, SETUP)
    if with_tfhelp:
        _, messages = run(client, "%load_ext tfhelp")
        assert not any(m["msg_type"] == "error" for m in messages), messages
    for _ in range(3):  # warm: the records, the match index and TF's error path are loaded
        run(client, ERROR_CELL)
    return manager, client


def panel_shown(messages: list[dict[str, Any]]) -> bool:
    return any(
        m["msg_type"] == "display_data"
        and "tfhelp-panel" in m["content"]["data"].get("text/html", "")
        for m in messages
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cells: a smoke test")
    parser.add_argument("--timed", type=int, default=0, help="timed error cells per kernel")
    parser.add_argument("--row", type=int, default=0, help="error cells in a row for memory")
    args = parser.parse_args()
    timed = args.timed or (20 if args.quick else 60)
    row = args.row or (100 if args.quick else 500)
    print(f"load average {os.getloadavg()}; cell: {ERROR_CELL}")

    plain_km, plain = start(with_tfhelp=False)
    help_km, helped = start(with_tfhelp=True)
    try:
        times: dict[str, list[float]] = {"without tfhelp": [], "with tfhelp": []}
        for _ in range(timed):
            t, _messages = run(plain, ERROR_CELL)
            times["without tfhelp"].append(t)
            t, messages = run(helped, ERROR_CELL)
            assert panel_shown(messages), [m["msg_type"] for m in messages]
            times["with tfhelp"].append(t)
        print(f"\nerror cell, {timed} runs each (ms):")
        print(f"{'':16} {'median':>8} {'p90':>8}")
        for name, values in times.items():
            med, p90 = statistics.median(values) * 1000, percentile(values, 0.9) * 1000
            print(f"{name:16} {med:8.1f} {p90:8.1f}")
        added = statistics.median(times["with tfhelp"]) - statistics.median(times["without tfhelp"])
        print(f"added by tfhelp (difference of the medians): {added * 1000:.1f} ms")
        paired = [
            (w - o) * 1000
            for w, o in zip(times["with tfhelp"], times["without tfhelp"], strict=True)
        ]
        print(f"  paired differences, run by run: median {statistics.median(paired):.1f} ms")
        run(helped, ERROR_CELL)  # the last error, for the hook timer
        print(f"tfhelp's step inside the kernel (help for the last error, {timed} times):")
        for cold, what in ((False, "as it runs"), (True, "code highlighting not cached")):
            _, messages = run(helped, HOOK_TIMER.format(n=timed, cold=cold))
            hook = json.loads(stdout_of(messages).strip().splitlines()[-1])
            print(f"  {what}: median {hook['median_ms']:.1f} ms, p90 {hook['p90_ms']:.1f} ms")

        grown = {}
        for name, client in (("with tfhelp", helped), ("without tfhelp", plain)):
            before = probe(client)
            start_row = time.perf_counter()
            for _ in range(row):
                run(client, ERROR_CELL)
            spent = time.perf_counter() - start_row
            after = probe(client)
            grown[name] = after["rss_mb"] - before["rss_mb"]
            print(f"\n{row} error cells in a row, kernel {name} ({spent:.0f} s):")
            print(f"  live widget models: {before['widgets']} before, {after['widgets']} after")
            print(f"  kernel RSS: {before['rss_mb']} MB before, {after['rss_mb']} MB after")
        print(f"\nRSS growth added by tfhelp: {grown['with tfhelp'] - grown['without tfhelp']} MB")
    finally:
        for km, kc in ((plain_km, plain), (help_km, helped)):
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
