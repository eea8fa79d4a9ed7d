"""Finds what could run in a browser in an HTML string: active tags, on* handlers, script URLs."""

from __future__ import annotations

from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "math", "form", "input", "b"}
# <b> is listed because the hostile record uses <b onmouseover=...>; tfhelp's own markup uses it
# without attributes, which is allowed below.


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS and (tag != "b" or attrs):
            self.found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src") and not (value or "").startswith(("http://", "https://")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    """Everything in the HTML that a browser would treat as code or load; [] when inert."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
