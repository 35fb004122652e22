"""Facts about vocabularies and identifiers: namespaces, registry snapshots, identifier syntax,
licences, ontology-term ids and how IRIs are shown (CURIEs). No checks, no network."""
