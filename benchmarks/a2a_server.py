"""A loopback server that serves the Apples-to-Apples FAIR Signposting benchmark as its Apache does.

The benchmark (``../shared/corpus/suites/a2a-fair-metrics/benchmark``) is a folder of scenarios,
each with an ``.htaccess`` that Apache 2.4 applies (``httpd.conf`` there: ``AllowOverride All``,
``DirectoryIndex index.html``). What those files use, this server does:

- ``<Files NAME>`` sections with ``Header [always] add Link …`` and ``ForceType …``; ``Header always``
  outside a section (on every answer, errors included);
- ``Redirect STATUS`` (the whole folder answers 203/204/410/500; ``ErrorDocument 203 index.html``) and
  ``Redirect "PATH" "URL"`` (a 302);
- ``RewriteCond %{HTTP:Header} regex [NC,OR]`` + ``RewriteRule ^name target [L]`` (internal rewrites);
- ``.var`` type maps (``URI:``/``Content-type: …; qs=``), negotiated against ``Accept`` as
  mod_negotiation does (the client's q times the variant's qs, first best wins; 406 when none fits).

Paths: ``/s11/2022/a2a-fair-metrics/…`` is ``https://s11.no/2022/a2a-fair-metrics/…``; ``/w3id/a2a-fair-metrics/X``
redirects (302) to ``https://s11.no/2022/a2a-fair-metrics/X`` as w3id.org does; anything else is 404.
Tests route the two hosts here (``[http.routes]``) and count the requests.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from loopback import LoopbackServer

S11 = "https://s11.no/2022/a2a-fair-metrics/"
W3ID = "https://w3id.org/a2a-fair-metrics/"
TYPES = {
    ".html": "text/html",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
    ".zip": "application/zip",
    ".xml": "application/xml",
}


@dataclass
class Rules:
    """What one scenario's ``.htaccess`` says."""

    files: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> [(kind, value)]
    always: list[str] = field(default_factory=list)  # Link values on every answer
    status: int | None = None  # Redirect STATUS
    error_document: dict[int, str] = field(default_factory=dict)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (path, url)
    rewrites: list[tuple[list[tuple[str, str, bool]], str, str]] = field(default_factory=list)


def parse_htaccess(text: str) -> Rules:
    """The directives of an ``.htaccess`` this server understands."""
    rules = Rules()
    section: str | None = None
    conditions: list[tuple[str, str, bool]] = []
    for raw in text.splitlines():
        line = raw.strip()
        for piece in re.split(r"(?=<Files )", line) if "<Files" in line and not line.startswith("<Files") else [line]:
            line = piece.strip()
            if not line or line.startswith("#"):
                continue
            opened = re.match(r"<Files\s+\"?([^>\"]+)\"?>", line)
            if opened:
                section = opened.group(1)
                rules.files.setdefault(section, [])
                continue
            if line.startswith("</Files>"):
                section = None
                continue
            link = re.match(r"Header\s+(always\s+)?add\s+Link\s+(.+)$", line)
            if link:
                value = link.group(2).strip()
                if value.startswith('"') and value.endswith('"'):  # Apache unquotes a quoted value
                    value = value[1:-1].replace('\\"', '"')
                if section is None:
                    rules.always.append(value)
                else:
                    rules.files[section].append(("always" if link.group(1) else "link", value))
                continue
            force = re.match(r"ForceType\s+(.+)$", line)
            if force and section is not None:
                value = force.group(1).strip()
                if value.startswith('"') and value.endswith('"'):
                    value = value[1:-1].replace('\\"', '"')
                rules.files[section].append(("type", value))
                continue
            status = re.match(r"Redirect\s+(\d{3})\s*$", line)
            if status:
                rules.status = int(status.group(1))
                continue
            moved = re.match(r'Redirect\s+"?([^"\s]+)"?\s+"?([^"\s]+)"?', line)
            if moved:
                rules.redirects.append((moved.group(1), moved.group(2)))
                continue
            document = re.match(r"ErrorDocument\s+(\d{3})\s+(\S+)", line)
            if document:
                rules.error_document[int(document.group(1))] = document.group(2)
                continue
            condition = re.match(r"RewriteCond\s+%\{HTTP:([\w-]+)\}\s+(.+?)\s+\[([^\]]*)\]\s*$", line)
            if condition:
                flags = condition.group(3).upper()
                conditions.append((condition.group(1), condition.group(2), "OR" in flags))
                continue
            rule = re.match(r"RewriteRule\s+(\S+)\s+(\S+)", line)
            if rule:
                rules.rewrites.append((conditions, rule.group(1), rule.group(2)))
                conditions = []
    return rules


def _accept(header: str) -> list[tuple[str, float]]:
    out = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        out.append((pieces[0].lower(), q))
    return out or [("*/*", 1.0)]


def _quality(accept: list[tuple[str, float]], media_type: str) -> float:
    best = 0.0
    kind = media_type.split(";")[0].strip().lower()
    for wanted, q in accept:
        if wanted == kind or wanted == "*/*" or (wanted.endswith("/*") and kind.startswith(wanted[:-1])):
            best = max(best, q)
    return best


