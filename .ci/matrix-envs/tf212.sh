#!/usr/bin/env bash
# tf212: tensorflow-cpu 2.12.1, a release of the version matrix (docs/versions.md).
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.12.1
