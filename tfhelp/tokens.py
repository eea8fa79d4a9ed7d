"""Words of English and Chinese text, as matching and search index them."""

from __future__ import annotations

import re
from itertools import pairwise

_WORD = re.compile(r"[a-z0-9_]+|[\u3400-\u9fff\uf900-\ufaff]+")
_CJK_START = "\u3400"
STOPWORDS = frozenset(
    (
        "a an and are as at be but by for from has have in is it its of on or that the this to "
        "was were will with not no can you your"
    ).split()
)


def words(text: str) -> list[str]:
    """Lower-cased ASCII words ('while_loop' kept whole) and runs of CJK characters."""
    return _WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    """Index terms: words, the parts of snake_case and dotted words, and CJK bigrams."""
    out: list[str] = []
    for word in words(text):
        if word[0] >= _CJK_START:
            out.extend(cjk_terms(word))
            continue
        if word in STOPWORDS:
            continue
        out.append(word)
        if "_" in word:
            parts = [p for p in word.split("_") if p]
            out.extend(p for p in parts if len(p) > 1 and p not in STOPWORDS)
            if len(parts) > 2:  # 'per_step_gradients_while_loop' also yields 'while_loop'
                out.extend(f"{a}_{b}" for a, b in pairwise(parts))
    return out


def cjk_terms(run: str) -> list[str]:
    """Overlapping character bigrams of a CJK run (a single character stands alone)."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]
