"""Local ontology files (``--ontology FILE``): parsed once into an SQLite index kept in the cache.

OBO files (and OBO Graphs JSON, and any of them gzipped) are read by a line parser of the fields fairmeta needs (id, name, synonym, is_obsolete,
replaced_by, consider, alt_id, is_a): a general OBO library (pronto) takes tens of seconds on a
large ontology and keeps it all in memory, while this reads 50 MB in a few seconds. OWL and other
RDF files go through rdflib (labels, oboInOwl synonyms, ``owl:deprecated``, IAO:0100001 "term
replaced by", ``oboInOwl:consider``, ``rdfs:subClassOf``, SKOS labels).

The index is keyed by the file's SHA-256: a second run looks terms up in SQLite without parsing,
whatever the ontology's size; an edited file is parsed again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fairmeta.errors import FairmetaError
from fairmeta.vocab.terms import TermInfo, canonical_id

INDEX_VERSION = "2"  # bump when the index layout or the parsers change


class OntologyError(FairmetaError):
    """An ontology file that cannot be read or parsed."""


class OntologyIndex:
    """One ontology's terms, in an SQLite file; look-ups by canonical CURIE."""

    def __init__(self, path: Path, db: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        row = self._db.execute("SELECT value FROM meta WHERE key = 'prefixes'").fetchone()
        self.prefixes: tuple[str, ...] = tuple(json.loads(row[0])) if row else ()

    def covers(self, prefix: str) -> bool:
        """Whether this ontology defines the terms of ``prefix`` (so a missing term does not exist)."""
        return prefix.lower() in (p.lower() for p in self.prefixes)

    def lookup(self, curie: str) -> tuple[TermInfo | None, str | None]:
        """``(term, primary id)``: the term; or, for a secondary (alt) id, its primary term and id."""
        row = self._db.execute("SELECT * FROM terms WHERE id = ?", (curie,)).fetchone()
        if row is not None:
            return _info(row), None
        alt = self._db.execute("SELECT primary_id FROM alt WHERE alt = ?", (curie,)).fetchone()
        if alt is not None:
            row = self._db.execute("SELECT * FROM terms WHERE id = ?", (alt[0],)).fetchone()
            return (_info(row) if row else None), alt[0]
        return None, None

    def ancestors(self, curie: str) -> set[str]:
        """Every term above ``curie`` by ``is_a`` / ``rdfs:subClassOf``."""
        rows = self._db.execute(
            "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT value FROM terms, json_each(terms.parents), up "
            "WHERE terms.id = up.id) SELECT id FROM up",
            (curie,),
        ).fetchall()
        return {r[0] for r in rows} - {curie}

    def close(self) -> None:
        """Close the index."""
        self._db.close()


def _info(row: tuple[str, ...]) -> TermInfo:
    term_id, label, synonyms, obsolete, replaced_by, consider, parents = row
    return TermInfo(
        term_id,
        label,
        tuple(json.loads(synonyms)),
        bool(obsolete),
        tuple(json.loads(replaced_by)),
        tuple(json.loads(consider)),
        tuple(json.loads(parents)),
    )


def open_ontology(path: Path, cache_root: Path) -> OntologyIndex:
    """The index of ``path``, built on first use and reused while the file's bytes are the same."""
    try:
        digest = _digest(path)
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read the ontology: {exc.strerror or exc}") from None
    db = cache_root / f"{digest}-v{INDEX_VERSION}.sqlite"
    if not db.is_file():
        _build(path, db)
    return OntologyIndex(path, db)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _build(path: Path, db: Path) -> None:
    """Parse the file and write its index atomically (a crash leaves no half-written index)."""
    terms, alts, declared = _parse(path)
    # OWL and OBO Graphs keep a merged term as a deprecated class beside the alt id of the term it
    # was merged into: it is that term's secondary id (as in OBO), not an obsolete term
    merged = {alt for alt, _ in alts}
    terms = [t for t in terms if not (t.obsolete and t.id in merged)]
    if not terms:
        raise OntologyError(f"{path}: no terms found (expected an OBO file or OWL/RDF classes)")
    db.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=db.parent, suffix=".tmp")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as con:
            con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute(
                "CREATE TABLE terms (id TEXT PRIMARY KEY, label TEXT, synonyms TEXT, obsolete INTEGER, "
                "replaced_by TEXT, consider TEXT, parents TEXT)"
            )
            con.execute("CREATE TABLE alt (alt TEXT PRIMARY KEY, primary_id TEXT)")
            con.executemany(
                "INSERT OR REPLACE INTO terms VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        t.id,
                        t.label,
                        json.dumps(t.synonyms),
                        int(t.obsolete),
                        json.dumps(t.replaced_by),
                        json.dumps(t.consider),
                        json.dumps(t.parents),
                    )
                    for t in terms
                ),
            )
            con.executemany("INSERT OR IGNORE INTO alt VALUES (?, ?)", alts)
            con.execute("INSERT INTO meta VALUES ('prefixes', ?)", (json.dumps(_covered(terms, declared)),))
        con.close()
        os.replace(temporary, db)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _covered(terms: list[TermInfo], declared: str | None) -> list[str]:
    """The prefixes the ontology defines: the declared one and the most common one.

    Imported terms of other ontologies (CHEBI terms in a GO slice) are found when present, but
    their absence proves nothing, so their prefixes are not covered.
    """
    counts = Counter(t.id.split(":", 1)[0] for t in terms if ":" in t.id and "://" not in t.id)
    covered = [counts.most_common(1)[0][0]] if counts else []
    if declared:
        match = next((p for p in counts if p.lower() == declared.lower()), None)
        if match and match not in covered:
            covered.append(match)
    return covered


