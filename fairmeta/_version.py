"""The package version, kept in one place (read by hatch and by reports)."""

__version__ = "0.1.0"
