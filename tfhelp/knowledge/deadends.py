"""Reading deadends.dev ErrorCanon files (a foreign record pack) as tfhelp records."""

from __future__ import annotations

from typing import Any

from tfhelp.regexsafety import check_pattern

_TIERS = {"auto_generated": "auto_generated", "human_reviewed": "human_reviewed"}


def is_canon(data: dict[str, Any]) -> bool:
    """True when a parsed JSON object is a deadends.dev ErrorCanon rather than a tfhelp record."""
    return "schema_version" in data and isinstance(data.get("error"), dict) and "verdict" in data


def convert_canon(data: dict[str, Any]) -> dict[str, Any]:
    """Map an ErrorCanon onto the tfhelp record format (unknown extras are dropped, not guessed)."""
    error = data["error"]
    verdict = data["verdict"]
    meta = data.get("metadata", {})
    runtime = data.get("environment", {}).get("runtime", {})
    signature = str(error["signature"])
    regex = str(error.get("regex") or "")
    if not regex or check_pattern(regex) is not None:
        # A pattern we cannot run safely falls back to the literal signature.
        import re

        regex = re.escape(signature)
    version_range = runtime.get("version_range")
    versions = []
    if runtime.get("name"):
        versions.append(
            {
                "version": f"{runtime['name']} {version_range or ''}".strip(),
                "status": "active",
            }
        )
    return {
        "id": str(data["id"]).lower(),
        "signature": signature,
        "regex": regex,
        "domain": str(error.get("domain", "unknown")),
        "category": str(error.get("category", "runtime_error")),
        "root_cause": str(verdict.get("summary", "")),
        "versions": versions,
        "dead_ends": [
            {
                "action": str(d.get("action", "")),
                "why_fails": str(d.get("why_fails", "")),
                "fail_rate": float(d.get("fail_rate", 0.0)),
                "condition": str(d.get("condition", "")),
                "sources": [str(s) for s in d.get("sources", [])],
            }
            for d in data.get("dead_ends", [])
        ],
        "workarounds": [
            {
                "action": str(w.get("action", "")),
                "how": str(w.get("how", "")),
                "success_rate": float(w.get("success_rate", 0.0)),
                "condition": str(w.get("condition", "")),
                "sources": [str(s) for s in w.get("sources", [])],
            }
            for w in data.get("workarounds", [])
        ],
        "transition_graph": {
            relation: [
                {
                    "error_id": str(e["error_id"]).lower(),
                    "probability": e.get("probability"),
                    "condition": str(e.get("condition") or e.get("distinction") or ""),
                }
                for e in data.get("transition_graph", {}).get(relation, [])
            ]
            for relation in ("leads_to", "preceded_by", "frequently_confused_with")
        },
        "official_doc_url": None,
        "verification_tier": _TIERS.get(str(meta.get("review_status")), "unverified"),
        "confidence": float(verdict.get("confidence", 0.5)),
        "fix_success_rate": float(verdict.get("fix_success_rate", 0.5)),
        "resolvable": str(verdict.get("resolvable", "true")),
        "first_seen": error.get("first_seen"),
        "last_confirmed": error.get("last_confirmed"),
        "last_updated": verdict.get("last_updated"),
        "evidence_count": int(meta.get("evidence_count", 0)),
        "tags": [str(error.get("domain", ""))],
    }
