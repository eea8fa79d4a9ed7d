#!/usr/bin/env bash
# tfkeras221: tensorflow-cpu 2.21.0 with tf-keras (Keras 2) selected by TF_USE_LEGACY_KERAS=1
# (tfkeras221.env), as users keep Keras 2 code running on a Keras 3 release.
# Reproducers written `import keras` would still get Keras 3 there, so the environment also maps
# the `keras` package to `tf_keras` (what such users write: `import tf_keras as keras`), only when
# TFHELP_KERAS_IS_TF_KERAS=1 (set in tfkeras221.env).
set -euo pipefail
"$1" -m pip install -q tensorflow-cpu==2.21.0 tf-keras==2.21.0
site=$("$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cat > "$site/_tfhelp_keras_is_tf_keras.py" <<'PY'
"""Make `import keras` (and keras.*) load tf_keras, when TFHELP_KERAS_IS_TF_KERAS=1."""
import importlib
import importlib.abc
import importlib.machinery
import os
import sys


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name == "keras" or name.startswith("keras."):
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec):
        return importlib.import_module("tf_keras" + spec.name[len("keras"):])

    def exec_module(self, module):
        pass


if os.environ.get("TFHELP_KERAS_IS_TF_KERAS") == "1":
    sys.meta_path.insert(0, _Alias())
PY
echo "import _tfhelp_keras_is_tf_keras" > "$site/_tfhelp_keras_is_tf_keras.pth"
