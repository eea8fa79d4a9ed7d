#!/usr/bin/env bash
# tf215-oldnumpy: TensorFlow 2.15 on Python 3.10 with NumPy 1.22 forced in under it. The cp310
# TensorFlow 2.15 wheel was compiled against NumPy 1.23 (C-API version 0x10); NumPy 1.22 has
# 0xf, so importing tensorflow fails the way it does for users whose NumPy is older than the one
# TensorFlow was built against. Python 3.11 has no NumPy older than 1.23, so this environment
# replaces the venv it is given with one on Python 3.10 (pyenv's, or python3.10 on PATH).
set -euo pipefail
py="$1"
prefix="$("$py" -c 'import sys; print(sys.prefix)')"
py310=""
candidates=(python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*/bin/python)
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    py310="$candidate"
    break
  fi
done
[ -n "$py310" ] || { echo "tf215-oldnumpy: needs a Python 3.10 (python3.10 or pyenv)" >&2; exit 2; }
"$py310" -m venv --clear "$prefix"
"$prefix/bin/python" -m pip install -q --upgrade pip
"$prefix/bin/python" -m pip install -q tensorflow-cpu==2.15.1
"$prefix/bin/python" -m pip install -q --no-deps numpy==1.22.4
