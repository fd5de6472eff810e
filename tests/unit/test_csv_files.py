"""CSV files people open in a spreadsheet: no cell of theirs runs as a formula."""

from __future__ import annotations

import csv
import io

from bot.views.csv_files import csv_file


def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe() -> None:
    typed = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "Room 12", 'a, b "c"', "3"]
    made = csv_file("x.csv", "X", ["cell"], [[cell] for cell in typed])
    read = [row[0] for row in csv.reader(io.StringIO(made.content))][1:]
    assert read == ["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "Room 12", 'a, b "c"', "3"]
