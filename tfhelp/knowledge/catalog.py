"""The list of covered errors, as text and as the Markdown table in docs/covered-errors.md."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tfhelp.i18n import Lang, tier_text

if TYPE_CHECKING:
    from tfhelp.model import Record

REGENERATE = "tfhelp list --markdown > docs/covered-errors.md"


def _sorted(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.category, r.id))


def catalog_text(records: Iterable[Record], lang: Lang = "en") -> str:
    """One line a record: id, title, tier."""
    lines = []
    for r in _sorted(records):
        title = r.title_zh if lang == "zh" and r.title_zh else r.display_title
        lines.append(f"{r.id:55} {title}  [{r.verification_tier}]")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalog_markdown(records: Iterable[Record]) -> str:
    """The covered-errors table, grouped by category."""
    rows = _sorted(records)
    out = [
        "# Covered errors",
        "",
        f"{len(rows)} records. Generated from records/ by `{REGENERATE}`; a test keeps it current.",
        "",
        "| category | record | error | how it is verified |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        error = "(silent: raises nothing)" if r.silent else r.signature.split("\n", 1)[0][:110]
        tier = tier_text(r.verification_tier, "en").split(":", 1)[0]
        out.append(
            f"| {r.category} | `{r.id}`<br>{_cell(r.display_title)} | {_cell(error)} | {tier} |"
        )
    return "\n".join(out) + "\n"
