"""Team visits on screen: the planning modal, a host's ask, the itinerary, the replacement modal
and the message that calls the morning off. What follows the morning is in `team_after.py`.

A message with buttons on a stop or a team visit shows them only while they still apply; once
the stop or the visit has changed, a line says what it is now (these DMs are updated in place).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)

from bot.models import GroupVisit, Member, Stop, Team, Workspace
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.modals import field_input, modal, school_picker, single_field, text_field
from bot.views.text import clip, mention, quoted
from bot.vocabulary import (
    FREED_STOP_STATUSES,
    ROUTE_STOP_STATUSES,
    SCHOOL_WIDE_ROLES,
    GroupVisitKind,
    GroupVisitStatus,
    StopStatus,
)

STOP_MARK = {
    StopStatus.ASKED: ":hourglass: waiting for the host",
    StopStatus.CONFIRMED: ":white_check_mark: confirmed",
    StopStatus.DECLINED: ":x: declined; a new stop is being found",
    StopStatus.LAPSED: ":x: no answer in time; a new stop is being found",
    StopStatus.CANCELLED: ":no_entry_sign: called off",
}


def at(instant: datetime, zone: str, *, with_day: bool = False) -> str:
    """A time each reader sees in their own zone; the fallback is the school's."""
    local = instant.astimezone(ZoneInfo(zone))
    stamp = int(instant.timestamp())
    if with_day:
        return f"<!date^{stamp}^{{date_short_pretty}} {{time}}|{local:%a %b} {local.day}, {local:%H:%M}>"
    return f"<!date^{stamp}^{{time}}|{local:%H:%M}>"


def noun(visit: GroupVisit) -> str:
    """What the group visit is called: a team visit, or a coaching round."""
    return "coaching round" if visit.kind == GroupVisitKind.ROUND else "team visit"


def round_text(visit: GroupVisit) -> str:
    """A round's problem of practice, its look-fors and, continuing an earlier round, the next
    step that round agreed."""
    look_fors = "\n".join(f"• {quoted(look_for, 150)}" for look_for in visit.look_fors)
    text = f"*Problem of practice:* {quoted(visit.problem, 500)}\n*Look-fors:*\n{look_fors}"
    if visit.previous is not None and visit.previous.next_step:
        text += (
            f"\n*Last round's next step* ({visit.previous.day:%b} {visit.previous.day.day}): "
            f"{quoted(visit.previous.next_step, 1000)}"
        )
    return clip(text, 3000)


def morning(visit: GroupVisit) -> str:
    return f"{visit.day:%A %B} {visit.day.day} at {visit.school.name}"


def stop_line(stop: Stop, zone: str) -> str:
    room = f", room {quoted(stop.room, 120)}" if stop.room else ""
    return (
        f"*{stop.position}.* {at(stop.starts_at, zone)}–{at(stop.ends_at, zone)} "
        f"{mention(stop.host.slack_user_id)}{room}"
    )


def route_text(visit: GroupVisit, zone: str, *, marks: bool) -> str:
    """Each stop on the route in order, with its host's answer when `marks` (a replaced stop gives
    way to the one that took its place); without marks, only the stops still on the route."""
    lines = []
    for stop in visit.stops:
        if stop.status == StopStatus.REPLACED or (
            not marks and stop.status not in ROUTE_STOP_STATUSES
        ):
            continue
        mark = f" — {STOP_MARK.get(StopStatus(stop.status), stop.status)}" if marks else ""
        lines.append(stop_line(stop, zone) + mark)
    return clip("\n".join(lines), 3000) or "_No stop is on the route now._"


def debrief_text(visit: GroupVisit, zone: str) -> str:
    place = f" ({quoted(visit.debrief_place, 120)})" if visit.debrief_place else ""
    prompt = f"\n>{quoted(visit.debrief_prompt, 1000)}" if visit.debrief_prompt else ""
    return f"*Debrief* at {at(visit.debrief_at, zone)}{place}{prompt}"


def team_line(visit: GroupVisit) -> str:
    names = ", ".join(mention(entry.member.slack_user_id) for entry in visit.members)
    if visit.kind == GroupVisitKind.ROUND:
        return clip(f"Participants: {names}. Led by {mention(visit.planner.slack_user_id)}.", 3000)
    return clip(f"Team: {names}. Planned by {mention(visit.planner.slack_user_id)}.", 3000)


def route_inputs(stop_label: str, debrief_placeholder: str) -> list[Block]:
    """A group visit's route (two stops, a third optional) and its debrief's time and place: the
    inputs a team visit and a coaching round share, keyed as their forms read them."""
    blocks: list[Block] = []
    for position in (1, 2, 3):
        optional = position == 3
        label = f"{stop_label} {position}" + (" (optional)" if optional else "")
        blocks += [
            HeaderBlock(text=label),
            field_input(f"stop{position}_host", "Host", UserSelectElement(placeholder="Choose…"),
                        optional=optional),
            text_field(f"stop{position}_room", "Room", max_length=120, optional=optional),
            field_input(f"stop{position}_start", "Starts", TimePickerElement(), optional=optional),
            field_input(f"stop{position}_end", "Ends", TimePickerElement(), optional=optional),
        ]  # fmt: skip
    return [
        *blocks,
        DividerBlock(),
        field_input("debrief_time", "Debrief starts", TimePickerElement(initial_time="12:00")),
        text_field("debrief_place", "Debrief place", max_length=120,
                   placeholder=debrief_placeholder),
    ]  # fmt: skip


