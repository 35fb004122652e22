"""The persistent-identifier check: find, check and (with resolutions) verify identifiers."""
