"""View models: one language chosen, workarounds ranked, links resolved, candidates when unsure;
the summary (the user's line as IPython names it, the cause, the first fix and why)."""

from __future__ import annotations

import linecache

import pytest

from tests.paths import FIXTURE_RECORDS, RECORDS, TRACEBACKS
from tfhelp.i18n import Lang
from tfhelp.knowledge import KnowledgeBase
from tfhelp.render.pages import ErrorPage, cell_numbers
from tfhelp.signature import from_exception, from_text
from tfhelp.signature.model import Frame
from tfhelp.view import (
    HelpView,
    NoMatchView,
    first_sentence,
    match_view,
    place,
    record_view,
    search_view,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([FIXTURE_RECORDS])


def test_record_view_in_both_languages(kb: KnowledgeBase) -> None:
    record = kb.by_id["tensorflow/per-step"]
    en = record_view(record, "en", known=kb.by_id)
    zh = record_view(record, "zh", known=kb.by_id)
    assert en.title == "Per-step gradients of a tf.while_loop"
    assert zh.title == "tf.while_loop 每一步的梯度"
    assert zh.label("why") == "原因" and en.label("why") == "Why it happens"
    assert en.silent


def test_related_links_are_resolved(kb: KnowledgeBase) -> None:
    view = record_view(kb.by_id["tensorflow/tape-twice"], "zh", known=kb.by_id)
    (link,) = view.related
    assert link.record_id == "tensorflow/per-step" and link.known
    assert link.title == "tf.while_loop 每一步的梯度"
    assert link.condition == "循环时。" and link.relation_label == "之后常出现"


def test_match_view_has_trigger_reason_and_fit(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "tape_twice.ipython.txt").read_text())
    assert signature is not None
    view = match_view(kb.matcher.match(signature), signature, "en", kb.by_id)
    assert isinstance(view, HelpView)
    assert view.record_id == "tensorflow/tape-twice"
    assert view.trigger is not None and view.trigger.line == "tape.gradient(y, x)"
    assert view.error_headline.startswith("RuntimeError: A non-persistent GradientTape")
    assert "matches the record's pattern" in view.reason
    assert view.fit.summary  # versions compared with the installed TensorFlow


def test_no_match_view(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "zero_division.txt").read_text())
    assert signature is not None
    view = match_view([], signature, "en")
    assert isinstance(view, NoMatchView)
    assert view.error_headline == "ZeroDivisionError: division by zero"


def test_search_view_titles_follow_language(kb: KnowledgeBase) -> None:
    view = search_view("while_loop", kb.searcher.search("while_loop"), "zh")
    assert view.hits[0].title == "tf.while_loop 每一步的梯度"


def test_chinese_view_localizes_reason_and_versions(kb: KnowledgeBase) -> None:
    signature = from_text((TRACEBACKS / "matmul_tf_function.txt").read_text())
    assert signature is not None
    view = match_view(kb.matcher.match(signature), signature, "zh", kb.by_id)
    assert isinstance(view, HelpView)
    assert view.reason.startswith("错误信息（在 tf.function 追踪内部）与条目的模式相符")
    assert "ValueError" in view.reason and "matches" not in view.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in view.versions_text)


# The redesigned summary: the user's line as IPython names it, the cause, the first fix -------


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return KnowledgeBase.from_paths([RECORDS])


def _real_view(real_kb: KnowledgeBase, name: str, lang: Lang = "en") -> HelpView:
    signature = from_text((TRACEBACKS / "records" / name).read_text(encoding="utf-8"))
    assert signature is not None
    view = match_view(real_kb.matcher.match(signature), signature, lang, real_kb.by_id)
    assert isinstance(view, HelpView)
    return view


def test_place_is_named_as_ipython_names_it() -> None:
    cell = Frame("<ipython-input-3-5f1e2a>", 13, "<module>", "model.fit(x)", True)
    assert place(cell) == "Cell In[3], line 13"
    assert place(Frame("<ipython-input-3-5f1e2a>", 2, "f")) == "Cell In[3], line 2, in f"
    kernel = Frame("/tmp/ipykernel_812/3361.py", 4, "build", "", True)
    assert place(kernel, cells={kernel.filename: 7}) == "Cell In[7], line 4, in build"
    assert place(kernel) == "Cell, line 4, in build"  # a kernel file IPython did not name
    assert place(Frame("train.py", 2, "<module>")) == "train.py, line 2"
    assert place(None) == ""


def test_cell_numbers_come_from_ipython_naming() -> None:
    signature = from_text((TRACEBACKS / "tape_twice.txt").read_text())
    assert signature is not None
    user = signature.trigger
    assert user is not None
    named = {user.filename: ("Cell", "In[12]")}
    assert cell_numbers(signature, named.get) == {user.filename: 12}
    assert cell_numbers(signature, None) == {}

    def broken(name: str) -> tuple[str, str]:
        raise RuntimeError("IPython changed")

    assert cell_numbers(signature, broken) == {}


