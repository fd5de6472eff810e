"""Bolt listeners only: they translate Slack payloads into domain calls and render replies."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    closed_days,
    commands,
    errors,
    followups,
    home,
    installs,
    leadership,
    offers,
    privacy,
    requests,
    rounds,
    setup,
    team_visits,
    teams,
    timetable,
)


def register_listeners(app: App) -> None:
    for module in (
        commands,
        offers,
        requests,
        followups,
        closed_days,
        team_visits,
        rounds,
        leadership,
        privacy,
        setup,
        home,
        installs,
        teams,
        timetable,
        errors,
    ):
        module.register(app)
