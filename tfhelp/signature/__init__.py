"""From an exception, or a traceback's text, to an inert Signature."""

from tfhelp.signature.live import from_exception
from tfhelp.signature.model import ErrorPart, Frame, Signature
from tfhelp.signature.text import from_text

__all__ = ["ErrorPart", "Frame", "Signature", "from_exception", "from_text"]
