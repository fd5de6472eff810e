"""`/visit` and its subcommands. Each acknowledges at once, then opens a modal or answers."""

from __future__ import annotations

from typing import Any, NamedTuple

from slack_bolt import App
from slack_sdk import WebClient

from bot.domain import calendar
from bot.domain.agenda import agenda_for
from bot.domain.bell_schedule import ensure_may_edit, school_named
from bot.domain.check_ins import SCHEDULE, next_day, own_check_ins, starts_at
from bot.domain.digest import build_digest
from bot.domain.erase import what_goes
from bot.domain.errors import DomainError
from bot.domain.export import export_for
from bot.domain.members import needs_welcome
from bot.domain.nudges import set_muted
from bot.domain.open_doors import upcoming_offers
from bot.domain.pd_hours import ensure_may_set_minutes, record_for, school_records
from bot.domain.prefill import read_offer_text
from bot.domain.rounds import OPEN_A_ROUND, earlier_rounds
from bot.domain.team_digest import build_team_week
from bot.domain.team_visits import ensure_may_plan, teams_to_plan_for
from bot.domain.teams import led_by, may_manage, teams_seen_by
from bot.domain.videos import find_videos
from bot.domain.walk_throughs import ensure_leads, last_look_fors, recent_walk_throughs
from bot.domain.workspaces import ensure_may_run_setup, find_workspace, saved_setup
from bot.services import Services
from bot.views import forms, ids, leadership, rounds, setup_forms, team_visits
from bot.views.agenda import MAX_LISTED, list_message, mine_message
from bot.views.bell_schedule import bells_modal
from bot.views.csv_files import FilesMessage
from bot.views.digest import digest_message
from bot.views.export import export_comment, export_files
from bot.views.messages import Message
from bot.views.notices import help_message, notice, welcome_message
from bot.views.pd_hours import (
    hours_message,
    my_hours_file,
    school_hours_file,
    school_minutes_modal,
)
from bot.views.privacy import erase_message, forget_me_message, forget_usage
from bot.views.teams import team_digest_message, teams_message
from bot.views.videos import videos_message
from bot.vocabulary import SCHOOL_WIDE_ROLES
from handlers.shell import Acting, Work, after_ack, opens, says, sends_files
from handlers.slack_io import clean_text, reply, team_id, user


def register(app: App) -> None:
    """Subcommands that open a modal get the modal lane: their trigger expires in 3 seconds."""
    app.command("/visit", matchers=[opens_a_modal])(
        **after_ack(run, modal=True, then=(welcome_newcomer,))
    )
    app.command("/visit")(**after_ack(run))
    app.action(ids.PD_HOURS_CSV)(**after_ack(sends_files(my_hours_csv)))


def opens_a_modal(body: dict[str, Any]) -> bool:
    """The modal lane's matcher: every other `/visit` is answered on the ordinary one."""
    return _route(body).modal


def run(body: dict[str, Any], client: WebClient, services: Services) -> None:
    _route(body).work(body, client, services)


