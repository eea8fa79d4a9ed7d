#!/usr/bin/env bash
# tf215-numpy2: TensorFlow 2.15 (compiled against NumPy 1.x) with NumPy 2 forced in on top.
# Importing tensorflow there fails the way it does for users who upgraded NumPy under an old TF.
set -euo pipefail
py="$1"
"$py" -m pip install -q tensorflow-cpu==2.15.1
"$py" -m pip install -q --no-deps numpy==2.1.3
