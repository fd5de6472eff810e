"""A digest costs the same number of SQL statements in a small district as in a larger one, so
a district of 100 schools gets its digests as quickly as a single school (counted, not timed)."""

from datetime import UTC, datetime

from bot.db import make_engine
from scripts.district import fill_district, measure_digests

FRIDAY_AFTERNOON = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)


def test_statements_per_digest_do_not_grow_with_the_district(database_url):
    engine = make_engine(database_url)
    sizes = {
        "T0SMALL": dict(schools=2, members=40, visits=150, reflections=60, notifications=20),
        "T0LARGE": dict(schools=6, members=400, visits=1500, reflections=600, notifications=200),
    }
    statements = {}
    for team_id, size in sizes.items():
        fill_district(engine, team_id=team_id, now=FRIDAY_AFTERNOON, **size)
        run = measure_digests(engine, team_id, FRIDAY_AFTERNOON)
        assert run.digests == 2 * size["schools"] + 2, (
            "a coach and a leader per school, two for all"
        )
        statements[team_id] = sorted(set(run.statements))
    engine.dispose()
    assert statements["T0SMALL"] == statements["T0LARGE"]
