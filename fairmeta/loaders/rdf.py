"""Parse Turtle, N-Triples, N-Quads, TriG, N3 and RDF/XML into one graph with a line locator."""

from __future__ import annotations

import re
import sys

from rdflib import Dataset, Graph

from fairmeta._quiet import upstream_warnings_silenced
from fairmeta.graph import document_order_blank_nodes, new_graph
from fairmeta.loaders.base import LoadFailure, Parsed
from fairmeta.records import LineLocator

_QUAD_FORMATS = {"nquads", "trig"}
_LINE = re.compile(r"line:?\s*(\d+)", re.I)


def parse_rdf_text(text: str, data: bytes, fmt: str, base: str, xml_root: str | None = None) -> Parsed | LoadFailure:
    """Parse RDF text of format ``fmt``; named graphs of quad formats are merged into one graph.

    ``xml_root``: the root tag of XML the caller has already checked safe (not parsed again)."""
    if fmt == "xml":
        from fairmeta.loaders.xmlsafety import UnsafeXmlError, ensure_safe_xml

        try:
            ensure_safe_xml(data, xml_root)
        except UnsafeXmlError as exc:
            return LoadFailure("FM-SYS-005", str(exc))
        except ValueError as exc:
            return LoadFailure("FM-SYS-001", str(exc), _line(str(exc)))
    try:
        with upstream_warnings_silenced(), document_order_blank_nodes():
            graph = _parse(text, data, fmt, base)
    except RecursionError:
        return LoadFailure("FM-SYS-001", f"invalid {_label(fmt)}: nesting too deep")
    except Exception as exc:  # rdflib's parsers raise many types (BadSyntax, SAXParseException, ...)
        message = _one_line(exc)
        if "integer string conversion" in message:  # Python's own words would send users to sys.*
            message = f"a number has more than {sys.get_int_max_str_digits():,} digits"
        return LoadFailure("FM-SYS-001", f"invalid {_label(fmt)}: {message}", _line(message))
    return Parsed(graph, LineLocator(text, graph), fmt, None, base)


def _parse(text: str, data: bytes, fmt: str, base: str) -> Graph:
    if fmt in _QUAD_FORMATS:
        dataset = Dataset()
        dataset.parse(data=text, format=fmt, publicID=base)
        graph = new_graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace, override=False)
        return graph
    graph = new_graph()
    # RDF/XML is parsed from bytes so the parser honours the document's own encoding declaration.
    graph.parse(data=data if fmt == "xml" else text, format=fmt, publicID=base)
    return graph


def _label(fmt: str) -> str:
    return {"xml": "RDF/XML", "nt": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "n3": "N3"}.get(
        fmt, fmt.capitalize()
    )


def _line(message: str) -> int | None:
    match = _LINE.search(message)
    return int(match.group(1)) if match else None


def _one_line(exc: BaseException) -> str:
    # rdflib's BadSyntax spreads its message over several lines and quotes the input; keep one line
    # without the quoted document text.
    text = str(exc).split(" at ^ in:")[0]
    text = re.sub(r"^None:(\d+):(\d+):", r"line \1, column \2:", text)  # SAX errors without a system id
    text = re.sub(r"\bof <[^>]*>:", ":", text)
    text = " ".join(text.split())
    return text[:300] if text else type(exc).__name__