def _parse(path: Path) -> tuple[list[TermInfo], list[tuple[str, str]], str | None]:
    """Read an OBO, OBO Graphs JSON or OWL/RDF file, gzipped or not (told by its content first)."""
    try:
        data = path.read_bytes()
        name = path.name.lower()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
            name = name.removesuffix(".gz")
        kind = _kind(name, data)
        if kind == "obo":
            return _parse_obo(path, data.decode("utf-8-sig").splitlines())
        if kind == "obographs":
            return _parse_obographs(path, json.loads(data))
        return _parse_rdf(data, name)
    except OntologyError:
        raise
    except UnicodeDecodeError as exc:
        raise OntologyError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise OntologyError(f"{path}: cannot read the ontology: {exc}") from None
    except Exception as exc:  # rdflib raises many kinds; each is a file that does not parse
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OntologyError(f"{path}: does not parse as an ontology: {first[:200]}") from None


def _kind(name: str, data: bytes) -> str:
    """``obo``, ``obographs`` or ``rdf``: by the file's first bytes, then by its name."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"format-version:", b"[Term]", b"ontology:", b"data-version:")) or name.endswith(".obo"):
        return "obo"
    if head.startswith(b"{") and b'"graphs"' in data[:4096]:
        return "obographs"
    return "rdf"


def _parse_obo(path: Path, lines: list[str]) -> tuple[list[TermInfo], list[tuple[str, str]], str | None]:
    terms: list[TermInfo] = []
    alts: list[tuple[str, str]] = []
    declared: str | None = None
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("!"):
            continue
        if line.startswith("["):
            _flush(current, terms, alts)
            current = {} if line == "[Term]" else None
            continue
        tag, sep, value = line.partition(":")
        if not sep:
            raise OntologyError(f"{path}:{number}: not an OBO tag-value line: {line[:80]!r}")
        value = value.strip()
        if current is None:
            if tag == "ontology" and declared is None and not terms:
                declared = value
            continue
        if tag in ("id", "name", "synonym", "is_obsolete", "replaced_by", "consider", "alt_id", "is_a"):
            current.setdefault(tag, []).append(value)
    _flush(current, terms, alts)
    return terms, alts, declared


_GRAPH_PROPERTIES = {
    "http://purl.obolibrary.org/obo/IAO_0100001": "replaced_by",
    "http://www.geneontology.org/formats/oboInOwl#consider": "consider",
    "http://www.geneontology.org/formats/oboInOwl#hasAlternativeId": "alt",
}


def _parse_obographs(path: Path, document: object) -> tuple[list[TermInfo], list[tuple[str, str]], str | None]:
    """OBO Graphs JSON (``{"graphs": [{"nodes": [...], "edges": [...]}]}``): its classes."""
    graphs = document.get("graphs") if isinstance(document, dict) else None
    if not isinstance(graphs, list):
        raise OntologyError(f'{path}: not OBO Graphs JSON (no "graphs" list)')
    terms: list[TermInfo] = []
    alts: list[tuple[str, str]] = []
    declared: str | None = None
    for graph in (g for g in graphs if isinstance(g, dict)):
        if declared is None and isinstance(graph.get("id"), str):
            declared = graph["id"].rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]
        parents: dict[str, list[str]] = {}
        for edge in graph.get("edges") or []:
            if isinstance(edge, dict) and edge.get("pred") in ("is_a", _SUBCLASS) and "sub" in edge and "obj" in edge:
                parents.setdefault(str(edge["sub"]), []).append(canonical_id(str(edge["obj"])))
        for node in graph.get("nodes") or []:
            if not isinstance(node, dict) or node.get("type") != "CLASS" or not isinstance(node.get("id"), str):
                continue
            given_meta = node.get("meta")
            meta: dict[str, Any] = given_meta if isinstance(given_meta, dict) else {}
            found: dict[str, list[str]] = {}
            for value in meta.get("basicPropertyValues") or []:
                if isinstance(value, dict) and value.get("pred") in _GRAPH_PROPERTIES:
                    found.setdefault(_GRAPH_PROPERTIES[value["pred"]], []).append(canonical_id(str(value.get("val"))))
            term_id = canonical_id(node["id"])
            synonyms = [s.get("val") for s in meta.get("synonyms") or [] if isinstance(s, dict)]
            terms.append(
                TermInfo(
                    term_id,
                    node.get("lbl") if isinstance(node.get("lbl"), str) else None,
                    tuple(str(s) for s in synonyms if s),
                    meta.get("deprecated") is True,
                    tuple(found.get("replaced_by", ())),
                    tuple(found.get("consider", ())),
                    tuple(parents.get(node["id"], ())),
                )
            )
            alts.extend((alt, term_id) for alt in found.get("alt", ()))
    return terms, alts, declared


def _flush(stanza: dict[str, list[str]] | None, terms: list[TermInfo], alts: list[tuple[str, str]]) -> None:
    if not stanza or "id" not in stanza:
        return
    term_id = canonical_id(stanza["id"][0])
    synonyms = tuple(_quoted(s) for s in stanza.get("synonym", ()))
    terms.append(
        TermInfo(
            term_id,
            _unescape(stanza["name"][0]) if "name" in stanza else None,
            tuple(s for s in synonyms if s),
            stanza.get("is_obsolete", ["false"])[0] == "true",
            tuple(canonical_id(_bare(v)) for v in stanza.get("replaced_by", ())),
            tuple(canonical_id(_bare(v)) for v in stanza.get("consider", ())),
            tuple(canonical_id(_bare(v)) for v in stanza.get("is_a", ())),
        )
    )
    alts.extend((canonical_id(_bare(a)), term_id) for a in stanza.get("alt_id", ()))


def _bare(value: str) -> str:
    """``GO:0005634 ! nucleus`` -> ``GO:0005634`` (drops the comment and trailing modifiers)."""
    return value.split("!", 1)[0].split("{", 1)[0].strip()


def _quoted(value: str) -> str:
    """The quoted text of a synonym line: ``"cell nucleus" EXACT []`` -> ``cell nucleus``."""
    if not value.startswith('"'):
        return ""
    out, escaped = [], False
    for char in value[1:]:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            break
        else:
            out.append(char)
    return "".join(out)


def _unescape(value: str) -> str:
    return value.split(" {", 1)[0].replace("\\", "") if "\\" in value or " {" in value else value


_OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#"
_SYNONYMS = (
    _OBO_IN_OWL + "hasExactSynonym",
    _OBO_IN_OWL + "hasRelatedSynonym",
    _OBO_IN_OWL + "hasBroadSynonym",
    _OBO_IN_OWL + "hasNarrowSynonym",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_REPLACED_BY = "http://purl.obolibrary.org/obo/IAO_0100001"
_CONSIDER = _OBO_IN_OWL + "consider"
_ALT_ID = _OBO_IN_OWL + "hasAlternativeId"
_DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
_CLASS_TYPES = ("http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2004/02/skos/core#Concept")


def _parse_rdf(data: bytes, name: str) -> tuple[list[TermInfo], list[tuple[str, str]], str | None]:
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.util import guess_format

    graph = Graph()
    if b"<!ENTITY" in data[:4096] or b"<!DOCTYPE" in data[:4096]:
        from defusedxml import ElementTree  # refuse entity tricks before rdflib sees the file

        ElementTree.fromstring(data)
    graph.parse(data=data, format=guess_format(name) or "xml")
    terms: list[TermInfo] = []
    alts: list[tuple[str, str]] = []
    subjects = {s for t in _CLASS_TYPES for s in graph.subjects(RDF.type, URIRef(t)) if isinstance(s, URIRef)}

    def texts(node: URIRef, predicates: tuple[str, ...]) -> list[str]:
        return [str(o) for p in predicates for o in graph.objects(node, URIRef(p)) if isinstance(o, Literal)]

    def ids(node: URIRef, predicates: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(canonical_id(str(o)) for p in predicates for o in graph.objects(node, URIRef(p)))

    for node in sorted(subjects):
        labels = texts(node, _LABELS)
        term_id = canonical_id(str(node))
        terms.append(
            TermInfo(
                term_id,
                labels[0] if labels else None,
                tuple(labels[1:] + texts(node, _SYNONYMS)),
                any(str(o).lower() == "true" for o in graph.objects(node, URIRef(_DEPRECATED))),
                ids(node, (_REPLACED_BY,)),
                ids(node, (_CONSIDER,)),
                tuple(
                    canonical_id(str(o))
                    for p in (_SUBCLASS, _BROADER)
                    for o in graph.objects(node, URIRef(p))
                    if isinstance(o, URIRef)
                ),
            )
        )
        alts.extend((canonical_id(a), term_id) for a in texts(node, (_ALT_ID,)))
    ontology = next(iter(graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology"))), None)
    declared = str(ontology).rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0] if ontology is not None else None
    return terms, alts, declared


def iter_indexes(paths: list[Path], cache_root: Path) -> Iterator[OntologyIndex]:
    """Open every ontology (in order); a broken one stops with its one-line error."""
    for path in paths:
        if not path.is_file():
            raise OntologyError(f"{path}: ontology file not found")
        yield open_ontology(path, cache_root)
