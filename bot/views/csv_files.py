"""CSV files as Open Door hands them to people: one header, then rows, safe to open.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is a formula to a
spreadsheet, and names, rooms and practices are typed by people: such a cell gets a leading
apostrophe, so it shows as the text it is and never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvFile:
    """A file to send: its name, the title Slack shows, and its text."""

    filename: str
    title: str
    content: str


def csv_file(
    filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[str]]
) -> CsvFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return CsvFile(filename, title, out.getvalue())


def safe_cell(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


@dataclass(frozen=True)
class FilesMessage:
    """Files sent together in one DM, with the comment above them."""

    files: list[CsvFile]
    comment: str
