"""tfhelp's settings, read through IPython's configuration system (`c.TfHelp.lang = 'zh'`)."""

from __future__ import annotations

from typing import Any

from traitlets import Bool, CaselessStrEnum, Int, TraitError, validate
from traitlets.config import Configurable


class TfHelp(Configurable):
    """Settings of the tfhelp extension (in ipython_config.py / ipython_kernel_config.py)."""

    lang = CaselessStrEnum(
        ("en", "zh"), default_value="en", help="Language of the help: 'en' or 'zh'."
    ).tag(config=True)
    auto = Bool(
        True,
        help="Show help automatically under TensorFlow errors (`%tfhelp on|off` at run time).",
    ).tag(config=True)
    candidates = Int(
        3, help="How many other candidate records to list when the best match is not certain."
    ).tag(config=True)
    preload = Bool(
        True,
        help=(
            "Right after %load_ext, load the records and build the match index in a background "
            "thread, so that the first error is answered at once."
        ),
    ).tag(config=True)
    widgets = Bool(
        True, help="In a Jupyter kernel, show the interactive panel (else static HTML only)."
    ).tag(config=True)

    @validate("candidates")
    def _candidates_in_range(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if not 0 <= value <= 20:
            raise TraitError(f"TfHelp.candidates must be between 0 and 20, not {value}")
        return value
