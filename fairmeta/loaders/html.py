"""Pull the embedded JSON-LD out of an HTML page saved to disk (``<script type="application/ld+json">``)."""

from __future__ import annotations

from html.parser import HTMLParser  # small; imported only when an HTML page is loaded


class _ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._inside: int | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                self._inside = self.getpos()[0]
                self._buffer = []

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside is not None:
            self.blocks.append((self._inside, "".join(self._buffer)))
            self._inside = None


def json_ld_blocks(html: str) -> list[tuple[int, str]]:
    """Return ``(line, text)`` for every JSON-LD script block, in page order."""
    collector = _ScriptCollector()
    collector.feed(html)
    collector.close()
    return collector.blocks
