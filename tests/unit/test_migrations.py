"""The migrations build exactly the schema the models describe, and carry real rows forward."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import inspect, text

from bot.db import make_engine, migrate
from bot.installations import INSTALLATION_TABLES
from bot.models import Base

ROWS_0001 = [
    "INSERT INTO workspaces (id, team_id, visits_channel_id, timezone, school_days, setup_at) "
    "VALUES (1, 'T1', 'C1', 'America/New_York', '[0,1,2,3,4]', :now)",
    "INSERT INTO schools (id, workspace_id, name) VALUES (1, 1, 'Ranson')",
    "INSERT INTO members (id, workspace_id, slack_user_id, name, school_id, role, grades, subjects,"
    " interests) VALUES (1, 1, 'U1', 'host', 1, 'teacher', '[]', '[]', '[]'),"
    " (2, 1, 'U2', 'visitor', 1, 'coach', '[]', '[]', '[]')",
    "INSERT INTO requests (id, workspace_id, visitor_id, school_id, practices, grades, subjects,"
    " window_start, window_end, any_school, notes, status, card_revision, created_at)"
    " VALUES (1, 1, 2, 1, '[]', '[]', '[]', '2026-11-01', '2026-11-20', false, '', 'open', 0, :now)",
    "INSERT INTO offers (id, workspace_id, school_id, host_id, room, starts_at, ends_at, grade,"
    " subject, practices, details, key_moment, seats, seats_taken, approval_required, feedback,"
    " look_fors, video_url, status, card_revision, created_at) VALUES (1, 1, 1, 1, '204', :now,"
    " :now, '', '', '[]', '', '', 2, 1, false, 'warm', '', '', 'open', 0, :now)",
    "INSERT INTO visits (id, workspace_id, offer_id, visitor_id, status, cancel_reason, created_at)"
    " VALUES (1, 1, 1, 2, 'confirmed', '', :now)",
    "INSERT INTO notifications (id, workspace_id, key, kind, recipient, subject_type, payload,"
    " due_at, state, attempts, last_error, created_at) VALUES (1, 1, 'k', 'visit_booked', 'U2',"
    " 'visit', '{}', :now, 'sent', 1, '', :now)",
]


def test_migrations_match_the_models(migrated_url):
    engine = make_engine(migrated_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _not_an_installation_table}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def _not_an_installation_table(name, kind, _parent):
    return not (kind == "table" and name in INSTALLATION_TABLES)


def test_the_installation_tables_hold_every_column_slack_sdk_writes(migrated_url):
    engine = make_engine(migrated_url)
    store = SQLAlchemyInstallationStore(client_id="c", engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=60, engine=engine)
    found = inspect(engine)
    for table in (store.installations, store.bots, states.oauth_states):
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.c.keys())
    engine.dispose()


def test_a_database_with_rows_upgrades_downgrades_and_upgrades_again(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0001")
    with engine.begin() as connection:
        for statement in ROWS_0001:
            connection.execute(
                text(statement), {"now": datetime(2026, 11, 1, 12, tzinfo=UTC).replace(tzinfo=None)}
            )
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(
            text("SELECT digest_weekday, pause_reason FROM workspaces")
        ).one() == (4, "")
        assert connection.execute(
            text("SELECT nudges_muted FROM members WHERE id = 2")
        ).scalar() in (0, False)
        assert connection.execute(text("SELECT status FROM visits")).scalar() == "confirmed"
    migrate(engine, "0001", downgrade=True)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM members")).scalar() == 2
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_messages_owed_under_old_key_shapes_are_owed_once_after_the_upgrade(tmp_path):
    """A host booked before the deploy and again after it gets one day-before reminder."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from bot.domain.outbox import tell
    from bot.models import Notification, Offer, Workspace

    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    migrate(engine, "0002")
    now = datetime(2026, 11, 1, 12, tzinfo=UTC).replace(tzinfo=None)
    legacy = [
        (2, "host_reminder_day_before:offer:1", "host_reminder_day_before", "U1", "offer", 1),
        (3, "nudge_visit:2:2026-W44", "nudge_visit", "U2", "member", 2),
        (4, "approval-ask-dm:1", "approval_ask", "U1", "visit", 1),
        # Owed twice already (once under each shape): the old row goes quiet.
        (5, "follow_up:visit:1", "follow_up", "U2", "visit", 1),
        (6, "follow_up:visit:1:U2", "follow_up", "U2", "visit", 1),
    ]
    with engine.begin() as connection:
        for statement in ROWS_0001[:-1]:
            connection.execute(text(statement), {"now": now})
        for row_id, key, kind, recipient, subject_type, subject_id in legacy:
            connection.execute(
                text(
                    "INSERT INTO notifications (id, workspace_id, key, kind, recipient, subject_type,"
                    " subject_id, payload, due_at, state, attempts, last_error, created_at) VALUES"
                    " (:id, 1, :key, :kind, :to, :type, :sid, '{}', :now, 'pending', 0, '', :now)"
                ),
                {"id": row_id, "key": key, "kind": kind, "to": recipient, "type": subject_type,
                 "sid": subject_id, "now": now},
            )  # fmt: skip
    migrate(engine)
    with Session(engine) as session:
        keys = {n.id: (n.key, n.state) for n in session.scalars(select(Notification))}
        assert keys[2] == ("host_reminder_day_before:offer:1:U1", "pending")
        assert keys[3] == ("nudge_visit:member:2:U2:2026-W44", "pending")
        assert keys[4] == ("approval_ask:visit:1:U1", "pending")
        assert keys[5] == ("follow_up:visit:1", "skipped")
        assert keys[6] == ("follow_up:visit:1:U2", "pending")
        workspace, offer = session.get(Workspace, 1), session.get(Offer, 1)
        aware = now.replace(tzinfo=UTC)
        tell(session, workspace, "host_reminder_day_before", "U1", offer, aware, due_at=aware)
        session.commit()
        reminders = session.scalars(
            select(Notification).where(Notification.kind == "host_reminder_day_before")
        ).all()
        assert len(reminders) == 1
    engine.dispose()


