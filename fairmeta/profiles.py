"""The profiles fairmeta ships (a SHACL shapes file each) and how one is chosen for a record.

A record gets a profile from what it declares first (``dct:conformsTo`` / ``schema:conformsTo``),
then from its type and vocabulary; ``--profile`` overrides the choice for every record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from fairmeta.errors import UnknownProfileError
from fairmeta.loaders.describe import rocrate_root
from fairmeta.records import Record
from fairmeta.resources import shapes_dir
from fairmeta.vocab.namespaces import SDO

Selector = Callable[[Graph, Node], bool]


@dataclass(frozen=True)
class Profile:
    """A named set of shapes with a one-line description."""

    name: str
    description: str
    shapes_file: str
    applies: Selector

    @property
    def shapes_path(self) -> Path:
        """Return the shapes file inside the installed ``shapes/`` folder."""
        return shapes_dir() / self.shapes_file


_CONFORMS_TO = (DCTERMS.conformsTo, SDO.conformsTo)


def _conforms_to(graph: Graph, node: Node) -> list[str]:
    return [str(v) for p in _CONFORMS_TO for v in graph.objects(node, p)]


def _is_rocrate_root(graph: Graph, node: Node) -> bool:
    crate = rocrate_root(graph)
    return crate is not None and crate[1] == node


def _is_bioschemas_dataset(graph: Graph, node: Node) -> bool:
    declared = any("bioschemas.org/profiles/dataset" in c.lower() for c in _conforms_to(graph, node))
    return declared and (node, RDF.type, SDO.Dataset) in graph


_DCAT_TYPES = (DCAT.Catalog, DCAT.Dataset, DCAT.DataService, URIRef("http://www.w3.org/ns/dcat#DatasetSeries"))


def _is_dcat(graph: Graph, node: Node) -> bool:
    if any("dcat-ap" in c.lower() or "dcat_ap" in c.lower() for c in _conforms_to(graph, node)):
        return True
    return any((node, RDF.type, t) in graph for t in _DCAT_TYPES)


def _is_schemaorg_dataset(graph: Graph, node: Node) -> bool:
    return (node, RDF.type, SDO.Dataset) in graph


# Order matters: the first profile that applies is chosen (most specific first).
PROFILES: tuple[Profile, ...] = (
    Profile(
        "ro-crate",
        "RO-Crate 1.1/1.2: metadata descriptor and root data entity (MUST → error, SHOULD → warning).",
        "ro-crate.ttl",
        _is_rocrate_root,
    ),
    Profile(
        "bioschemas-dataset",
        "Bioschemas Dataset 1.0-RELEASE: minimum → error, recommended → warning, optional → info.",
        "bioschemas-dataset.ttl",
        _is_bioschemas_dataset,
    ),
    Profile(
        "dcat-ap",
        "DCAT-AP 3: mandatory (error) and recommended (warning) for Catalogue, Dataset, Distribution.",
        "dcat-ap.ttl",
        _is_dcat,
    ),
    Profile(
        "schemaorg-dataset",
        "schema.org Dataset as Google Dataset Search reads it: required → error, recommended → warning.",
        "schemaorg-dataset.ttl",
        _is_schemaorg_dataset,
    ),
)

BY_NAME = {p.name: p for p in PROFILES}


def get_profile(name: str) -> Profile:
    """Return the profile called ``name`` or raise :class:`UnknownProfileError`."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise UnknownProfileError(f"unknown profile {name!r} (available: {', '.join(BY_NAME)})") from None


def select_profiles_for(records: Iterable[Record]) -> list[tuple[str, ...]]:
    """:func:`select_profiles` for many records, asked once per distinct kind of record.

    Every selector looks only at a node's types, its conformsTo values and whether it is the
    root of an RO-Crate, so records that agree on those (the rows of a sheet) share the answer.
    """
    crates: dict[int, tuple[Node, Node] | None] = {}
    answers: dict[tuple[object, ...], tuple[str, ...]] = {}
    chosen = []
    for record in records:
        graph, node, statements = record.graph, record.node, record.statements()
        if id(graph) not in crates:
            crates[id(graph)] = rocrate_root(graph)
        crate = crates[id(graph)]
        key = (
            id(graph),
            crate is not None and crate[1] == node,
            frozenset(statements.get(RDF.type, ())),
            tuple(sorted(str(v) for p in _CONFORMS_TO for v in statements.get(p, ()))),
        )
        if key not in answers:
            answers[key] = select_profiles(graph, node)
        chosen.append(answers[key])
    return chosen


def select_profiles(graph: Graph, node: Node) -> tuple[str, ...]:
    """Return the name of the first profile that applies to ``node``, or nothing."""
    for profile in PROFILES:
        if profile.applies(graph, node):
            return (profile.name,)
    return ()


def assign_profiles(records: Sequence[Record], forced: str | None, user_shapes: bool) -> None:
    """The profile step: set each record's profiles (forced, chosen from the record, or none when
    the user's own shapes replace the profiles)."""
    if forced or user_shapes:
        for record in records:
            record.profiles = (forced,) if forced else ()
        return
    for record, profiles in zip(records, select_profiles_for(records), strict=True):
        record.profiles = profiles
