"""Teams as people see them: `/visit teams`, the team modal, and a team lead's weekly digest."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    SectionBlock,
    UserMultiSelectElement,
    UserSelectElement,
)

from bot.domain.team_digest import TeamWeek
from bot.models import GroupVisit, Member, Team
from bot.views import ids
from bot.views.messages import Message, compose, context
from bot.views.modals import field_input, modal, single_field, text_field
from bot.views.text import clip, counted, day_label, escape, mention, what
from bot.vocabulary import TeamKind

KIND_LABELS: dict[str, str] = {
    TeamKind.MULTI_CLASSROOM: "Multi-classroom team",
    TeamKind.GRADE_LEVEL: "Grade-level team",
    TeamKind.FELLOWSHIP: "Fellowship across schools",
    TeamKind.OTHER: "Another kind of team",
}
TEAMS_LISTED = 20  # two blocks each, inside a message's fifty
NAMES_SHOWN = 20


def _people(user_ids: list[str]) -> str:
    shown = ", ".join(mention(user) for user in user_ids[:NAMES_SHOWN])
    rest = len(user_ids) - NAMES_SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown or "nobody yet"


def teams_message(teams: list[Team], reader: Member, manages: bool) -> Message:
    """The reader's teams (every team, for leaders and admins), each with what they may do."""
    blocks: list[Block] = []
    if not teams:
        blocks.append(
            SectionBlock(
                text="There are no teams yet. A team groups a multi-classroom leader with their "
                "teachers, a grade-level team or a fellowship across schools; its lead gets the "
                "team's own weekly digest."
                if manages
                else "You're not in a team yet. Your school leaders set teams up."
            )
        )
    for team in teams[:TEAMS_LISTED]:
        members = [member.slack_user_id for member in team.members]
        text = (
            f"*{escape(team.name)}* · {KIND_LABELS.get(team.kind, 'Team')}\n"
            f"Lead: {mention(team.lead.slack_user_id)} · {counted(len(members), 'member')}: "
            f"{_people(members)}"
        )
        edit = manages or team.lead_id == reader.id
        blocks.append(
            SectionBlock(
                text=clip(text, 3000),
                accessory=ButtonElement(text="Edit", action_id=ids.EDIT_TEAM, value=str(team.id))
                if edit
                else None,
            )
        )
    if len(teams) > TEAMS_LISTED:
        blocks.append(context(f"…and {len(teams) - TEAMS_LISTED} more teams."))
    if manages:
        blocks.append(
            ActionsBlock(
                elements=[ButtonElement(text="New team", action_id=ids.NEW_TEAM, style="primary")]
            )
        )
    return compose("Teams", blocks)


def team_modal(team: Team | None, manages: bool) -> dict:
    """New, or edit: the same fields. A lead editing their own team can't hand it on."""
    lead = team.lead.slack_user_id if team else None
    blocks: list[Block] = [
        text_field(
            "name",
            "Team name",
            initial=team.name if team else "",
            max_length=80,
            optional=False,
            placeholder="6th–7th math team",
        ),
        single_field(
            "kind",
            "Kind of team",
            list(KIND_LABELS),
            team.kind if team else TeamKind.GRADE_LEVEL,
            optional=False,
            labels=KIND_LABELS,
        ),
        field_input(
            "lead",
            "Lead",
            UserSelectElement(placeholder="Choose the lead", initial_user=lead),
            hint="The lead gets the team's weekly digest, and sees who hasn't visited yet."
            if manages
            else "Only a school leader or admin can hand the team to a new lead.",
        ),
        field_input(
            "members",
            "Members",
            UserMultiSelectElement(
                placeholder="Choose people",
                initial_users=[member.slack_user_id for member in team.members] if team else None,
                max_selected_items=100,
            ),
            hint="Teachers, blended-learning teachers, learning coaches: anyone can be in several teams.",
        ),
    ]
    if team is not None and manages:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Delete this team",
                        action_id=ids.DELETE_TEAM,
                        value=str(team.id),
                        style="danger",
                        confirm=ConfirmObject(
                            title="Delete this team?",
                            text=f"“{team.name}” goes. Its people, their visits and reflections stay.",
                            confirm="Delete",
                            deny="Keep it",
                        ),
                    )
                ]
            )
        )
    title = "Edit team" if team else "New team"
    metadata = {"team_id": team.id} if team else None
    return modal(ids.TEAM_MODAL, title, blocks, metadata=metadata)


def team_saved(team: Team) -> str:
    return (
        f":white_check_mark: Saved *{escape(team.name)}*, led by {mention(team.lead.slack_user_id)}, "
        f"with {counted(len(team.members), 'member')}. `/visit teams` shows it."
    )


def team_deleted(name: str) -> str:
    return f"Deleted the team “{escape(name)}”. Its people, their visits and reflections stay."


def _decided(visit: GroupVisit) -> str:
    """The team visit's day and the option with most votes (ties named together), with the count."""
    votes = visit.decision or {}
    most = max(votes.values(), default=0)
    chosen = [escape(option) for option, n in votes.items() if n == most and most > 0]
    day = f"{visit.day:%a %b} {visit.day.day}"
    if not chosen:
        return f"{day}: no votes were cast"
    return f"{day}: {' and '.join(chosen)} ({counted(most, 'vote')} of {sum(votes.values())})"


def team_digest_message(week: TeamWeek, zone: str) -> Message:
    """The lead's view of their team's week; who hasn't visited yet is for the lead alone, and
    the digest goes to no one else."""
    team = week.team
    heading = f"Your team's week: {team.name}"
    inside = "\n".join(
        f"• {day_label(visit.offer.starts_at, zone)}: {mention(visit.visitor.slack_user_id)} "
        f"visited {mention(visit.offer.host.slack_user_id)} · {what(visit.offer)}"
        for visit in week.inside
    )
    more = week.inside_total - len(week.inside)
    if more > 0:
        inside += f"\n…and {more} more"
    blocks: list[Block] = [
        SectionBlock(text=clip(f"*{escape(heading)}*", 3000)),
        SectionBlock(
            text=clip(
                f"*Visits inside the team this week:* {week.inside_total}\n{inside}".strip()
                + f"\n*Coming in the next seven days:* {week.coming}",
                3000,
            )
        ),
        DividerBlock(),
        SectionBlock(
            text=clip(
                f"*Participation, last four weeks* ({week.participation}% of "
                f"{counted(week.size, 'member')})\n*Visited:* {_people(week.visited)}\n"
                f"*Hosted:* {_people(week.hosted)}",
                3000,
            )
        ),
        context(
            clip(
                f"_For your eyes only:_ not yet visiting or hosting: {_people(week.not_yet)}"
                if week.not_yet
                else "Everyone on the team has visited or hosted. Wonderful.",
                3000,
            )
        ),
    ]
    if week.practices:
        lines = [f"{practice}: {counted(n, 'visit')}" for practice, n in week.practices]
        blocks.append(
            SectionBlock(text=clip("*Practices the team went to see*\n" + "\n".join(lines), 3000))
        )
    if week.decisions:
        lines = [f"• {_decided(visit)}" for visit in week.decisions]
        blocks.append(
            SectionBlock(text=clip("*What the team decided to try*\n" + "\n".join(lines), 3000))
        )
    if week.tried:
        lines = [f"{practice}: tried {counted(n, 'time')}" for practice, n in week.tried]
        blocks.append(SectionBlock(text=clip("*Tried after a visit*\n" + "\n".join(lines), 3000)))
    blocks.append(context("Visits are for growth, never evaluation: no scores, no rankings."))
    return compose(heading, blocks)
