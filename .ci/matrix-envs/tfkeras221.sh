#!/usr/bin/env bash
# tfkeras221: tensorflow-cpu 2.21.0 with tf-keras (Keras 2) selected by TF_USE_LEGACY_KERAS=1
# (tfkeras221.env), as users keep Keras 2 code running on a Keras 3 release.
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.21.0 tf-keras==2.21.0
