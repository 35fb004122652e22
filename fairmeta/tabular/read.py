"""Read CSV, TSV and XLSX sample sheets into rows that remember where they came from."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field


class TableError(ValueError):
    """The file is not a usable table (empty, wrong delimiter, no header); one line, no traceback.

    ``fix`` says what to do about this very problem (the rule's generic fix speaks of syntax)."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.fix = fix


_WRITE_TABLE = "Write a header row of column names (the schema's slot names) and one row per record below it."


@dataclass
class Row:
    """One data row: its 1-based number as a spreadsheet user counts (header excluded) and its line."""

    number: int
    line: int
    cells: dict[str, str]


@dataclass
class Table:
    """A header and its rows; ``ragged`` lists rows whose cell count differs from the header's."""

    header: list[str]
    rows: list[Row] = field(default_factory=list)
    ragged: list[tuple[int, int, int]] = field(default_factory=list)  # (row, line, cells)


_DELIMITERS = {"csv": ",", "tsv": "\t"}


def read_delimited(text: str, fmt: str) -> Table:
    """Read CSV or TSV text; detect a delimiter that does not match the file type."""
    if not text.strip():
        raise TableError("empty file", _WRITE_TABLE)
    delimiter = _DELIMITERS[fmt]
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise TableError(f"cannot read the header row: {exc}") from None
    header = [h.strip() for h in header]
    while len(header) > 1 and not header[-1]:
        header.pop()  # trailing delimiters (spreadsheet exports): no column; cells there are ragged
    if len(header) == 1:
        other = "\t" if delimiter == "," else ","
        if other in header[0] or ";" in header[0]:
            found = "tab" if other == "\t" else ("semicolon" if ";" in header[0] else "comma")
            expected = "comma" if delimiter == "," else "tab"
            raise TableError(
                f"wrong delimiter: the header is {found}-separated, but a .{fmt} file is {expected}-separated",
                f"Rename the file after its delimiter (.csv for commas, .tsv for tabs), or write it {expected}-"
                "separated, or pass --input-format.",
            )
    if not any(header) or len(set(header)) != len(header):
        duplicates = sorted({h for h in header if header.count(h) > 1})
        raise TableError(
            f"the header row has empty or repeated column names {duplicates or ''}".strip(),
            "Give every column of the header row its own, non-empty name.",
        )
    table = Table(header)
    number = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            number += 1
            while len(cells) > len(header) and not cells[-1].strip():
                cells = cells[:-1]  # the empty cells under trailing delimiters
            if len(cells) != len(header):
                table.ragged.append((number, reader.line_num, len(cells)))
            table.rows.append(Row(number, reader.line_num, dict(zip(header, (c.strip() for c in cells), strict=False))))
    except csv.Error as exc:
        raise TableError(f"line {reader.line_num}: {exc}") from None
    if not table.rows:
        raise TableError("the table has a header but no data rows", "Add one row per record below the header.")
    return table


MAX_XLSX_EXPANDED = 500_000_000  # bytes the workbook's parts may unzip to; a bomb is refused unread
MAX_XLSX_PARTS = 10_000


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _check_archive(data: bytes) -> None:
    """Refuse what is not a ZIP archive, or one that would unzip to far more than a sheet needs."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TableError(f"not a readable XLSX workbook (not a ZIP archive: {_one_line(exc)})") from None
    if len(parts) > MAX_XLSX_PARTS or sum(p.file_size for p in parts) > MAX_XLSX_EXPANDED:
        raise TableError(
            f"the workbook unzips to more than {MAX_XLSX_EXPANDED:,} bytes or {MAX_XLSX_PARTS:,} parts; refused unread",
            "Export the sheet as CSV or TSV, or split the workbook.",
        )


def read_xlsx(data: bytes) -> Table:
    """Read the first worksheet of an XLSX workbook (openpyxl, installed with the linkml extra)."""
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise TableError("reading .xlsx needs openpyxl, which comes with fairmeta: reinstall fairmeta") from None
    _check_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise TableError(f"not a readable XLSX workbook: {_one_line(exc)}") from None
    try:
        if not book.worksheets:
            raise TableError("the workbook has no worksheet", _WRITE_TABLE)
        sheet = book.worksheets[0]
        values = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    except TableError:
        raise
    except Exception as exc:  # a damaged sheet: bad XML, a cell type openpyxl cannot read
        raise TableError(f"the first worksheet cannot be read: {_one_line(exc)}") from None
    finally:
        book.close()
    values = [row for row in values if any(row)]
    if not values:
        raise TableError("empty workbook", _WRITE_TABLE)
    header = values[0]
    text_rows = ["\t".join(c.replace("\t", " ") for c in row) for row in values]
    table = read_delimited("\n".join(text_rows) + "\n", "tsv")
    table.header = header
    return table