def team_visit_modal(
    workspace: Workspace, planner: Member, today: date, teams: Sequence[Team] = ()
) -> dict:
    """One modal for the whole morning: the team, the school, the date, the stops, the debrief.
    A team picked from the list brings all its people; others (a principal) are added by hand."""
    people = (
        "Others joining (their principal, say)"
        if teams
        else "The team (their principal too, if joining)"
    )
    blocks: list[Block] = [
        context(
            "Plan a team visit: the team visits two or three classrooms, then debriefs together. "
            "Each host is asked to confirm their stop; nobody on the team needs to click anything."
        ),
    ]
    if teams:
        blocks.append(team_picker(planner, teams))
    blocks += [
        field_input("team", people, UserMultiSelectElement(
            placeholder="Choose people…", max_selected_items=12), optional=bool(teams)),
        school_picker(workspace, planner.school_id),
        field_input("day", "Morning of", DatePickerElement(initial_date=today.isoformat())),
    ]  # fmt: skip
    blocks += route_inputs("Stop", "Lunch in the library")
    blocks += [
        text_field("debrief_prompt", "Debrief prompt, shared with the team", multiline=True,
                   max_length=1000),
        text_field("options", "What the team might try, one a line (for the team's vote)",
                   multiline=True, max_length=400,
                   hint="Left empty, the team chooses among the stops' classrooms."),
    ]  # fmt: skip
    return modal(ids.TEAM_VISIT_MODAL, "Plan a team visit", blocks, submit="Plan it")


def team_picker(planner: Member, teams: Sequence[Team]) -> Block:
    """The teams the planner may plan for. A team lead who isn't a coach, leader or admin must
    pick one of theirs, so theirs comes chosen; anyone else may pick none."""
    return single_field(
        "team_id",
        "Team",
        [str(team.id) for team in teams][:100],
        str(teams[0].id) if planner.role not in SCHOOL_WIDE_ROLES else None,
        labels={str(team.id): team.name for team in teams},
        optional=planner.role in SCHOOL_WIDE_ROLES,
    )


def team_visit_planned(visit: GroupVisit) -> str:
    return (
        f"Planned: {morning(visit)}. I've asked each host to confirm their stop, and sent the "
        "team the itinerary; it updates as hosts answer."
    )


def stop_ask(stop: Stop, zone: str) -> Message:
    """The host's one ask: confirm or decline, while the stop is still waiting for them."""
    visit = stop.group_visit
    still = stop.status == StopStatus.ASKED and visit.status == GroupVisitStatus.PLANNED
    buttons = stop_answer_buttons(stop)
    if visit.status == GroupVisitStatus.CANCELLED:
        now_is = context(f"*Update:* :no_entry_sign: this {noun(visit)} was called off.")
    elif stop.status == StopStatus.LAPSED:
        now_is = context("*Update:* no answer came in time, so the planner is finding another "
                         "classroom. Thank you all the same.")  # fmt: skip
    else:
        now_is = context(f"*Update:* you answered; this stop is {stop.status}.")
    group = "A coaching round's group" if visit.kind == GroupVisitKind.ROUND else "A team"
    blocks = about_the_stop(
        stop, zone, f"{group} is visiting {morning(visit)}, and would like to see your class as"
    )
    blocks += [
        SectionBlock(text=debrief_text(visit, zone) + "\nYou're welcome at the debrief."),
        buttons if still else now_is,
    ]
    who = "a coaching round" if visit.kind == GroupVisitKind.ROUND else "a team"
    return compose(f"Could {who} visit your class on {visit.day:%a %b} {visit.day.day}?", blocks)


def stop_answer_buttons(stop: Stop) -> ActionsBlock:
    """A host's one answer, in their ask and on their Home tab alike."""
    return ActionsBlock(elements=[
        ButtonElement(text="Confirm", action_id=ids.TEAM_STOP_CONFIRM, value=str(stop.id),
                      style="primary"),
        ButtonElement(text="Decline", action_id=ids.TEAM_STOP_DECLINE, value=str(stop.id),
                      confirm=ConfirmObject(title="Decline this stop?",
                                            text="I'll let the planner find another classroom.",
                                            confirm="Decline", deny="Keep it")),
    ])  # fmt: skip