def test_unsent_follow_ups_owed_before_the_upgrade_expire_a_week_after_they_were_due(tmp_path):
    """A follow-up owed before the deploy, then months late, is skipped like one owed after it."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from bot.models import Notification

    engine = make_engine(f"sqlite:///{tmp_path / 'stale.db'}")
    migrate(engine, "0004")
    due = datetime(2026, 12, 8, 15)
    owed = [
        (2, "follow_up:visit:1:U2", "follow_up", "pending"),
        (3, "digest:2:2026-W49", "digest", "pending"),
        (4, "visit_check:visit:1:U2", "visit_check", "sent"),
        (5, "visit_booked:visit:1:U2", "visit_booked", "pending"),
    ]
    with engine.begin() as connection:
        for statement in ROWS_0001[:-1]:
            connection.execute(text(statement), {"now": due})
        for row_id, key, kind, state in owed:
            connection.execute(
                text(
                    "INSERT INTO notifications (id, workspace_id, key, kind, recipient, subject_type,"
                    " subject_id, payload, due_at, state, attempts, last_error, created_at) VALUES"
                    " (:id, 1, :key, :kind, 'U2', 'visit', 1, '{}', :due, :state, 0, '', :due)"
                ),
                {"id": row_id, "key": key, "kind": kind, "state": state, "due": due},
            )
    migrate(engine)
    with Session(engine) as session:
        expires = {n.id: n.expires_at for n in session.scalars(select(Notification))}
    a_week_late = datetime(2026, 12, 15, 15, tzinfo=UTC)
    assert [expires[2], expires[3]] == [a_week_late, a_week_late]
    assert expires[4] is None and expires[5] is None, "sent rows and other kinds are left alone"
    engine.dispose()
