"""From a Signature to ranked matches against an index of records, each with its reason."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tfhelp.applicability import Applicability, applicability
from tfhelp.knowledge.anchors import AllOf, grams, requirement
from tfhelp.model import Record
from tfhelp.signature.model import ErrorPart, Signature
from tfhelp.signature.tfblocks import subject
from tfhelp.tokens import words

MIN_SCORE = 0.5
MIN_ALIAS = 12  # shorter wordings are too common to mean anything
CLASSLESS = 0.1  # off the score of a message found without its exception class (pasted text)
# Python's re cannot be interrupted; the `regex` engine can. No record's pattern may hold up the
# user's notebook: each search gets a small timeout and one match a total budget.
SEARCH_TIMEOUT_S = 0.002
MATCH_BUDGET_S = 0.04
_NORMALIZE = re.compile(r"[\s'\"`]+")


@dataclass(frozen=True)
class Match:
    """One record that fits an error: how well, and why (in words a person can read)."""

    record: Record
    score: float
    reason: str
    rule: str
    applicability: Applicability
    reason_zh: str = ""


@dataclass(frozen=True)
class _Entry:
    record: Record
    regex: _LazyPattern
    aliases: tuple[str, ...]
    types: frozenset[str]
    tags: frozenset[str]
    needs: AllOf  # literal text the regex cannot match without

    def could_match(self, lowered: str, normalized: str) -> bool:
        """A cheap exact test that rules out most records before any regex runs."""
        return self.needs.holds(lowered) or any(a in normalized for a in self.aliases)


def normalize(text: str) -> str:
    """Lower-cased, quotes dropped, whitespace squeezed: how wordings are compared."""
    return _NORMALIZE.sub(" ", text.lower()).strip()


class Matcher:
    """An index over records that answers `match(signature)` quickly at any corpus size."""

    def __init__(self, records: Sequence[Record]) -> None:
        import regex

        self._entries: list[_Entry] = []
        self._silent: list[_Entry] = []  # raise nothing; matched only against log text
        self._by_gram: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []
        needs: list[list[str] | None] = []
        for record in records:
            entry = _entry(regex, record)
            if record.silent:
                self._silent.append(entry)
                continue
            self._entries.append(entry)
            formula, aliases = entry.needs, entry.aliases
            keys = formula.keys()
            needs.append(None if keys is None else [*keys, *aliases])
        # Each record is filed under the rarest 3-character slice of each text it needs.
        counts: Counter[str] = Counter()
        for need in needs:
            if need:
                counts.update({g for text in need for g in grams(text)})
        for index, need in enumerate(needs):
            if not need:
                self._always.append(index)
                continue
            for gram in {min(grams(text), key=counts.__getitem__) for text in need}:
                self._by_gram[gram].append(index)

    def __len__(self) -> int:
        return len(self._entries)

    def match_log(self, text: str, versions: dict[str, str], limit: int = 5) -> list[Match]:
        """Silent problems (warnings, log lines) named in text that holds no exception."""
        lowered = subject(text).lower()
        normalized = normalize(lowered)
        found: list[Match] = []
        for entry in self._silent:
            if not entry.could_match(lowered, normalized):
                continue
            if entry.regex.search(lowered):
                score = 0.85
                reason = "the text matches the pattern of a problem that raises nothing"
                reason_zh = "文本与一个不抛出异常的问题的模式相符"
            elif any(a in normalized for a in entry.aliases):
                score = 0.75
                reason = "the text holds the wording of a problem that raises nothing"
                reason_zh = "文本包含一个不抛出异常的问题的措辞"
            else:
                continue
            fit = applicability(entry.record, versions)
            found.append(Match(entry.record, score, reason, "log", fit, reason_zh))
        found.sort(key=lambda m: (-m.score, -m.record.confidence, m.record.id))
        return found[:limit]

    def match(self, signature: Signature, limit: int = 5) -> list[Match]:
        """Ranked matches, best first; an empty list when nothing really fits."""
        parts = signature.parts
        subjects = [(part, _subject_text(part)) for part in parts]
        subjects = [(part, text, normalize(text)) for part, text in subjects]
        lowered = "\n".join(text for _, text, _ in subjects).lower()
        normalized = "\n".join(norm for _, _, norm in subjects)
        present = grams(lowered) | grams(normalized)
        candidates = set(self._always)
        for gram in present & self._by_gram.keys():
            candidates.update(self._by_gram[gram])
        code_words = _code_words(signature)
        found: list[Match] = []
        deadline = time.perf_counter() + MATCH_BUDGET_S + _LazyPattern.compile_seconds
        for index in sorted(candidates):
            if not self._entries[index].could_match(lowered, normalized):
                continue
            if self._entries[index].record.tensorflow_only and not signature.is_tensorflow:
                continue  # NumPy's or Python's own wording, with no TensorFlow in the error
            if time.perf_counter() - _LazyPattern.compile_seconds > deadline:
                break  # a pathological input: answer with what was found in time
            match = self._score(self._entries[index], subjects, signature, code_words)
            if match is not None:
                found.append(match)
        found.sort(key=lambda m: (-m.score, -m.record.confidence, m.record.id))
        return found[:limit]

    def _score(
        self,
        entry: _Entry,
        subjects: list[tuple[ErrorPart, str, str]],
        signature: Signature,
        code_words: set[str],
    ) -> Match | None:
        base = 0.0
        rule = reason = reason_zh = ""
        matched_part: ErrorPart | None = None
        # The regex, tried on every part, outranks a wording found in any part.
        for part, text, _ in subjects:
            if entry.regex.search(text):
                base, rule, matched_part = 0.9, "regex", part
                where, where_zh = _where(part, signature)
                reason = f"the message{where} matches the record's pattern"
                reason_zh = f"错误信息{where_zh}与条目的模式相符"
                break
        else:
            for part, _, normalized in subjects:
                alias = next((a for a in entry.aliases if a in normalized), None)
                if alias is not None:
                    base, rule, matched_part = 0.8, "wording", part
                    where, where_zh = _where(part, signature)
                    reason = f"the message{where} contains the wording {alias[:60]!r}"
                    reason_zh = f"错误信息{where_zh}包含措辞 {alias[:60]!r}"
                    break
        if matched_part is None:
            return None
        score = base
        if not matched_part.type_name:
            score -= CLASSLESS
            reason += "; the text does not say which exception class it is"
            reason_zh += "；文本没有给出异常类"
        elif entry.types:
            if entry.types.intersection(matched_part.classes):
                score += 0.06
                reason += f"; the class {matched_part.type_name} is one it arrives as"
                reason_zh += f"；异常类 {matched_part.type_name} 正是它常见的类型"
            else:
                score -= 0.2
                reason += f"; but it does not usually arrive as {matched_part.type_name}"
                reason_zh += f"；但它通常不以 {matched_part.type_name} 出现"
        hinted = sorted(entry.tags & code_words)
        if hinted:
            score += min(0.04, 0.02 * len(hinted))
            reason += f"; your code uses {', '.join(hinted[:3])}"
            reason_zh += f"；你的代码用到了 {', '.join(hinted[:3])}"
        fit = applicability(entry.record, signature.versions)
        if fit.applies is False:
            score -= 0.1
            reason += f"; {fit.summary}"
            reason_zh += f"；{fit.summary_zh}"
        score = round(min(score, 1.0), 3)
        if score < MIN_SCORE:
            return None
        return Match(entry.record, score, reason, rule, fit, reason_zh)


def _entry(engine: Any, record: Record) -> _Entry:
    wordings = (normalize(x) for x in (*record.aliases, _message_of(record.signature)))
    return _Entry(
        record=record,
        regex=_LazyPattern(engine, record.regex),
        aliases=tuple(a for a in wordings if len(a) >= MIN_ALIAS),
        types=frozenset(record.exception_types),
        tags=frozenset(t.lower() for t in record.tags),
        needs=requirement(record.regex),
    )


class _LazyPattern:
    """A record's regex, compiled on its first search: most records are never searched."""

    __slots__ = ("_compiled", "_engine", "pattern")
    compile_seconds = 0.0  # spent compiling, all patterns together (kept out of match budgets)

    def __init__(self, engine: Any, pattern: str) -> None:
        self._engine = engine
        self.pattern = pattern
        self._compiled: Any = None

    def search(self, text: str) -> bool:
        if self._compiled is None:
            start = time.perf_counter()
            self._compiled = _compile(self._engine, self.pattern)
            _LazyPattern.compile_seconds += time.perf_counter() - start
        try:
            return self._compiled.search(text, timeout=SEARCH_TIMEOUT_S) is not None
        except TimeoutError:
            return False


