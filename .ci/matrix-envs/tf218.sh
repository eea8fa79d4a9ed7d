#!/usr/bin/env bash
# tf218: tensorflow-cpu 2.18.1, a release of the version matrix (docs/versions.md).
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.18.1