def test_cause_is_in_the_users_values(real_kb: KnowledgeBase) -> None:
    view = _real_view(real_kb, "matmul-size-incompatible.ipython.txt")
    assert view.cause_specific
    assert "[2,3]" in view.cause and "[4,5]" in view.cause
    zh = _real_view(real_kb, "matmul-size-incompatible.ipython.txt", "zh")
    assert "[2,3]" in zh.cause and any("\u4e00" <= ch <= "\u9fff" for ch in zh.cause)


def test_cause_falls_back_to_the_first_sentence(kb: KnowledgeBase) -> None:
    view = record_view(kb.by_id["tensorflow/per-step"], "en", known=kb.by_id)
    assert not view.cause_specific
    assert view.cause and view.why.startswith(view.cause.rstrip("."))
    assert first_sentence("One thing. Two things.") == "One thing."
    assert first_sentence("第一句。第二句。") == "第一句。"


def test_first_fix_says_why_it_is_first(real_kb: KnowledgeBase) -> None:
    loss = _real_view(real_kb, "keras-loss-shape-mismatch.ipython.txt")
    assert loss.first_fix is not None and loss.first_fix.kind == "workaround"
    assert "(None, 2)" in loss.first_fix.because  # the message's values chose it
    assert loss.first_fix.code  # with its code
    plain = _real_view(real_kb, "dataset-length-unknown.ipython.txt")
    assert plain.first_fix is not None
    assert plain.first_fix.because == "the fix this error's record lists first"
    assert plain.first_fix.title == plain.workarounds[0].action
    assert plain.more_workarounds == plain.workarounds[1:]
    # [2,3] @ [4,5]: neither a transposed operand nor same shapes, so the general fix leads
    matmul = _real_view(real_kb, "matmul-size-incompatible.ipython.txt")
    assert matmul.first_fix is not None
    assert matmul.first_fix.because == (
        "the values in your message rule out the fixes listed before it"
    )
    assert matmul.first_fix.title == "Make the inner sizes agree where the operands are made"


FAKE_TAPE = """
class Tape:
    calls = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def gradient(self, *args):
        Tape.calls += 1
        if Tape.calls > 1:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )


tf = type("tf", (), {"GradientTape": Tape})
"""


def test_the_users_cell_fixed_comes_first(real_kb: KnowledgeBase) -> None:
    source = (
        "with tf.GradientTape() as tape:\n    y = 1\ntape.gradient(y, 1)\ntape.gradient(y, 1)\n"
    )
    filename = "<ipython-input-4-0a1b2c>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)

    library = {}  # a stand-in GradientTape, in a file that reads as a library's (not the user's)
    exec(compile(FAKE_TAPE, "/opt/site-packages/fake_tf/tape.py", "exec"), library)
    with pytest.raises(RuntimeError) as info:
        exec(compile(source, filename, "exec"), {"tf": library["tf"]})
    signature = from_exception(info.value)
    page = ErrorPage(signature, tuple(real_kb.matcher.match(signature)))
    view = page.view("en", real_kb.by_id)
    assert isinstance(view, HelpView)
    assert view.place == "Cell In[4], line 4"
    fix = view.first_fix
    assert fix is not None and fix.kind == "fixed_cell"
    assert fix.because == "this changes your own line"
    assert "+with tf.GradientTape(persistent=True) as tape:" in fix.diff
    assert fix.code.startswith("with tf.GradientTape(persistent=True) as tape:")
    assert view.more_workarounds == view.workarounds  # all still one click away
    zh = page.view("zh", real_kb.by_id)
    assert isinstance(zh, HelpView) and zh.first_fix is not None
    assert zh.first_fix.because == "它直接修改你自己的代码行"
    assert zh.place == "Cell In[4], line 4"  # as the traceback above says it


def test_keras_wrapped_message_shows_the_real_one(real_kb: KnowledgeBase) -> None:
    view = _real_view(real_kb, "keras-input-incompatible.txt")
    assert view.error_headline.startswith("ValueError: Input 0 with name")
    assert "expected axis -1 of input shape to have value 3" in view.error_message
    assert "Exception encountered" not in view.error_message
    assert "Arguments received" not in view.error_message


def test_no_rate_reaches_a_view(kb: KnowledgeBase) -> None:
    view = record_view(kb.by_id["tensorflow/tape-twice"], "en", known=kb.by_id)
    shown = [*view.workarounds, *view.dead_ends, *view.related]
    assert all(not hasattr(v, "success_rate") and not hasattr(v, "fail_rate") for v in shown)
    assert not any(hasattr(v, "probability") for v in view.related)
