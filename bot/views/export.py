"""`/visit export` as files: the visits, open doors and requests of the reader's schools."""

from __future__ import annotations

from datetime import date

from bot.domain.export import DOOR_COLUMNS, REQUEST_COLUMNS, VISIT_COLUMNS, Export
from bot.views.csv_files import CsvFile, csv_file


def export_files(export: Export, today: date) -> list[CsvFile]:
    stamp = today.isoformat()
    return [
        csv_file(f"visits-{stamp}.csv", "Visits", VISIT_COLUMNS, export.visits),
        csv_file(f"open-doors-{stamp}.csv", "Open doors", DOOR_COLUMNS, export.doors),
        csv_file(f"requests-{stamp}.csv", "Requests", REQUEST_COLUMNS, export.requests),
    ]


def export_comment(export: Export) -> str:
    return (
        f"Visits, open doors and requests for {export.scope}, as CSV files. They hold no "
        "reflections or notes: what people wrote stays in Open Door."
    )
