"""The exception hook: the usual traceback first (or the handler that was there before), then help.

Installed with IPython's `set_custom_exc`. The traceback is shown through the shell
(`showtraceback`), so `sys.last_*`, `%tb`, `%debug`, `%xmode` and the kernel's error reply work
as without tfhelp. A handler registered before tfhelp (Colab's, jupyter-ai's, the user's) is
kept: errors it was registered for go to it, and unloading puts it back.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from tfhelp.ipython.session import Session

# What IPython shows as a syntax error when input cannot be parsed (interactiveshell.run_cell).
_PARSE_ERRORS = (OverflowError, SyntaxError, ValueError, TypeError, MemoryError)


def at_parse_time(tb: TracebackType | None) -> bool:
    """True when IPython could not even parse the cell (it calls the hook from run_cell_async)."""
    return tb is not None and tb.tb_frame.f_code.co_name == "run_cell_async"


def show_traceback(
    shell: Any, etype: type[BaseException], value: BaseException, tb: Any, tb_offset: Any
) -> None:
    """Show an exception exactly as IPython would without a custom handler."""
    if at_parse_time(tb) and isinstance(value, _PARSE_ERRORS):
        shell.showsyntaxerror()
    elif isinstance(value, SyntaxError):  # raised by running code, e.g. exec("1 +")
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
    else:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


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
        self._show_original(shell, etype, value, tb, tb_offset)
        # KeyboardInterrupt, SystemExit and the like only reach here for a previous handler.
        if not self.active or not isinstance(value, Exception) or at_parse_time(tb):
            return
        try:
            self.session.on_error(value, tb)
        except Exception as error:
            self.session.unavailable(error)

    def _show_original(
        self,
        shell: Any,
        etype: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
        tb_offset: int | None,
    ) -> None:
        if (
            self.previous is not None
            and self.previous_types
            and isinstance(value, self.previous_types)
        ):
            try:
                self.previous(etype, value, tb, tb_offset=tb_offset)
            except Exception:  # a bare (unwrapped) previous handler failed: show it ourselves
                show_traceback(shell, etype, value, tb, tb_offset)
            else:
                self._reclaim_if_dropped(shell)
                return
        try:
            show_traceback(shell, etype, value, tb, tb_offset)
        except Exception as error:  # pragma: no cover - IPython's own display failed
            self.session.unavailable(error)

    def _reclaim_if_dropped(self, shell: Any) -> None:
        # IPython unregisters the whole slot when a wrapped handler fails; it dropped us too.
        if self.active and shell.CustomTB is not self.installed and not shell.custom_exceptions:
            self.previous, self.previous_types = shell.CustomTB, ()
            shell.set_custom_exc((Exception,), self)
            self.installed = shell.CustomTB
