"""Setup and profile modals: an admin configures the workspace, a member describes themselves."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.closed_days import save_setup
from bot.domain.errors import FieldErrors
from bot.domain.installs import note_org
from bot.domain.members import ProfileForm, save_profile
from bot.domain.pd_hours import DEFAULT_MINUTES, PdKind, save_school_minutes
from bot.domain.workspaces import SetupForm, ensure_may_run_setup, require_workspace
from bot.services import Services
from bot.views import ids
from bot.views.closed_days import setup_saved
from bot.views.notices import notice_modal
from bot.views.pd_hours import AS_SETUP, school_minutes_saved
from handlers.shell import acting
from handlers.slack_io import (
    enterprise_id,
    form_id,
    form_number,
    form_numbers,
    form_values,
    metadata,
    team_id,
    user,
)

CHANNEL_HINTS = {
    "method_not_supported_for_channel_type": "That's a private channel: invite @Open Door to it first, then pick it again.",
    "is_archived": "That channel is archived. Pick another one.",
    "channel_not_found": "I can't find that channel. Pick another one.",
}


def register(app: App) -> None:
    app.view(ids.SETUP_MODAL)(submit_setup)
    app.view(ids.PROFILE_MODAL)(submit_profile)
    app.view(ids.PD_MINUTES_MODAL)(submit_pd_minutes)


def submit_setup(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Whether the person is a Slack admin was asked of Slack as the modal opened (its
    metadata), so the answer waits on one Slack call only: joining the channel."""
    values = form_values(body["view"])
    form = SetupForm(
        channel_id=values.get("channel"),
        schools=values.get("schools") or "",
        coaches=values.get("coaches") or [],
        leaders=values.get("leaders") or [],
        cover_coordinators=values.get("cover_coordinators") or [],
        timezone=values.get("timezone") or services.settings.opendoor_timezone,
        school_days=form_numbers(values, "school_days"),
        no_visit_dates=values.get("no_visit_dates") or "",
        digest_weekday=form_number(values, "digest_weekday", 4),
        digest_hour=form_number(values, "digest_hour", 14),
        staff_channels=staff_picks(values, "staff_channel_"),
        staff_groups=staff_picks(values, "staff_group_"),
        pd_minutes={
            kind: form_number(values, f"pd_{kind}", minutes)
            for kind, minutes in DEFAULT_MINUTES.items()
            if values.get(f"pd_{kind}") not in (None, "")
        },
    )
    user_id, _ = user(body)
    slack_admin = metadata(body).get("slack_admin") is True
    with services.unit_of_work() as session:
        ensure_may_run_setup(session, team_id(body), user_id, slack_admin)
    if form.channel_id:
        join_channel(client, form.channel_id)
    with services.unit_of_work() as session:
        closed = save_setup(
            session, team_id(body), user_id, form, services.clock(), services.timing
        )
        note_org(require_workspace(session, team_id(body)), enterprise_id(body))
    if closed.doors or closed.group_visits:
        ack(response_action="update", view=notice_modal(setup_saved(closed)))
    else:
        ack()


def staff_picks(values: dict[str, Any], prefix: str) -> dict[int, str]:
    """Each school's pick, by the school id in its block id; the domain checks both belong."""
    picks = {}
    for block_id, value in values.items():
        if block_id.startswith(prefix):
            school_id = form_id({block_id: block_id.removeprefix(prefix)}, block_id)
            if school_id is not None:
                picks[school_id] = value if isinstance(value, str) else ""
    return picks


def join_channel(client: WebClient, channel_id: str) -> None:
    """Join before saving, so a channel I can't post in is a field error, not a surprise later."""
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        code = error.response.get("error", "")
        if code == "method_not_supported_for_channel_type" and _already_member(client, channel_id):
            return
        raise FieldErrors(
            {"channel": CHANNEL_HINTS.get(code, f"I couldn't join that channel ({code}).")}
        ) from error


def _already_member(client: WebClient, channel_id: str) -> bool:
    try:
        return bool(client.conversations_info(channel=channel_id)["channel"].get("is_member"))
    except SlackApiError:
        return False


def submit_profile(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    form = ProfileForm(
        school_id=form_id(values, "school"),
        grades=values.get("grades") or [],
        subjects=values.get("subjects") or [],
        interests=values.get("interests") or [],
        hosting=values.get("hosting"),
        planning_periods=values.get("planning_periods") or [],
        teaching_periods=values.get("teaching_periods") or [],
    )
    with acting(services, body) as act:
        save_profile(act.session, act.workspace, act.member, form, act.now)
    ack()


def submit_pd_minutes(ack: Ack, body: dict[str, Any], services: Services) -> None:
    values = form_values(body["view"])
    picked = {
        kind: (None if values.get(f"pd_{kind}") == AS_SETUP else values.get(f"pd_{kind}"))
        for kind in PdKind
    }
    with acting(services, body) as act:
        school, minutes = save_school_minutes(
            act.workspace, act.member, metadata(body).get("school_id"), picked
        )
        text = school_minutes_saved(school, minutes)
    ack(response_action="update", view=notice_modal(text))
