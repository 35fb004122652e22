"""Ontology terms in metadata records: find them, check their prefix and pattern, look them up."""
