"""The setup modal stays within Slack's hundred blocks for the largest district it serves."""

from bot.models import School, Workspace
from bot.views.setup_forms import MAX_STAFF_PICKERS, setup_modal


def test_a_district_of_many_schools_with_user_groups_fits_in_one_modal():
    district = Workspace(
        team_id="T0DISTRICT", timezone="America/New_York", school_days=[0, 1, 2, 3, 4],
        digest_weekday=4, digest_hour=14, visits_channel_id="C0VISITS",
        user_groups=[{"id": "S0STAFF", "name": "staff"}], pd_visit_minutes=45,
        pd_hosted_minutes=45, pd_team_visit_minutes=180, pd_round_minutes=120,
    )  # fmt: skip
    district.schools = [School(id=n, name=f"School {n}") for n in range(MAX_STAFF_PICKERS + 5)]
    view = setup_modal(district, "America/New_York", {}, "")
    assert len(view["blocks"]) <= 100
    assert "/visit setup delete" in str(view["blocks"][-1])
