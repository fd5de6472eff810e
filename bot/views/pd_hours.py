"""PD hours as people read them: `/visit hours` (one's own record, with *Export CSV*) and the
CSV files of one's own record or a school's.

A school's file lists members alphabetically, as the domain gives them: never by hours.
"""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock

from bot.domain.pd_hours import (
    KIND_NAMES,
    MINUTE_CHOICES,
    ONE_NAMES,
    PdKind,
    PdRecord,
    minutes_per_kind,
)
from bot.models import School, Workspace
from bot.views import ids
from bot.views.csv_files import CsvFile, FilesMessage, csv_file
from bot.views.messages import Message, compose, context
from bot.views.modals import modal, single_field
from bot.views.text import escape

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
                "Completed visits count, at the minutes your school gives each kind. "
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


AS_SETUP = "setup"  # the choice that leaves a kind at the workspace's minutes


def school_minutes_modal(workspace: Workspace, school: School) -> dict:
    """A school's own PD minutes per kind; "as setup says" keeps the workspace's."""
    setup = minutes_per_kind(workspace)
    own = school.pd_minutes or {}
    blocks: list[Block] = [
        context(f"What each completed visit counts for toward PD hours at *{escape(school.name)}*.")
    ]
    for kind in PdKind:
        values = [AS_SETUP, *(str(m) for m in MINUTE_CHOICES)]
        labels = {AS_SETUP: f"As setup says ({setup[kind]} min)"} | {
            str(m): f"{m} min" for m in MINUTE_CHOICES
        }
        chosen = str(own[kind]) if kind in own else AS_SETUP
        blocks.append(
            single_field(
                f"pd_{kind}",
                f"Minutes per {ONE_NAMES[kind]}",
                values,
                chosen,
                optional=False,
                labels=labels,
            )
        )
    return modal(ids.PD_MINUTES_MODAL, "PD minutes", blocks, metadata={"school_id": school.id})


def school_minutes_saved(school: School, minutes: dict[PdKind, int]) -> str:
    kinds = ", ".join(f"{ONE_NAMES[kind]} {minutes[kind]} min" for kind in PdKind)
    return f"Saved {escape(school.name)}'s PD minutes: {kinds}."
