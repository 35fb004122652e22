"""Checks run on loaded sources; each returns findings plus a note of whether it ran."""
