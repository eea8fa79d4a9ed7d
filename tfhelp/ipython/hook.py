"""The exception hook: the usual traceback first (or the handler that was there before), then help.

Installed with IPython's `set_custom_exc`. The traceback is shown through the shell
(`showtraceback`), so `sys.last_*`, `%tb`, `%debug`, `%xmode` and the kernel's error reply work
as without tfhelp. A handler registered before tfhelp (Colab's, jupyter-ai's, the user's) is
kept: errors it was registered for go to it, and unloading puts it back. Nothing escapes the
hook, not even Ctrl-C while help is built (IPython would unregister it); when IPython's own
display of an error fails, what IPython shows stands alone, with at most one line from tfhelp.
"""

from __future__ import annotations

import builtins
import contextlib
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from tfhelp.ipython.session import Session

INTERRUPTED = "tfhelp: help interrupted"

# What IPython shows as a syntax error when input cannot be parsed (interactiveshell.run_cell).
_PARSE_ERRORS = (OverflowError, SyntaxError, ValueError, TypeError, MemoryError)


def at_parse_time(tb: TracebackType | None) -> bool:
    """True when IPython could not even parse the cell (it calls the hook from run_cell_async)."""
    return tb is not None and tb.tb_frame.f_code.co_name == "run_cell_async"


def show_traceback(
    shell: Any, etype: type[BaseException], value: BaseException, tb: Any, tb_offset: Any
) -> bool:
    """Show an exception exactly as IPython would without a custom handler.

    False when IPython's formatting failed and it fell back to a bare printout (e.g. a
    `_render_traceback_` that raises): the traceback then never reaches `_showtraceback`, the
    method through which every front end emits it.
    """
    reached: list[bool] = []
    own = vars(shell).get("_showtraceback")
    emit = shell._showtraceback

    def spy(*args: Any, **kwargs: Any) -> Any:
        reached.append(True)
        return emit(*args, **kwargs)

    shell._showtraceback = spy
    try:
        if at_parse_time(tb) and isinstance(value, _PARSE_ERRORS):
            shell.showsyntaxerror()
        elif isinstance(value, SyntaxError):  # raised by running code, e.g. exec("1 +")
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
        else:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    finally:
        if own is None:
            del shell._showtraceback
        else:
            shell._showtraceback = own
    # IPython prints exception groups with the standard library on purpose, not as a fallback.
    return bool(reached) or _holds_group(value)


def _holds_group(value: BaseException | None) -> bool:
    groups = getattr(builtins, "BaseExceptionGroup", ())  # Python 3.11+
    seen: set[int] = set()
    while value is not None and id(value) not in seen:
        if isinstance(value, groups):
            return True
        seen.add(id(value))
        value = value.__context__
    return False


def describable(value: BaseException) -> bool:
    """False when the exception cannot even be named or turned into text: IPython then shows
    its own fallback, and help built from a placeholder would only add noise under it."""
    try:
        str(type(value).__name__)
        str(value)
    except Exception:
        return False
    return True


def say(line: str) -> None:
    """One line on stderr; never raises (a second Ctrl-C included)."""
    with contextlib.suppress(Exception, KeyboardInterrupt):
        print(line, file=sys.stderr)


def retry_as_ipython_would(shell: Any, error: BaseException) -> BaseException | None:
    """Show a failure of `showtraceback` as IPython does without a custom handler: the error
    escapes `run_code` and `run_ast_nodes` shows it. When that fails too, the new error escapes
    the cell (`run_cell_async` ends there) and `run_cell` tries once more, then gives up
    silently; that escaped error is returned. tfhelp's own frames are left out of what is shown."""
    try:
        _show_error_of_hook(shell, error, running_compiled_code=False)
    except Exception as escaped:
        with contextlib.suppress(Exception):
            _show_error_of_hook(shell, escaped, running_compiled_code=True)
        return escaped
    return None


def _show_error_of_hook(shell: Any, error: BaseException, running_compiled_code: bool) -> None:
    tb = without_frames_of(__file__, error.__traceback__)
    shell.showtraceback((type(error), error, tb), running_compiled_code=running_compiled_code)


