"""The insert-as-cell button: its traits, labels and front-end module."""

from __future__ import annotations

from pathlib import Path

from tfhelp.render.insert import InsertButton


def test_traits_and_labels():
    button = InsertButton("print(1)\n", "abc123", "zh")
    assert button.code == "print(1)\n" and button.anchor == "abc123"
    assert button.insert_label == "插入到下方单元格" and button.copy_label == "复制"
    assert button.result == ""
    state = button.get_state()
    assert state["code"] == "print(1)\n" and "_esm" in state


def test_front_end_module_inserts_a_cell_or_copies():
    import tfhelp.render.insert

    js = Path(tfhelp.render.insert.__file__).with_name("insert.js").read_text(encoding="utf-8")
    assert "insertCell" in str(InsertButton("x", "y").get_state()["_esm"])
    assert "sharedModel" in js and ".insertCell(" in js
    assert "navigator.clipboard" in js
    assert "innerHTML" not in js  # labels and messages are set as text
    assert "export default" in js
