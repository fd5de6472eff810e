"""PD hours as people read them: `/visit hours` (one's own record, with *Export CSV*) and the
CSV files of one's own record or a school's.

A school's file lists members alphabetically, as the domain gives them: never by hours.
"""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from bot.domain.pd_hours import KIND_NAMES, PdKind, PdRecord
from bot.views import ids
from bot.views.csv_files import CsvFile, FilesMessage, csv_file
from bot.views.messages import Message, compose, context

SCHOOL_COLUMNS = ("member", *(KIND_NAMES[kind].lower() for kind in PdKind), "total hours")


def hours_text(hours: float) -> str:
    """2, 0.75, 1.5: as few decimals as the hours need."""
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def hours_message(record: PdRecord) -> Message:
    lines = [
        f"• {KIND_NAMES[kind]}: {record.counts[kind]} × {record.minutes[kind]} min = "
        f"{hours_text(record.hours(kind))} h"
        for kind in PdKind
    ]
    text = (
        f"*Your PD hours since {record.since:%b %-d, %Y}*\n" + "\n".join(lines) + "\n"
        f"*Total: {hours_text(record.total_hours)} h*"
    )
    return compose(
        text,
        [
            SectionBlock(text=text),
            context(
                "Completed visits count, at the minutes your setup gives each kind. "
                "This record is yours: nobody is ranked."
            ),
            ActionsBlock(
                elements=[ButtonElement(text="Export CSV", action_id=ids.PD_HOURS_CSV, value="1")]
            ),
        ],
    )


def my_hours_file(record: PdRecord, today: date) -> FilesMessage:
    rows = [
        (KIND_NAMES[kind], str(record.counts[kind]), str(record.minutes[kind]),
         hours_text(record.hours(kind)))
        for kind in PdKind
    ]  # fmt: skip
    rows.append(("Total", "", "", hours_text(record.total_hours)))
    file = csv_file(
        f"pd-hours-{today.isoformat()}.csv", "My PD hours",
        ("kind", "completed", "minutes each", "hours"), rows,
    )  # fmt: skip
    return FilesMessage([file], f"Your PD hours since {record.since:%b %-d, %Y}, as a CSV file.")


def school_hours_file(scope: str, records: list[PdRecord], today: date) -> FilesMessage:
    rows = [
        (r.name, *(str(r.counts[kind]) for kind in PdKind), hours_text(r.total_hours))
        for r in records
    ]
    since = records[0].since if records else today
    file: CsvFile = csv_file(
        f"pd-hours-school-{today.isoformat()}.csv", f"PD hours: {scope}", SCHOOL_COLUMNS, rows
    )
    return FilesMessage(
        [file], f"PD hours for {scope} since {since:%b %-d, %Y}, one line per member, A to Z."
    )
