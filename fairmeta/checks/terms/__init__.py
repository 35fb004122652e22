"""The ontology-term check: find term references, check them against the registry and ontologies."""
