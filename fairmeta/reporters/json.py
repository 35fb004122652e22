"""``--format json``: the report as one JSON document (schema: docs/report.schema.json)."""

from __future__ import annotations

import json
from typing import TextIO

from fairmeta.model import Report


class JsonReporter:
    """Serialise :meth:`Report.to_dict`; the library's JSON and the CLI's are the same."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the report as indented JSON followed by a newline."""
        json.dump(report.to_dict(), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
