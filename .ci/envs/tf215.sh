#!/usr/bin/env bash
# tf215: TensorFlow 2.15, the last release with Keras 2 (tf.keras is Keras 2.15).
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.15.1