def end_cell_as_ipython_would(shell: Any, value: BaseException, escaped: BaseException) -> None:
    """Leave the cell's result as IPython alone would once `escaped` left the cell.

    IPython alone never reaches the end of `run_cell_async`, where a cell run with history
    (every kernel and terminal cell) formats `result.error_in_exec` again to store it; that
    formatting fails the same way and `run_cell` would show its error, an extra traceback.
    So the error moves to `error_before_exec`: the cell still fails with the error IPython
    alone reports (the kernel's reply names it), and nothing is stored for it, as without
    tfhelp. Only the result of the cell whose `run_code` called the hook is touched.
    """
    result = getattr(getattr(shell, "displayhook", None), "exec_result", None)
    if result is not None and getattr(result, "error_in_exec", None) is value:
        result.error_in_exec = None
        result.error_before_exec = escaped


def without_frames_of(filename: str, tb: TracebackType | None) -> TracebackType | None:
    """The traceback with the frames of one source file taken out."""
    kept: list[TracebackType] = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename != filename:
            kept.append(tb)
        tb = tb.tb_next
    rebuilt: TracebackType | None = None
    for step in reversed(kept):
        rebuilt = TracebackType(rebuilt, step.tb_frame, step.tb_lasti, step.tb_lineno)
    return rebuilt


class ExceptionHook:
    """The handler given to `set_custom_exc`; it never raises."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.active = True
        self.previous: Callable[..., Any] | None = None
        self.previous_types: tuple[type[BaseException], ...] = ()
        self.installed: Any = None

    def install(self, shell: Any) -> None:
        """Register with the shell, keeping the handler that was there before."""
        self.previous = shell.CustomTB
        self.previous_types = tuple(shell.custom_exceptions)
        shell.set_custom_exc((Exception, *self.previous_types), self)
        self.installed = shell.CustomTB

    def uninstall(self, shell: Any) -> None:
        """Stop helping; give the slot back to the previous handler if nobody took it since."""
        self.active = False
        if shell.CustomTB is self.installed:
            shell.CustomTB = self.previous
            shell.custom_exceptions = self.previous_types
        # Otherwise a later handler wraps this one: it stays, passing everything through.

    def __call__(
        self,
        shell: Any,
        etype: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
        tb_offset: int | None = None,
    ) -> None:
        # Whatever happens below, nothing may escape: IPython unregisters a handler that raises
        # (even KeyboardInterrupt) and prints the traceback a second time.
        try:
            shown = self._show_original(shell, etype, value, tb, tb_offset)
        except KeyboardInterrupt:  # Ctrl-C while the traceback was shown: as showtraceback does
            say("\nKeyboardInterrupt")
            return
        # KeyboardInterrupt, SystemExit and the like only reach here for a previous handler.
        if not self.active or not isinstance(value, Exception) or at_parse_time(tb):
            return
        if not shown or not describable(value):
            return  # IPython's own display failed: what it showed stands alone (plus one line)
        try:
            try:
                self.session.on_error(value, tb)
            except Exception as error:
                self.session.unavailable(error)
        except KeyboardInterrupt:  # Ctrl-C while help was built: the traceback is already out
            say(INTERRUPTED)

    def _show_original(
        self,
        shell: Any,
        etype: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
        tb_offset: int | None,
    ) -> bool:
        """Show the traceback as IPython would; False when IPython's own display failed."""
        if (
            self.previous is not None
            and self.previous_types
            and isinstance(value, self.previous_types)
        ):
            try:
                self.previous(etype, value, tb, tb_offset=tb_offset)
            except (Exception, KeyboardInterrupt):  # a bare (unwrapped) previous handler failed
                pass  # show the traceback ourselves, below
            else:
                self._reclaim_if_dropped(shell)
                return True
        try:
            return show_traceback(shell, etype, value, tb, tb_offset)
        except Exception as error:  # IPython's own display failed (e.g. a __context__ cycle)
            escaped = retry_as_ipython_would(shell, error)
            if escaped is not None:
                end_cell_as_ipython_would(shell, value, escaped)
            self.session.unavailable(error)
            return False

    def _reclaim_if_dropped(self, shell: Any) -> None:
        # IPython unregisters the whole slot when a wrapped handler fails; it dropped us too.
        if self.active and shell.CustomTB is not self.installed and not shell.custom_exceptions:
            self.previous, self.previous_types = shell.CustomTB, ()
            shell.set_custom_exc((Exception,), self)
            self.installed = shell.CustomTB
