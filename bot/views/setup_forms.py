"""Who's who: the workspace's setup, which an admin fills in, and each member's profile.

Setup decides where Open Door posts, which schools and roles exist, the school calendar and when
the digest goes out; a profile says where a member teaches and what they'd like to see, which
feeds matches and nudges. Each block id is the domain form field it feeds, so errors map back."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    MarkdownTextObject,
    SectionBlock,
    UserMultiSelectElement,
)

from bot.domain.catalogue import GRADES, PRACTICES, SUBJECTS, TIMEZONES, WEEKDAYS
from bot.domain.host_load import LIMIT_CHOICES, NO_LIMIT, limit_choice
from bot.domain.pd_hours import (
    DEFAULT_MINUTES,
    MINUTE_CHOICES,
    ONE_NAMES,
    PdKind,
    minutes_per_kind,
)
from bot.models import Member, Workspace
from bot.views import ids
from bot.views.bell_schedule import my_periods
from bot.views.messages import context
from bot.views.modals import (
    chosen,
    field_input,
    modal,
    multi_field,
    options,
    school_picker,
    single_field,
    text_field,
)


def _where(workspace: Workspace | None) -> list[Block]:
    """The channel Open Door posts in and the schools it serves."""
    schools = "\n".join(school.name for school in workspace.schools) if workspace else ""
    channel = ConversationSelectElement(
        placeholder="Pick a channel",
        initial_conversation=workspace.visits_channel_id if workspace else None,
        filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
    )
    return [
        SectionBlock(
            text="Set up Open Door for your schools. You can run `/visit setup` again to change anything."
        ),
        field_input(
            "channel",
            "Visits channel",
            channel,
            hint="Open doors and requests are posted here. I'll join it. For a private channel, invite me first.",
        ),
        text_field(
            "schools",
            "Schools",
            initial=schools,
            multiline=True,
            max_length=3000,
            optional=False,
            hint="One per line. A one-school workspace needs just its name.",
        ),
    ]


def _roles(roles: dict[str, list[str]]) -> list[Block]:
    """Roles come only from here, so nobody can give themselves the digest."""
    return [
        field_input(
            "coaches",
            "Coaches and multi-classroom leaders",
            UserMultiSelectElement(
                placeholder="Choose people", initial_users=roles.get("coach") or None
            ),
            optional=True,
            hint="They get the weekly digest and help match requests.",
        ),
        field_input(
            "leaders",
            "School leaders",
            UserMultiSelectElement(
                placeholder="Choose people", initial_users=roles.get("leader") or None
            ),
            optional=True,
        ),
        field_input(
            "cover_coordinators",
            "Coverage coordinators",
            UserMultiSelectElement(
                placeholder="Choose people", initial_users=roles.get("cover") or None
            ),
            optional=True,
            hint="Each gets one list a school day of the visits that need a class covered, the "
            "school day before. Their profile's school says whose; none, every school's.",
        ),
    ]


# Two pickers a school, inside a modal's hundred blocks beside the rest of setup.
MAX_STAFF_PICKERS = 40
ROSTER_PROBLEMS = {
    "channel_not_found": "I couldn't read this channel's members: if it's private, invite @Open Door to it.",
    "not_in_channel": "I couldn't read this channel's members: invite @Open Door to it.",
    "no_such_subteam": "That user group is gone. Pick another one.",
}


def _staff_lists(workspace: Workspace | None) -> list[Block]:
    """Where each school's staff list comes from: whom participation counts and who gets one
    invitation. Saved schools only, so a first setup asks for their names first."""
    if workspace is None or not workspace.schools:
        return [context("After you save, run setup again to pick each school's staff list.")]
    lone = len(workspace.schools) == 1
    blocks: list[Block] = [
        SectionBlock(
            text="*Staff lists.* The digest counts participation against them, and staff who "
            "haven't tried Open Door get one invitation. Bots, guests and deactivated accounts "
            "are left out."
            + (" Without a pick, the visits channel's members are the staff." if lone else "")
        )
    ]
    groups = {group["id"]: group["name"] for group in workspace.user_groups or []}
    for school in workspace.schools[:MAX_STAFF_PICKERS]:
        problem = ROSTER_PROBLEMS.get(school.roster_problem) if school.roster_problem else None
        blocks.append(
            field_input(
                f"staff_channel_{school.id}",
                f"{school.name}: staff channel",
                ConversationSelectElement(
                    placeholder="Pick a channel",
                    initial_conversation=school.staff_channel_id,
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                ),
                optional=True,
                hint=problem,
            )
        )
        if groups:
            blocks.append(
                single_field(
                    f"staff_group_{school.id}",
                    f"{school.name}: or a user group",
                    list(groups)[:100],
                    school.staff_usergroup_id,
                    labels=groups,
                )
            )
    if len(workspace.schools) > MAX_STAFF_PICKERS:
        blocks.append(
            context(
                f"Schools after the first {MAX_STAFF_PICKERS} count the members who chose them."
            )
        )
    return blocks


def _calendar(workspace: Workspace | None, default_zone: str, no_visit_text: str) -> list[Block]:
    """The school calendar: the zone times are entered in, school days and no-visit dates."""
    zone = workspace.timezone if workspace else default_zone
    zones = list(TIMEZONES) if zone in TIMEZONES else [zone, *TIMEZONES]
    day_options = options(
        [str(n) for n in range(7)], {str(n): day for n, day in enumerate(WEEKDAYS)}
    )
    days = workspace.school_days if workspace else [0, 1, 2, 3, 4]
    return [
        single_field("timezone", "Time zone", zones, zone, optional=False),
        field_input(
            "school_days",
            "School days",
            CheckboxesElement(
                options=day_options,
                initial_options=chosen(day_options, [str(day) for day in days]),
            ),
            optional=True,
        ),
        text_field(
            "no_visit_dates",
            "No-visit dates",
            initial=no_visit_text,
            multiline=True,
            max_length=3000,
            hint="One date or range per line, like 2026-12-21 to 2027-01-01 (testing days, holidays).",
        ),
    ]


def _digest_time(workspace: Workspace | None) -> list[Block]:
    """When coaches and leaders get the weekly digest: a school day and hour."""
    return [
        single_field(
            "digest_weekday",
            "Weekly digest day",
            [str(n) for n in range(5)],
            str(workspace.digest_weekday if workspace else 4),
            optional=False,
            labels={str(n): day for n, day in enumerate(WEEKDAYS[:5])},
        ),
        single_field(
            "digest_hour",
            "Weekly digest time",
            [str(hour) for hour in range(6, 19)],
            str(workspace.digest_hour if workspace else 14),
            optional=False,
            labels={str(hour): f"{hour:02d}:00" for hour in range(6, 19)},
        ),
    ]


def _pd_minutes(workspace: Workspace | None) -> list[Block]:
    """What each kind of completed visit counts for toward PD hours, unless a school's leaders
    set their own (`/visit hours minutes`)."""
    minutes = minutes_per_kind(workspace) if workspace else DEFAULT_MINUTES
    return [
        single_field(
            f"pd_{kind}",
            f"PD minutes per {ONE_NAMES[kind]}",
            [str(m) for m in MINUTE_CHOICES],
            str(minutes[kind]),
            optional=False,
            labels={str(m): f"{m} min" for m in MINUTE_CHOICES},
        )
        for kind in PdKind
    ]


def setup_modal(
    workspace: Workspace | None,
    default_zone: str,
    roles: dict[str, list[str]],
    no_visit_text: str,
    slack_admin: bool = False,
) -> dict:
    """`workspace` is None at the first setup, so every input starts from a sensible default.
    `slack_admin` is what Slack said of the person as the modal opened: the submission reads it
    back from the modal (Slack signs what it sends, so nobody can change it) rather than asking
    Slack again before it answers."""
    blocks = [
        *_where(workspace),
        *_roles(roles),
        *_staff_lists(workspace),
        *_calendar(workspace, default_zone, no_visit_text),
        *_digest_time(workspace),
        *_pd_minutes(workspace),
    ]
    if workspace is not None:
        blocks.append(
            context("To delete all of this workspace's data, an admin runs `/visit setup delete`.")
        )
    return modal(ids.SETUP_MODAL, "Set up Open Door", blocks, metadata={"slack_admin": slack_admin})


def profile_modal(workspace: Workspace, member: Member) -> dict:
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Your role: *{member.role}*. Roles are set by your admin in `/visit setup`."
                )
            ]
        ),
        school_picker(workspace, member.school_id),
        multi_field("grades", "Grades I teach", GRADES, member.grades),
        multi_field("subjects", "Subjects I teach", SUBJECTS, member.subjects),
        multi_field(
            "interests",
            "Practices I'd like to see",
            PRACTICES,
            member.interests,
            hint="I'll point you to open doors that match.",
        ),
        *my_periods(member.school, member),
        single_field(
            "hosting",
            "Visits I'm glad to host",
            LIMIT_CHOICES,
            limit_choice(member),
            labels={choice: _per(choice) for choice in LIMIT_CHOICES},
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        "Doors beyond it stay open; suggestions just send colleagues to other classrooms "
                        "first."
                    )
                )
            ]
        ),
    ]
    return modal(ids.PROFILE_MODAL, "Your profile", blocks)


def _per(choice: str) -> str:
    if choice == NO_LIMIT:
        return "No limit"
    count, period = choice.split("/")
    return f"{count} a {period}"
