"""The rows of a made-up district, made in memory for scripts/district.py to write in bulk.

Each method makes one table's rows as dicts with their ids already chosen, so rows can point at
each other without reading them back, and with statuses that fit their time: past visits mostly
completed, coming ones mostly confirmed. One seeded random source makes them all, so a seed
always gives the same district.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.catalogue import GRADES, PRACTICES, SUBJECTS
from bot.models import Member, Notification, Offer, Reflection, Request, School, Visit, Workspace

ZONE = "America/New_York"
CHANNEL = "C0DISTRICT"
PAST_DAYS, COMING_DAYS = 180, 28
DUE_NOW = 50
FIRST = ("Ada", "Bea", "Cal", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
         "Max", "Nia", "Omar", "Pia", "Quin", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wren", "Yara")  # fmt: skip
LAST = ("Abara", "Brook", "Chen", "Diaz", "Evans", "Fox", "Garcia", "Haddad", "Ito", "Jones",
        "Kim", "Lopez", "Moreau", "Nguyen", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tran")  # fmt: skip


class DistrictRows:
    """Rows around `now`, ids counted on from `first_ids` (one past the rows already stored)."""

    def __init__(self, rng: random.Random, now: datetime, first_ids: dict[type, int]) -> None:
        self.rng, self.now = rng, now
        self.zone = ZoneInfo(ZONE)
        self.next_id = dict(first_ids)

    def ids(self, model: type, count: int) -> range:
        first = self.next_id[model]
        self.next_id[model] = first + count
        return range(first, first + count)

    def workspace(self, team_id: str) -> dict[str, Any]:
        """One workspace, set up: its visits channel, time zone, school days and digest time."""
        (workspace_id,) = self.ids(Workspace, 1)
        return {
            "id": workspace_id, "team_id": team_id, "visits_channel_id": CHANNEL,
            "timezone": ZONE, "school_days": [0, 1, 2, 3, 4], "setup_at": self.now,
            "digest_weekday": 4, "digest_hour": 14, "pause_reason": "", "channel_problem": "",
        }  # fmt: skip

    def schools(self, workspace_id: int, count: int) -> list[dict]:
        return [{"id": school_id, "workspace_id": workspace_id, "name": f"School {n + 1:03d}"}
                for n, school_id in enumerate(self.ids(School, count))]  # fmt: skip

    def members(self, workspace_id: int, school_ids: list[int], count: int) -> list[dict]:
        """A coach and a leader per school, two district coaches without a school, one admin."""
        rows = []
        for n, member_id in enumerate(self.ids(Member, count)):
            school_id: int | None = school_ids[n % len(school_ids)]
            role = "teacher"
            if n < 2 * len(school_ids):
                role = "coach" if n < len(school_ids) else "leader"
            elif n < 2 * len(school_ids) + 2:
                role, school_id = "coach", None
            elif n == 2 * len(school_ids) + 2:
                role = "admin"
            rows.append({
                "id": member_id, "workspace_id": workspace_id, "slack_user_id": f"U{member_id:08d}",
                "name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}", "school_id": school_id,
                "role": role, "grades": self.rng.sample(GRADES, 2),
                "subjects": self.rng.sample(SUBJECTS, 1),
                "interests": self.rng.sample(PRACTICES, self.rng.randint(0, 3)),
                "profile_saved_at": self.now - timedelta(days=self.rng.randint(1, 300)),
                "nudges_muted": self.rng.random() < 0.05, "undeliverable": "",
            })  # fmt: skip
        return rows

    def requests(
        self, workspace_id: int, teachers: dict[int, list[dict]], coaches: list[dict], count: int
    ) -> tuple[list[dict], list[tuple[dict, str]]]:
        """Open, matched and withdrawn wishes; matched ones and some open ones got a host's offer."""
        rows, answered = [], []
        for request_id in self.ids(Request, count):
            visitor = self.rng.choice(teachers[self.rng.choice(list(teachers))])
            created = self.now - timedelta(days=self.rng.uniform(0, 120))
            status = self.rng.choices(("open", "matched", "withdrawn"), (6, 3, 1))[0]
            posted = self.rng.random() < 0.9
            helped = status == "open" and posted and self.rng.random() < 0.1
            start = created.date() + timedelta(days=self.rng.randint(1, 14))
            rows.append({
                "id": request_id, "workspace_id": workspace_id, "visitor_id": visitor["id"],
                "school_id": visitor["school_id"], "practices": self.rng.sample(PRACTICES, 1),
                "grades": visitor["grades"], "subjects": visitor["subjects"],
                "window_start": start, "window_end": start + timedelta(days=14),
                "any_school": self.rng.random() < 0.2, "notes": "", "status": status,
                "posted_at": created if posted else None, "channel_id": CHANNEL if posted else None,
                "message_ts": f"{created.timestamp():.6f}" if posted else None, "card_revision": 1,
                "helper_id": self.rng.choice(coaches)["id"] if helped and coaches else None,
                "created_at": created,
            })  # fmt: skip
            if status == "matched" or (status == "open" and self.rng.random() < 0.3):
                answered.append((rows[-1], status))
        return rows, answered

    def offers_and_visits(
        self, workspace_id: int, teachers: dict[int, list[dict]],
        request_offers: list[tuple[dict, str]], count: int,
    ) -> tuple[list[dict], list[dict]]:  # fmt: skip
        """Open doors with 0-4 visitors each until `count` visits; a request's offer has one seat."""
        offers, visits = [], []
        everyone = [member for staff in teachers.values() for member in staff]
        for request, status in request_offers:
            host = self.rng.choice([m for m in teachers[request["school_id"]]
                                    if m["id"] != request["visitor_id"]] or everyone)  # fmt: skip
            offer = self.offer(workspace_id, host, request["created_at"] + timedelta(days=2))
            offer |= {"request_id": request["id"], "seats": 1, "seats_taken": 0}
            offers.append(offer)
            if status == "matched" and len(visits) < count:
                visits.append(self.visit(workspace_id, offer, request["visitor_id"]))
        while len(visits) < count:
            school_id = self.rng.choice(list(teachers))
            host = self.rng.choice(teachers[school_id])
            when = self.now + timedelta(days=self.rng.uniform(-PAST_DAYS, COMING_DAYS))
            offer = self.offer(workspace_id, host, when)
            offers.append(offer)
            coming = min(self.rng.choices((0, 1, 2, 3, 4), (1, 3, 4, 2, 1))[0], count - len(visits))
            near = [m for m in teachers[school_id] if m["id"] != host["id"]]
            chosen = {m["id"] for m in self.rng.sample(near, min(coming, len(near)))}
            for visitor_id in list(chosen):
                stranger = self.rng.choice(everyone)["id"]
                if self.rng.random() < 0.1 and stranger not in chosen | {host["id"]}:
                    chosen = chosen - {visitor_id} | {stranger}
            visits += [self.visit(workspace_id, offer, visitor_id) for visitor_id in sorted(chosen)]
            offer["seats"] = max(offer["seats"], offer["seats_taken"])
        return offers, visits

    def offer(self, workspace_id: int, host: dict, when: datetime) -> dict[str, Any]:
        (offer_id,) = self.ids(Offer, 1)
        day = self.school_day(when.astimezone(self.zone).date())
        starts = datetime.combine(day, time(self.rng.randint(8, 14)), self.zone).astimezone(UTC)
        cancelled = self.rng.random() < 0.03
        return {
            "id": offer_id, "workspace_id": workspace_id, "school_id": host["school_id"],
            "host_id": host["id"], "request_id": None, "room": str(self.rng.randint(100, 399)),
            "starts_at": starts, "ends_at": starts + timedelta(minutes=45),
            "grade": self.rng.choice(host["grades"]), "subject": host["subjects"][0],
            "practices": self.rng.sample(PRACTICES, self.rng.randint(1, 2)),
            "details": "Students rotate through three stations.", "key_moment": "the first 10 min",
            "seats": self.rng.randint(1, 4), "seats_taken": 0,
            "approval_required": self.rng.random() < 0.2,
            "feedback": self.rng.choices(("none", "warm", "lookfors"), (1, 3, 1))[0],
            "look_fors": "",  # one door in ten shared a video (no draw: the data stay as they were)
            "video_url": f"https://video.example/{offer_id}" if offer_id % 10 == 0 else "",
            "status": "cancelled" if cancelled else "open",
            "channel_id": CHANNEL, "message_ts": f"{starts.timestamp() - 86400:.6f}",
            "card_revision": 1, "created_at": min(starts - timedelta(days=3), self.now),
        }  # fmt: skip

    def school_day(self, day: date) -> date:
        while day.weekday() > 4:
            day += timedelta(days=1)
        return day

    def visit(self, workspace_id: int, offer: dict, visitor_id: int) -> dict[str, Any]:
        """A status that fits the time: past visits mostly completed, coming ones mostly confirmed."""
        (visit_id,) = self.ids(Visit, 1)
        past = offer["ends_at"] < self.now
        if offer["status"] == "cancelled":
            status = "cancelled"
        elif past:
            status = self.rng.choices(("completed", "cancelled", "missed", "confirmed"),
                                      (65, 12, 8, 15))[0]  # fmt: skip
        else:
            status = self.rng.choices(("confirmed", "pending", "cancelled"), (75, 10, 15))[0]
        if status != "cancelled":
            offer["seats_taken"] += 1
        return {
            "id": visit_id, "workspace_id": workspace_id, "offer_id": offer["id"],
            "visitor_id": visitor_id, "status": status,
            "cancelled_by_id": visitor_id if status == "cancelled" else None,
            "cancel_reason": "Something came up" if status == "cancelled" else "",
            "created_at": offer["created_at"], "decided_at": offer["created_at"],
            "follow_up": "tried" if status == "completed" and self.rng.random() < 0.3 else "",
        }  # fmt: skip

    def reflections(
        self, workspace_id: int, offers: list[dict], visits: list[dict], count: int
    ) -> list[dict]:
        """Mostly visitors' reflections on completed visits, some hosts'; shared where allowed."""
        by_id = {offer["id"]: offer for offer in offers}
        completed = [visit for visit in visits if visit["status"] == "completed"]
        one_per_offer = list({visit["offer_id"]: visit for visit in completed}.values())
        hosts = min(count // 6, len(one_per_offer))
        chosen = [
            (visit, visit["visitor_id"], False)
            for visit in self.rng.sample(completed, min(count - hosts, len(completed)))
        ]
        chosen += [(visit, by_id[visit["offer_id"]]["host_id"], True)
                   for visit in self.rng.sample(one_per_offer, hosts)]  # fmt: skip
        rows = []
        for visit, author_id, as_host in chosen:
            offer = by_id[visit["offer_id"]]
            (reflection_id,) = self.ids(Reflection, 1)
            written = offer["ends_at"] + timedelta(hours=self.rng.uniform(1, 72))
            shared = not as_host and offer["feedback"] != "none" and self.rng.random() < 0.4
            rows.append({
                "id": reflection_id, "workspace_id": workspace_id, "offer_id": offer["id"],
                "visit_id": None if as_host else visit["id"], "author_id": author_id,
                "hoped": "", "noticed": "Students moved between stations on a timer.",
                "wondered": "How are groups chosen?", "will_try": "Stations on Friday",
                "question": "", "thanks": "Thank you!", "shared": shared,
                "created_at": min(written, self.now), "updated_at": min(written, self.now),
            })  # fmt: skip
        return rows

    def notifications(self, workspace_id: int, staff: list[dict], count: int) -> Iterator[dict]:
        """A few due now, a few failed this week, some sent, and the rest due over a year."""
        people = [member["slack_user_id"] for member in staff]
        for n, notification_id in enumerate(self.ids(Notification, count)):
            roll = self.rng.random()
            state, due = (
                "pending",
                self.now + timedelta(seconds=self.rng.uniform(3600, 365 * 86400)),
            )
            if n < DUE_NOW:
                due = self.now - timedelta(minutes=self.rng.uniform(0, 30))
            elif roll < 0.02:
                state, due = "sent", self.now - timedelta(days=self.rng.uniform(0, 30))
            elif roll < 0.0205:
                state, due = "failed", self.now - timedelta(days=self.rng.uniform(0, 6))
            yield {
                "id": notification_id, "workspace_id": workspace_id,
                "key": f"district:{workspace_id}:{n}", "kind": "admin_notice",
                "recipient": self.rng.choice(people), "subject_type": "", "subject_id": None,
                "payload": {"text": f"notice {n}"}, "due_at": due, "expires_at": None,
                "state": state, "attempts": 5 if state == "failed" else int(state == "sent"),
                "last_error": "user_not_found" if state == "failed" else "",
                "claimed_until": None, "sent_at": due if state == "sent" else None,
                "message_ts": f"{due.timestamp():.6f}" if state == "sent" else None,
                "created_at": min(due, self.now) - timedelta(minutes=1),
            }  # fmt: skip
