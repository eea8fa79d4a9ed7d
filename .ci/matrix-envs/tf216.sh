#!/usr/bin/env bash
# tf216: tensorflow-cpu 2.16.2, a release of the version matrix (docs/versions.md).
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.16.2