def about_the_stop(stop: Stop, zone: str, opening: str) -> list[Block]:
    """What a host reads about their stop in the ask and in the reminder: where it falls on the
    route, who is coming, and for a round what the group looks for and what it keeps."""
    visit = stop.group_visit
    blocks: list[Block] = [
        SectionBlock(
            text=f":school: {opening} stop {stop.position} of their route:\n{stop_line(stop, zone)}"
        ),
        context(team_line(visit)),
    ]
    if visit.kind == GroupVisitKind.ROUND:
        blocks += [
            SectionBlock(text=round_text(visit)),
            context(
                "The group writes descriptive notes about practice, per look-for; they are "
                "never kept with your name or your classroom."
            ),
        ]
    return blocks


def itinerary(
    visit: GroupVisit, zone: str, for_planner: bool, for_participant: bool = False
) -> Message:
    """One message per person, kept current: the route with each host's answer; on a coaching
    round, its problem and look-fors too, and for a participant the way to write notes."""
    cancelled = visit.status == GroupVisitStatus.CANCELLED
    name = noun(visit).capitalize()
    head = f":no_entry_sign: Called off: {noun(visit)}" if cancelled else f":busstop: {name}"
    round_ = visit.kind == GroupVisitKind.ROUND
    blocks: list[Block] = [SectionBlock(text=f"*{head}, {morning(visit)}*")]
    if round_:
        blocks.append(SectionBlock(text=round_text(visit)))
    blocks += [
        SectionBlock(text=route_text(visit, zone, marks=True)),
        SectionBlock(text=debrief_text(visit, zone)),
        context(team_line(visit)),
    ]
    buttons: list[ButtonElement] = []
    if round_ and for_participant and not cancelled:
        buttons.append(ButtonElement(text="Write notes", action_id=ids.ROUND_NOTES,
                                     value=str(visit.id), style="primary"))  # fmt: skip
    if for_planner and not cancelled:
        buttons.append(ButtonElement(
            text="Call it off", action_id=ids.TEAM_CANCEL, value=str(visit.id), style="danger",
            confirm=ConfirmObject(title=f"Call off this {'round' if round_ else 'team visit'}?",
                                  text=f"I'll tell the hosts and the {'group' if round_ else 'team'}.",
                                  confirm="Call it off", deny="Keep it")))  # fmt: skip
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return compose(f"{name}, {morning(visit)}", blocks)


def stop_declined(stop: Stop, zone: str) -> Message:
    """To the planner: a host declined; Replace opens a small modal for that stop."""
    visit = stop.group_visit
    still = stop.status in FREED_STOP_STATUSES and visit.status == GroupVisitStatus.PLANNED
    action: Block = (
        ActionsBlock(elements=[ButtonElement(text="Replace this stop", action_id=ids.TEAM_REPLACE,
                                             value=str(stop.id), style="primary")])
        if still
        else context(f"*Update:* this stop is {stop.status} now.")
    )  # fmt: skip
    why = "didn't answer in time for" if stop.status == StopStatus.LAPSED else "can't host"
    return compose(
        f"{stop.host.name or 'A host'} {why} stop {stop.position}",
        [
            SectionBlock(
                text=f":x: {mention(stop.host.slack_user_id)} {why} stop {stop.position} of "
                f"the {noun(visit)} {morning(visit)}:\n{stop_line(stop, zone)}"
            ),
            action,
        ],
    )


def replace_modal(stop: Stop, zone: str) -> dict:
    local_start = stop.starts_at.astimezone(ZoneInfo(zone))
    local_end = stop.ends_at.astimezone(ZoneInfo(zone))
    blocks: list[Block] = [
        context(
            f"Stop {stop.position} of the {noun(stop.group_visit)} {morning(stop.group_visit)}."
        ),
        field_input("stop_host", "New host", UserSelectElement(placeholder="Choose…")),
        text_field("stop_room", "Room", max_length=120, optional=False),
        field_input("stop_start", "Starts", TimePickerElement(initial_time=f"{local_start:%H:%M}")),
        field_input("stop_end", "Ends", TimePickerElement(initial_time=f"{local_end:%H:%M}")),
    ]
    return modal(ids.TEAM_REPLACE_MODAL, f"Replace stop {stop.position}", blocks,
                 submit="Ask this host", metadata={"stop_id": stop.id})  # fmt: skip


def team_cancelled(visit: GroupVisit, zone: str) -> Message:
    return compose(
        f"The {noun(visit)} {morning(visit)} is called off",
        [
            SectionBlock(
                text=f":no_entry_sign: The {noun(visit)} {morning(visit)} is called off by "
                f"{mention(visit.planner.slack_user_id)}. Nothing else to do."
            )
        ],
    )


def team_closed_day(visit: GroupVisit, zone: str) -> Message:
    """To the planner: the morning's day was just closed to visits; keeping it is theirs to say."""
    text = (
        f":calendar: {morning(visit)} is now a no-visit date at the school. Your {noun(visit)} is "
        "still planned, and nobody has been told otherwise. If it can't go ahead, *Call it off* "
        "on your itinerary tells every host and everyone coming."
    )
    return compose(
        f"The day of your {noun(visit)} is now a no-visit date", [SectionBlock(text=text)]
    )
