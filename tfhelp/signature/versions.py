"""Installed TensorFlow/Keras versions, read from package metadata (never by importing them)."""

from __future__ import annotations

import os
import sys
from functools import lru_cache

_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "tensorflow": (
        "tensorflow",
        "tensorflow-cpu",
        "tensorflow-gpu",
        "tensorflow-macos",
        "tensorflow-intel",
        "tensorflow-aarch64",
        "tf-nightly",
        "tf-nightly-cpu",
    ),
    "keras": ("keras", "keras-nightly"),
    "tf-keras": ("tf-keras", "tf-keras-nightly"),
}


@lru_cache(maxsize=1)
def installed_versions() -> dict[str, str]:
    """{'tensorflow': '2.21.0', 'keras': '3.15.1'}: what is installed, nothing else."""
    scanned = _scan_dist_info()
    if scanned is not None:
        return scanned
    from importlib import metadata  # ~20 ms to import: only when the fast scan cannot tell

    found: dict[str, str] = {}
    for package, dists in _DISTRIBUTIONS.items():
        for dist in dists:
            try:
                found[package] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _scan_dist_info() -> dict[str, str] | None:
    """The versions in the names of `name-version.dist-info` folders on sys.path, the first of
    each distribution winning as with importlib.metadata; None when a distribution we look for
    is installed some other way (an .egg-info), so that importlib.metadata decides."""
    wanted = {_normal(d) for dists in _DISTRIBUTIONS.values() for d in dists}
    seen: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if kind not in ("dist-info", "egg-info") or not dot:
                continue
            dist, _, version = stem.partition("-")
            if _normal(dist) not in wanted:
                continue
            if kind == "egg-info" or not version:
                return None
            seen.setdefault(_normal(dist), version)
    found: dict[str, str] = {}
    for package, dists in _DISTRIBUTIONS.items():
        version = next((seen[_normal(d)] for d in dists if _normal(d) in seen), None)
        if version is not None:
            found[package] = version
    return found


def parse_version(text: str) -> tuple[int, ...]:
    """'2.21.0rc1' -> (2, 21, 0): the numeric release part, for comparisons."""
    out: list[int] = []
    for piece in text.strip().split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def legacy_keras(installed: dict[str, str]) -> bool:
    """True when tf.keras is tf-keras (Keras 2) on a Keras 3 release: TF_USE_LEGACY_KERAS is set
    and tf-keras is installed. TF 2.15 and older have Keras 2 anyway."""
    flag = os.environ.get("TF_USE_LEGACY_KERAS", "").strip().lower() in ("1", "true", "yes")
    return flag and bool(installed.get("tf-keras"))
