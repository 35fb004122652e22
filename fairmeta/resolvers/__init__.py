"""Everything fairmeta asks over HTTP: one client (rate limits, retries, cache) and the services
it asks (DOI/handle, ORCID, ROR, OLS, URLs, remote JSON-LD contexts)."""
