#!/usr/bin/env bash
# tf215-companions: the GPU-capable `tensorflow` 2.15.1 wheel (no CUDA libraries installed, so it
# logs what it prints on a machine without a GPU) plus companion packages built for another TF:
# tensorflow-probability 0.25 (needs TF >= 2.18) and tensorflow-text 2.16 (built against TF 2.16).
# Two side folders hold what a stray older install would put first on sys.path: protobuf 3.19
# (older than TF 2.15's generated code needs) and tensorboard 2.8 (generated code older than
# protobuf 4 accepts).
set -euo pipefail
py="$1"
prefix="$("$py" -c 'import sys; print(sys.prefix)')"
"$py" -m pip install -q tensorflow==2.15.1
"$py" -m pip install -q tensorflow-probability==0.25.0
"$py" -m pip install -q --no-deps tensorflow-text==2.16.1
"$py" -m pip install -q --no-deps --target "$prefix/side-protobuf-3.19" protobuf==3.19.6
"$py" -m pip install -q --no-deps --target "$prefix/side-tensorboard-2.8" tensorboard==2.8.0
