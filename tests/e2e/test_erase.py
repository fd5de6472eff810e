"""Issue 12: an admin deletes all of their workspace's data from setup, after a confirmation
that names what goes; another workspace's rows are not touched, and setup starts afresh."""

from sqlalchemy import func, select

from bot.models import Base, Member, Notification, School, Workspace
from tests.people import ADMIN, HOST, VISITOR, book, open_door, set_up

OTHER_TEAM = "T0OTHER"


def other_workspace(stage):
    """A second school district's rows in the same database, as a multi-workspace deployment
    holds them."""
    with stage.services.session_factory() as session:
        other = Workspace(team_id=OTHER_TEAM, timezone="America/Chicago")
        session.add(other)
        session.flush()
        session.add(School(workspace_id=other.id, name="Lincoln Elementary"))
        session.add(Member(workspace_id=other.id, slack_user_id="U0ELSEWHERE", name="else"))
        session.commit()


def rows_of(stage, team_id):
    """How many rows each table holds for the workspace of `team_id`."""
    with stage.services.session_factory() as session:
        workspace_id = session.scalar(select(Workspace.id).where(Workspace.team_id == team_id))
        counts = {}
        for table in Base.metadata.sorted_tables:
            if "workspace_id" in table.c:
                counts[table.name] = session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.workspace_id == workspace_id)
                )
        return workspace_id, counts


def test_an_admin_deletes_all_of_the_workspaces_data_and_nothing_of_another(stage):
    set_up(stage)
    book(stage, VISITOR, open_door(stage))
    other_workspace(stage)
    _, before = rows_of(stage, OTHER_TEAM)
    stage.send.command(HOST, "setup delete")
    stage.settle()
    assert "Only a workspace admin" in stage.slack.ephemerals(HOST)[-1].plain()
    stage.send.command(ADMIN, "setup delete")
    stage.settle()
    shown = stage.slack.ephemerals(ADMIN)[-1]
    assert "1 open door" in shown.plain() and "1 visit," in shown.plain()
    (button,) = [e for b in shown.blocks for e in b.get("elements", []) if e.get("confirm")]
    assert button["confirm"]["confirm"]["text"] == "Delete it all", "asked before it deletes"
    assert rows_of(stage, "T0SCHOOL")[0] is not None, "nothing goes before the click"
    stage.send.click(ADMIN, "erase_workspace", message=shown)
    stage.settle()
    assert "Deleted all of this workspace's data" in stage.slack.ephemerals(ADMIN)[-1].plain()
    workspace_id, _ = rows_of(stage, "T0SCHOOL")
    assert workspace_id is None
    with stage.services.session_factory() as session:
        left = session.scalar(select(func.count()).select_from(Notification).where(
            Notification.recipient.in_((ADMIN, HOST, VISITOR))))  # fmt: skip
    assert left == 0
    assert rows_of(stage, OTHER_TEAM)[1] == before, "another workspace keeps every row"
    stage.send.command(HOST, "list")
    stage.settle()
    assert "isn't set up in this workspace yet" in stage.slack.ephemerals(HOST)[-1].plain()
    set_up(stage)
    stage.send.command(HOST, "list")
    stage.settle()
    assert "isn't set up" not in stage.slack.ephemerals(HOST)[-1].plain(), "setup starts afresh"
