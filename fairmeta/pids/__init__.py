"""Persistent identifiers in a record: find and classify them, check them offline, resolve them online.

- :mod:`fairmeta.pids.find`: every identifier of a record with the entity it names and its role.
- :mod:`fairmeta.pids.offline`: syntax, check digits, missing PIDs, PIDs on the wrong kind of entity.
- :mod:`fairmeta.pids.http`: the HTTP client (cache, timeouts, retries, per-host limits).
- :mod:`fairmeta.pids.resolve`: the resolvers (handle API, ORCID, ROR, bioregistry, plain URLs).
- :mod:`fairmeta.pids.check`: the check the engine runs, turning all of it into findings.
"""