def negotiate(type_map: str, accept_header: str) -> tuple[str, str] | None:
    """The (file, media type) a type map gives for an Accept header, or None (406)."""
    variants: list[tuple[str, str, float]] = []
    for block in re.split(r"\n\s*\n", type_map.strip()):
        uri = re.search(r"^URI:\s*(\S+)", block, re.M)
        kind = re.search(r"^Content-type:\s*([^;\n]+)(?:;\s*qs=([0-9.]+))?", block, re.M | re.I)
        if uri and kind:
            variants.append((uri.group(1), kind.group(1).strip(), float(kind.group(2) or 1.0)))
    accept = _accept(accept_header or "*/*")
    scored = [(qs * _quality(accept, kind), index, name, kind) for index, (name, kind, qs) in enumerate(variants)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], -s[1]))
    return best[2], best[3]


class A2AServer:
    """The benchmark on 127.0.0.1, with a count of requests per path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._rules: dict[str, Rules] = {}
        self.server = LoopbackServer(lambda method, path, headers: self.answer(path, headers))
        self.port = self.server.port
        self.base = self.server.base

    @property
    def routes(self) -> dict[str, str]:
        """``[http.routes]`` that send every host the benchmark names here: s11.no and w3id.org to the
        scenarios (and the homoglyph hosts scenario 11 uses, which impersonate s11.no), every other
        host to a 404, so that nothing a harvest or a link check asks can leave the machine."""
        routes = {
            "https://s11.no/": f"{self.base}s11/",
            "https://w3id.org/": f"{self.base}w3id/",
            "https://xn--11-slc.xn--e1a4c/": f"{self.base}s11/",
            "https://з11.ею/": f"{self.base}s11/",
        }
        for origin in sorted(_origins(self.root)):
            routes.setdefault(origin, f"{self.base}other/{origin.split('://', 1)[1]}")
        return routes

    def rules(self, scenario: str) -> Rules:
        """The parsed ``.htaccess`` of a scenario folder (empty when it has none)."""
        if scenario not in self._rules:
            path = self.root / scenario / ".htaccess"
            self._rules[scenario] = parse_htaccess(path.read_text(encoding="utf-8")) if path.is_file() else Rules()
        return self._rules[scenario]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for a GET of ``path`` (HEAD drops the body)."""
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        if path.startswith("/w3id/a2a-fair-metrics/"):
            return 302, [("Location", S11 + path[len("/w3id/a2a-fair-metrics/") :])], b""
        prefix = "/s11/2022/a2a-fair-metrics/"
        if not path.startswith(prefix):
            return 404, [("Content-Type", "text/plain")], b"not here"
        rest = path[len(prefix) :].split("?")[0]
        scenario, _, name = rest.partition("/")
        folder = self.root / scenario
        if not scenario or not folder.is_dir() or ".." in rest:
            return 404, [("Content-Type", "text/plain")], b"no such scenario"
        rules = self.rules(scenario)
        extra = [("Link", value) for value in rules.always]
        for source, target in rules.redirects:
            if source == "/2022/a2a-fair-metrics/" + rest:
                return 302, [("Location", target), *extra], b""
        if rules.status is not None:
            document = rules.error_document.get(rules.status)
            body = (folder / document).read_bytes() if document and (folder / document).is_file() else b""
            kind = "text/html" if body else "text/plain"
            return rules.status, [("Content-Type", kind), *extra], body if rules.status != 204 else b""
        name = name or "index.html"
        for conditions, pattern, target in rules.rewrites:
            if re.match(pattern, name) and _conditions_hold(conditions, headers):
                name = target
                break
        file = folder / name
        kind = TYPES.get(file.suffix.lower(), "application/octet-stream")
        if not file.is_file() and (folder / f"{name}.var").is_file():
            chosen = negotiate((folder / f"{name}.var").read_text(encoding="utf-8"), headers.get("accept", "*/*"))
            if chosen is None:
                return 406, [("Content-Type", "text/plain"), *extra], b"not acceptable"
            name, kind = chosen
            for conditions, pattern, target in rules.rewrites:  # a variant may be rewritten in turn
                if re.match(pattern, name) and _conditions_hold(conditions, headers):
                    name = target
                    break
            file = folder / name
        if not file.is_file():
            return 404, [("Content-Type", "text/html"), *extra], b"<html><body>Not Found</body></html>"
        out = list(extra)
        for kind_of, value in rules.files.get(name, []):
            if kind_of == "type":
                kind = value
            else:
                out.append(("Link", value))
        return 200, [("Content-Type", kind), *out], file.read_bytes()

    @contextmanager
    def running(self) -> Iterator[A2AServer]:
        """Serve in a thread while the block runs."""
        with self.server.running():
            yield self


def _origins(root: Path) -> set[str]:
    """Every ``scheme://host/`` the benchmark's files name."""
    found: set[str] = set()
    for path in root.rglob("*"):
        if path.is_file() and path.suffix.lower() in ("", ".html", ".ttl", ".json", ".jsonld", ".txt", ".xml", ".var"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found.update(m.group(0) for m in re.finditer(r"https?://[^/\s\"'<>]+/", text))
    return found


def _conditions_hold(conditions: list[tuple[str, str, bool]], headers: dict[str, str]) -> bool:
    """Apache's RewriteCond chain: conditions joined by AND, or by OR where a condition says [OR]."""
    if not conditions:
        return True
    result: bool | None = None
    joined_by_or = False
    for header, pattern, or_next in conditions:
        value = headers.get(header.lower(), "")
        held = re.search(pattern, value, re.IGNORECASE) is not None
        if result is None:
            result = held
        elif joined_by_or:
            result = result or held
        else:
            result = result and held
        joined_by_or = or_next
    return bool(result)
