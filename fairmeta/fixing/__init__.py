"""``fairmeta fix``: apply the machine-applicable edits of findings to the files they came from."""
