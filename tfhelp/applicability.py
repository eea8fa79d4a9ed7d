"""Whether a record's advice applies to, and was checked on, the installed TensorFlow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tfhelp.signature.versions import legacy_keras, parse_version

if TYPE_CHECKING:
    from tfhelp.model import Record

_PACKAGES = ("tensorflow", "keras", "tf-keras")


@dataclass(frozen=True)
class Applicability:
    """The record's versions against the installed ones."""

    applies: bool | None  # None: nothing installed to compare with, or no versions given
    checked_here: bool  # proven by the test tier on exactly the installed version
    installed: str  # 'tensorflow 2.21.0', or '' when TensorFlow is not installed
    checked_on: tuple[str, ...]
    summary: str
    summary_zh: str = ""


def _split(spec: str) -> tuple[str, str]:
    """'tensorflow 2.21.0' -> ('tensorflow', '2.21.0'); a bare version counts as tensorflow."""
    parts = spec.strip().split(None, 1)
    if len(parts) == 2 and parts[0].lower() in _PACKAGES:
        return parts[0].lower(), parts[1].strip()
    return "tensorflow", spec.strip()


def applicability(record: Record, installed: dict[str, str]) -> Applicability:
    """Compare a record's version notes and verified_on list with the installed packages."""
    tf = installed.get("tensorflow", "")
    here = f"tensorflow {tf}" if tf else ""
    checked = tuple(record.verified_on)
    checked_here = any(
        installed.get(pkg) == ver for pkg, ver in (_split(v) for v in record.verified_on)
    )
    if not installed:
        return Applicability(
            None, False, "", checked, "TensorFlow is not installed here", "此环境未安装 TensorFlow"
        )
    applies: bool | None = None
    reason = reason_zh = ""
    for note in record.versions:
        pkg, _ = _split(note.version)
        have = installed.get(pkg)
        if not have:
            continue
        mine = parse_version(have)
        applies = True if applies is None else applies
        if note.removed and mine >= parse_version(note.removed):
            applies = False
            reason = f"fixed or changed in {pkg} {note.removed}"
            reason_zh = f"已在 {pkg} {note.removed} 中修复或改变"
        elif note.introduced and mine < parse_version(note.introduced):
            applies = False
            reason = f"appears from {pkg} {note.introduced} on"
            reason_zh = f"从 {pkg} {note.introduced} 起才出现"
    listed = ", ".join(checked)
    by_release = _release_statement(record, installed)
    if by_release is not None and applies is not False:
        proven_here, summary, summary_zh = by_release
        return Applicability(applies, proven_here, here, checked, summary, summary_zh)
    if checked_here:
        summary, summary_zh = f"checked on your version ({here})", f"已在你的版本（{here}）上验证"
    elif checked:
        summary = f"checked on {listed}; you have {here or 'no TensorFlow'}"
        summary_zh = f"已在 {listed} 上验证；你的版本是 {here or '未安装 TensorFlow'}"
    else:
        summary, summary_zh = "not checked on any version", "未在任何版本上验证"
    if applies is False:
        summary, summary_zh = f"{reason}; you have {here}", f"{reason_zh}；你的版本是 {here}"
    return Applicability(applies, checked_here, here, checked, summary, summary_zh)


def _release_statement(record: Record, installed: dict[str, str]) -> tuple[bool, str, str] | None:
    """What the version matrix says for the installed release: proven there, or nearest."""
    tf = installed.get("tensorflow", "")
    from tfhelp.versions_matrix import nearest_release, proofs_for, proven_releases

    if not record.proofs or not tf:
        return None
    legacy = legacy_keras(installed)
    mine = [p for p in proofs_for(record, legacy) if p.tensorflow == tf]
    if mine and all(p.outcome == "no_error" for p in mine):
        return (
            False,
            f"on your version ({tf}) this code raises no error",
            f"在你的版本（{tf}）上这段代码不会报错",
        )
    if mine and all(p.outcome == "other_error" for p in mine):
        return (
            False,
            f"on your version ({tf}) the same code raises {mine[0].raised} instead",
            f"在你的版本（{tf}）上同样的代码会改为抛出 {mine[0].raised}",
        )
    near = nearest_release(record, tf, legacy)
    if near is None:
        return None
    release, same = near
    if same:
        return True, f"proven on your version ({tf})", f"已在你的版本（{tf}）上验证"
    proven = ", ".join(proven_releases(record, legacy))
    return (
        False,
        f"proven on TF {proven}; nearest to yours ({tf}): {release}",
        f"已在 TF {proven} 上验证；与你的版本（{tf}）最接近的是 {release}",
    )