def _compile(engine: Any, pattern: str) -> Any:
    try:
        return engine.compile(pattern, engine.IGNORECASE | engine.DOTALL)
    except engine.error:  # valid for re (the model checked) yet not for regex: match literally
        return engine.compile(engine.escape(pattern), engine.IGNORECASE)


def _message_of(signature: str) -> str:
    """The message part of 'Type: message' (the whole text when there is no type)."""
    head, sep, rest = signature.partition(": ")
    if sep and head.replace(".", "").replace("_", "").isalnum() and " " not in head:
        return rest
    return signature


def _subject_text(part: ErrorPart) -> str:
    """What a record's pattern is tried on: 'Type: message', or the message alone."""
    return f"{part.type_name}: {subject(part.message)}" if part.type_name else subject(part.message)


def _where(part: ErrorPart, signature: Signature) -> tuple[str, str]:
    """Where in the error the part stands, in English and Chinese."""
    if part in signature.extra:
        if not part.type_name:
            return " (a line of the text)", "（文本中的一行）"
        return (
            f" of the {part.type_name} TensorFlow logged",
            f"（TensorFlow 记录的 {part.type_name}）",
        )
    if part in signature.inner:
        return " inside the tf.function trace", "（在 tf.function 追踪内部）"
    if part in signature.chain:
        return f" of the earlier {part.type_name}", f"（在先前的 {part.type_name} 中）"
    return "", ""


def _code_words(signature: Signature) -> set[str]:
    """Words of the user's own code lines, which hint at which API they were using."""
    found: set[str] = set()
    for frame in signature.user_frames:
        found.update(words(frame.line))
    return found
