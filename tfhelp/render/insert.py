"""The "Insert as cell below" button: an anywidget whose front end (insert.js) edits the notebook.

Why a widget with its own front-end code: a button's Python callback cannot add a cell
(`set_next_input` from a callback waits for the next execute request), and JupyterLab does not
run JavaScript sent by the kernel. The module in insert.js inserts a code cell right below the
cell that shows the panel, through the notebook document of the widget manager
(`widget_manager.context.model.sharedModel.insertCell`), in JupyterLab 4 and Notebook 7. It finds
that cell by the panel's model id among the cells' outputs, or else by the cell node the button
sits in (a panel inside an Output widget). Where there is no notebook document (VS Code, a
JupyterLab console) it copies the code with navigator.clipboard (the button then reads "Copy").
The front end reports what it did in the button's `data-result` attribute and the `result` trait:
'cell', 'clipboard' or 'failed'. With `mode="replace"` the button puts the code into the cell that
shows the panel instead (result 'replaced'); where there is no notebook document it is hidden.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from tfhelp.i18n import Lang, label

RESULTS = ("", "cell", "replaced", "clipboard", "failed")
MODES = ("insert", "replace")


class InsertButton(anywidget.AnyWidget):
    """A button that puts `code` into a new cell below the panel (or on the clipboard)."""

    _esm = pathlib.Path(__file__).with_name("insert.js")

    code = traitlets.Unicode("").tag(sync=True)
    anchor = traitlets.Unicode("", help="Model id of the panel, to find its cell.").tag(sync=True)
    insert_label = traitlets.Unicode("").tag(sync=True)
    copy_label = traitlets.Unicode("").tag(sync=True)
    cell_message = traitlets.Unicode("").tag(sync=True)
    clipboard_message = traitlets.Unicode("").tag(sync=True)
    failed_message = traitlets.Unicode("").tag(sync=True)
    replaced_message = traitlets.Unicode("").tag(sync=True)
    mode = traitlets.Enum(MODES, "insert", help="Insert a cell below, or replace the cell.").tag(
        sync=True
    )
    result = traitlets.Enum(RESULTS, "", help="Set by the front end after a click.").tag(sync=True)

    def __init__(
        self,
        code: str,
        anchor: str,
        lang: Lang = "en",
        *,
        button_label: str = "",
        **kwargs: object,
    ) -> None:
        super().__init__(
            code=code,
            anchor=anchor,
            insert_label=button_label or label("insert", lang),
            copy_label=label("copy", lang),
            cell_message=label("inserted", lang),
            clipboard_message=label("copied", lang),
            failed_message=label("copy_failed", lang),
            **kwargs,
        )
