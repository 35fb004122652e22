"""Harvest a published record from its identifier or landing page, as FAIR scorers do.

:mod:`targets` tells identifiers and URLs apart, :mod:`links` reads FAIR Signposting (Link headers,
HTML ``<link>``, linksets) through the ``signposting`` package, :mod:`embedded` reads the metadata a
landing page embeds (JSON-LD, microdata, RDFa) through ``extruct``, and :mod:`harvester` tries every
channel, records every request and merges what it found into one source.
"""