def welcome_newcomer(body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Someone offering or asking before they filled in their profile gets a way to it."""
    if _subcommand(body)[0] not in ("offer", "request"):
        return
    with services.unit_of_work() as session:
        welcome = needs_welcome(session, team_id(body), user(body)[0])
    if welcome:
        reply(client, body, welcome_message())


def _route(body: dict[str, Any]) -> Route:
    """The row for the subcommand and the first word after it, else the subcommand's own row
    (`ANYTHING`), else help. A row that is `exact` is for its word alone: with more words after
    it, the subcommand's own row answers."""
    name, rest = _subcommand(body)
    word = rest.lower().partition(" ")[0]
    route = ROUTES.get((name, word))
    if route is None or (route.exact and rest.lower() != word):
        route = ROUTES.get((name, ANYTHING))
    return route or HELP


def _subcommand(body: dict[str, Any]) -> tuple[str, str]:
    name, _, rest = str(body.get("text") or "").strip().partition(" ")
    return name.lower(), rest.strip()


def show_help(body: dict[str, Any], client: WebClient, services: Services) -> None:
    reply(client, body, help_message())


def open_setup(body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Before any workspace exists only a Slack admin may run setup, so Slack is asked first."""
    user_id, _ = user(body)
    profile = client.users_info(user=user_id)["user"]
    slack_admin = bool(profile.get("is_admin") or profile.get("is_owner"))
    with services.unit_of_work() as session:
        ensure_may_run_setup(session, team_id(body), user_id, slack_admin)
        workspace = find_workspace(session, team_id(body))
        roles, closed = saved_setup(session, workspace)
        view = setup_forms.setup_modal(
            workspace, services.settings.opendoor_timezone, roles, closed, slack_admin
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def pd_minutes_modal(act: Acting) -> dict[str, Any]:
    """`/visit hours minutes [school]`: a school's own PD minutes, for its leaders and admins."""
    ensure_may_set_minutes(act.member, None)
    words = _rest(act).partition(" ")[2]
    school = school_named(act.workspace, act.member, words, "/visit hours minutes")
    if isinstance(school, str):
        raise DomainError(school)
    ensure_may_set_minutes(act.member, school)
    return school_minutes_modal(act.workspace, school)


def bell_schedule_modal(act: Acting) -> dict[str, Any]:
    """`/visit bells [school]`: the named school's, else the person's own, else the only one."""
    school = school_named(act.workspace, act.member, _rest(act))
    if isinstance(school, str):
        raise DomainError(school)
    ensure_may_edit(act.member, school)
    return bells_modal(act.workspace, school)


def profile_modal(act: Acting) -> dict[str, Any]:
    return setup_forms.profile_modal(act.workspace, act.member)


def offer_modal(act: Acting) -> dict[str, Any]:
    """`/visit offer tue 10:15 room 204 …` fills in what it understood."""
    today = calendar.local_today(act.workspace, act.now)
    return forms.offer_modal(act.workspace, act.member, read_offer_text(_rest(act), today))


def request_modal(act: Acting) -> dict[str, Any]:
    return forms.request_modal(act.member, calendar.local_today(act.workspace, act.now))


def team_visit_modal(act: Acting) -> dict[str, Any]:
    """`/visit team`: coaches, leaders, admins and team leads plan a team's morning in one
    modal; a team picked there brings all its people at once."""
    teams = teams_to_plan_for(act.session, act.workspace, act.member)
    ensure_may_plan(act.member, teams)
    today = calendar.local_today(act.workspace, act.now)
    return team_visits.team_visit_modal(act.workspace, act.member, today, teams)


def round_modal(act: Acting) -> dict[str, Any]:
    """`/visit round`: coaches, leaders, admins and team leads open a coaching round in one
    modal; a team picked there brings all its people at once."""
    teams = teams_to_plan_for(act.session, act.workspace, act.member)
    ensure_may_plan(act.member, teams, OPEN_A_ROUND)
    return rounds.round_modal(
        act.workspace,
        act.member,
        calendar.local_today(act.workspace, act.now),
        earlier_rounds(act.session, act.workspace, act.member),
        teams,
    )


def walk_through_modal(act: Acting) -> dict[str, Any]:
    """`/visit walkthrough`: a leader's own record of classrooms walked, look-fors prefilled."""
    ensure_leads(act.member, "keep walk-throughs")
    return leadership.walk_through_modal(last_look_fors(act.session, act.workspace, act.member))


def check_in_modal(act: Acting) -> dict[str, Any]:
    """`/visit checkin`: a recurring check-in on a school's goals."""
    ensure_leads(act.member, SCHEDULE)
    return leadership.check_in_modal(act.workspace, act.member.school_id)


def check_ins_listed(act: Acting) -> Message:
    """`/visit checkins`: the leader's running check-ins, each with *Stop*."""
    running = own_check_ins(act.session, act.workspace, act.member)
    upcoming = [starts_at(act.workspace, c, next_day(act.workspace, c, act.now)) for c in running]
    return leadership.check_ins_message(running, upcoming, act.workspace.timezone)


def erase_preview(act: Acting) -> Message:
    """`/visit setup delete`: what goes, and the admin's button behind a confirmation."""
    return erase_message(what_goes(act.session, act.workspace, act.member))


def walk_throughs_listed(act: Acting) -> Message:
    """`/visit walkthroughs`: the leader's own recent walk-throughs, to them alone."""
    walks = recent_walk_throughs(act.session, act.workspace, act.member)
    return leadership.walk_throughs_message(walks, act.workspace.timezone)


def doors_listed(act: Acting) -> Message:
    """`/visit list [words]`: upcoming open doors, those matching the words if any."""
    words = _rest(act)
    offers = upcoming_offers(act.session, act.workspace, act.now, words, limit=MAX_LISTED + 1)
    return list_message(offers, act.member, words, act.workspace.timezone, act.now)


def videos_listed(act: Acting) -> Message:
    """`/visit videos [words]`: the video links hosts shared, by practice, past doors included."""
    words = clean_text(_rest(act))
    videos = find_videos(act.session, act.workspace, words)
    return videos_message(videos, words, act.workspace.timezone)


def my_agenda(act: Acting) -> Message:
    agenda = agenda_for(act.session, act.workspace, act.member, act.now)
    return mine_message(agenda, act.member, act.workspace.timezone)


def nudges_set(act: Acting) -> Message:
    wanted = _rest(act).lower()
    if wanted not in ("on", "off"):
        return notice("Use `/visit nudges off` to stop nudges, `/visit nudges on` to resume.")
    set_muted(act.member, wanted == "off")
    return notice(
        "Nudges are off. Reminders about visits you booked still come."
        if wanted == "off"
        else "Nudges are on."
    )


def my_digest(act: Acting) -> Message:
    """A coach's or leader's digest of their schools; a team lead's of their team."""
    led = led_by(act.session, act.member)
    if act.member.role not in SCHOOL_WIDE_ROLES and led:
        week = build_team_week(act.session, led[0], act.now)
        return team_digest_message(week, act.workspace.timezone)
    digest = build_digest(act.session, act.workspace, act.member, act.timing, act.now)
    return digest_message(digest, act.workspace.timezone)


def teams_listed(act: Acting) -> Message:
    """`/visit teams`: the reader's teams, or every team for leaders and admins."""
    teams = teams_seen_by(act.session, act.workspace, act.member)
    return teams_message(teams, act.member, may_manage(act.member))


def exported(act: Acting) -> FilesMessage:
    """`/visit export`: the reader's schools' visits, open doors and requests as CSV files."""
    export = export_for(act.session, act.workspace, act.member)
    today = calendar.local_today(act.workspace, act.now)
    return FilesMessage(export_files(export, today), export_comment(export))


def my_hours(act: Acting) -> Message:
    """`/visit hours`: the member's own completed record this school year, never beside others'."""
    return hours_message(record_for(act.session, act.workspace, act.member, act.now))


def my_hours_csv(act: Acting) -> FilesMessage:
    """`/visit hours csv` or *Export CSV*: the member's own record as a file."""
    record = record_for(act.session, act.workspace, act.member, act.now)
    return my_hours_file(record, calendar.local_today(act.workspace, act.now))


def school_hours_csv(act: Acting) -> FilesMessage:
    """`/visit hours school`: a leader's or admin's school, one line per member, A to Z."""
    scope, records = school_records(act.session, act.workspace, act.member, act.now)
    return school_hours_file(scope, records, calendar.local_today(act.workspace, act.now))


def hours_help(body: dict[str, Any], client: WebClient, services: Services) -> None:
    reply(client, body, notice(
        "Use `/visit hours` for your PD hours, `/visit hours csv` for them as a file, "
        "`/visit hours school` (leaders and admins) for your school's, or `/visit hours minutes` "
        "(leaders and admins) to set what your school's visits count for."
    ))  # fmt: skip


def forget_asked(act: Acting) -> Message:
    """`/visit forget me` exactly: what goes and what stays, behind a confirmed button."""
    return forget_me_message() if _rest(act).lower() == "me" else forget_usage()


def _rest(act: Acting) -> str:
    return _subcommand(act.body)[1]


class Route(NamedTuple):
    """What a subcommand does, and whether it opens a modal (and so takes the modal lane)."""

    work: Work
    modal: bool = False
    exact: bool = False  # for the key's word alone, nothing after it


ANYTHING = None  # a subcommand's own row: whatever follows it, unless a row names that word
HELP = Route(show_help)
ROUTES: dict[tuple[str, str | None], Route] = {
    ("setup", ANYTHING): Route(open_setup, modal=True),
    ("setup", "delete"): Route(says(erase_preview), exact=True),  # what deleting removes
    ("profile", ANYTHING): Route(opens(profile_modal), modal=True),
    ("offer", ANYTHING): Route(opens(offer_modal), modal=True),
    ("request", ANYTHING): Route(opens(request_modal), modal=True),
    ("team", ANYTHING): Route(opens(team_visit_modal), modal=True),
    ("round", ANYTHING): Route(opens(round_modal), modal=True),
    ("bells", ANYTHING): Route(opens(bell_schedule_modal), modal=True),
    ("walkthrough", ANYTHING): Route(opens(walk_through_modal), modal=True),
    ("checkin", ANYTHING): Route(opens(check_in_modal), modal=True),
    ("help", ANYTHING): HELP,
    ("list", ANYTHING): Route(says(doors_listed)),
    ("videos", ANYTHING): Route(says(videos_listed)),
    ("mine", ANYTHING): Route(says(my_agenda)),
    ("nudges", ANYTHING): Route(says(nudges_set)),
    ("digest", ANYTHING): Route(says(my_digest)),
    ("teams", ANYTHING): Route(says(teams_listed)),
    ("walkthroughs", ANYTHING): Route(says(walk_throughs_listed)),
    ("checkins", ANYTHING): Route(says(check_ins_listed)),
    ("export", ANYTHING): Route(sends_files(exported)),
    ("hours", ""): Route(says(my_hours)),
    ("hours", "csv"): Route(sends_files(my_hours_csv), exact=True),
    ("hours", "school"): Route(sends_files(school_hours_csv), exact=True),
    ("hours", "minutes"): Route(opens(pd_minutes_modal), modal=True),
    ("hours", ANYTHING): Route(hours_help),
    ("forget", ANYTHING): Route(says(forget_asked)),
}
