#!/usr/bin/env bash
# tf221-tfp: TensorFlow 2.21 (Keras 3) with tensorflow-probability 0.25 but without tf-keras, which
# TFP needs on TF >= 2.16. A side folder holds protobuf 4.25, older than the protobuf runtime that
# TF 2.21's generated code imports, as a stray older install on sys.path would be.
set -euo pipefail
py="$1"
prefix="$("$py" -c 'import sys; print(sys.prefix)')"
"$py" -m pip install -q tensorflow-cpu==2.21.0 tensorflow-probability==0.25.0
"$py" -m pip install -q --no-deps --target "$prefix/side-protobuf-4.25" protobuf==4.25.8
