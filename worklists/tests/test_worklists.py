"""My work and the co-ordinator's area view: what is due, from each source, scoped to the user."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import PersonMaker, RegistrationMaker
from meetings.tests.builders import held_meeting
from referrals.tests.helpers import countersigned_referral, make_world, submitted_referral
from rules.reviews import REVIEW_CADENCES
from worklists import selectors
from worklists.selectors import WorklistFilters

pytestmark = pytest.mark.django_db


def _started(days_until_due: int, level: int = 1) -> Any:
    """A start date whose first review (rules.reviews) falls `days_until_due` from today."""
    return timezone.localdate() - timedelta(weeks=REVIEW_CADENCES[level].max_weeks) + timedelta(days=days_until_due)


@pytest.fixture
def cases(users: dict[str, Any], make_person: PersonMaker, make_registration: RegistrationMaker) -> dict[str, Any]:
    police, probation, kent = users["police_om"], users["probation_om"], users["other_area_police"]
    made = {}
    for name, by, days in (
        ("Overdue", police, -10),
        ("Soon", police, 5),
        ("Later", police, 60),
        ("Probationcase", probation, -3),
        ("Kentcase", kent, -4),
    ):
        made[name] = make_registration(make_person(by, family_name=name), by, start_date=_started(days))
    return made


def _names(response: Any) -> str:
    return str(response.content.decode())


def test_my_work_lists_my_overdue_and_due_soon_reviews_only(users: dict[str, Any], cases: dict[str, Any]) -> None:
    today = timezone.localdate()
    worklist = selectors.my_work(requested_by=users["police_om"], today=today, filters=WorklistFilters())
    reviews = [item for item in worklist.items if item.kind == "registration-review"]
    assert [item.person_name.split(",")[0] for item in reviews] == ["OVERDUE", "SOON"]
    assert reviews[0].is_overdue(today) and not reviews[1].is_overdue(today)
    assert reviews[0].url == reverse("cases:change-level", args=[cases["Overdue"].nominal_id])
    counts = {count.kind: (count.overdue, count.total) for count in worklist.counts}
    assert counts["registration-review"] == (1, 2)
    # A longer horizon brings in the review due in 60 days.
    longer = selectors.my_work(requested_by=users["police_om"], today=today, filters=WorklistFilters(within=56))
    assert len([i for i in longer.items if i.kind == "registration-review"]) == 2
    further = selectors.my_work(
        requested_by=users["police_om"], today=today + timedelta(days=10), filters=WorklistFilters(within=56)
    )
    assert len([i for i in further.items if i.kind == "registration-review"]) == 3


def test_the_page_filters_by_status_and_kind_and_sorts_without_javascript(
    signed_in: Any, users: dict[str, Any], cases: dict[str, Any]
) -> None:
    client: Client = signed_in(users["police_om"])
    page = client.get(reverse("worklists:my-work"))
    assert page.status_code == 200
    assert "OVERDUE" in _names(page) and "SOON" in _names(page) and "LATER" not in _names(page)
    overdue = client.get(reverse("worklists:my-work"), {"status": "overdue"})
    assert "OVERDUE" in _names(overdue) and "SOON" not in _names(overdue)
    other_kind = client.get(reverse("worklists:my-work"), {"kind": "minutes"})
    assert "OVERDUE" not in _names(other_kind)
    by_person = client.get(reverse("worklists:my-work"), {"sort": "person"})
    assert _names(by_person).index("OVERDUE") < _names(by_person).index("SOON")
    # A bad filter value is reported in the GOV.UK error summary; the defaults still show.
    bad = client.get(reverse("worklists:my-work"), {"status": "whenever"})
    assert "govuk-error-summary" in _names(bad) and "OVERDUE" in _names(bad)


def test_other_people_see_none_of_my_work(signed_in: Any, users: dict[str, Any], cases: dict[str, Any]) -> None:
    for actor in ("probation_om", "lay_adviser", "smb_member", "dtc_spoc", "other_area_police"):
        page = signed_in(users[actor]).get(reverse("worklists:my-work"))
        assert page.status_code == 200
        assert "OVERDUE" not in _names(page), actor
    assert "PROBATIONCASE" in _names(signed_in(users["probation_om"]).get(reverse("worklists:my-work")))


def test_the_area_view_shows_every_agency_in_the_area_and_no_other(
    signed_in: Any, users: dict[str, Any], cases: dict[str, Any]
) -> None:
    page = signed_in(users["coordinator"]).get(reverse("worklists:area"))
    assert page.status_code == 200
    body = _names(page)
    assert "OVERDUE" in body and "SOON" in body and "PROBATIONCASE" in body
    assert "KENTCASE" not in body
    police_agency = users["police_om"].agency_id
    only_police = _names(signed_in(users["coordinator"]).get(reverse("worklists:area"), {"agency": police_agency}))
    assert "OVERDUE" in only_police and "PROBATIONCASE" not in only_police
    assert signed_in(users["police_om"]).get(reverse("worklists:area")).status_code == 404


def test_the_api_answers_the_same_with_counts(bearer: Any, users: dict[str, Any], cases: dict[str, Any]) -> None:
    response = bearer(users["police_om"]).get("/api/v1/worklist/", {"status": "overdue"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["overdue"] == 1 and data["due_soon"] == 0
    assert data["results"][0]["kind"] == "registration-review" and data["results"][0]["overdue"] is True
    assert {"kind": "registration-review", "title": "Registration reviews", "total": 2, "overdue": 1} in data["counts"]
    bad = bearer(users["police_om"]).get("/api/v1/worklist/", {"within": "3"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "within"
    area = bearer(users["coordinator"]).get("/api/v1/worklist/area/").json()
    assert {r["person_name"].split(",")[0] for r in area["results"] if r["kind"] == "registration-review"} == {
        "OVERDUE",
        "SOON",
        "PROBATIONCASE",
    }
    assert bearer(users["police_om"]).get("/api/v1/worklist/area/").status_code == 404
    assert "registration-review" in bearer(users["lay_adviser"]).get("/api/v1/worklist/kinds/").json()["kinds"]


def test_meetings_and_referrals_feed_the_chair_coordinator_and_manager() -> None:
    world = make_world()
    today = timezone.localdate()
    meeting = held_meeting(world, days_ago=20)  # minutes and action list both late
    submitted_referral(world)
    countersigned_referral(world)

    def kinds(user: Any) -> dict[str, tuple[int, int]]:
        worklist = selectors.my_work(requested_by=user, today=today, filters=WorklistFilters())
        return {count.kind: (count.overdue, count.total) for count in worklist.counts if count.total}

    chair = kinds(meeting.chair)
    assert chair["minutes"] == (1, 1) and chair["action-list"] == (1, 1)  # both late
    coordinator = kinds(world[Role.COORDINATOR])
    assert coordinator["minutes"] == (1, 1)
    assert coordinator["referral-gatekeeping"] == (0, 1)  # arrived today: due today
    assert "referral-countersign" in kinds(world.manager)
    assert "minutes" not in kinds(world[Role.POLICE_OM])
