"""Approved minutes drive the record, in Chromium, through the pages.

A level 2 meeting about the demo person, held today, has its minutes drafted with two agreed
actions (one owned by housing), a decision to disclose and a next meeting agreed 8 weeks on.
The chair approves them: the person's plan holds both actions, housing.spoc sees its own
under its shared actions, the co-ordinator's disclosure register holds the decision and the
registration's next review is the agreed date, not the cadence's. The chair then adds an
addendum with one more housing action: the plan gains it, and nothing is there twice.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from kernel.actor import Actor

from .conftest import Demo, script_errors, sign_in

pytestmark = pytest.mark.browser

SUPERVISION = "Weekly supervision appointments with a monthly home visit"
HOUSING_ACTION = "Confirm the tenancy is not near the victim's new address"
ADDENDUM_ACTION = "Joint tenancy visit with the probation officer"
DISCLOSED_TO = "Ms A. Newpartner, his new partner"


def _drafted_meeting(demo: Demo) -> tuple[int, date]:
    """The meeting held today and its complete draft, through the services; returns the
    meeting's id and the next meeting agreed."""
    from accounts.models import Agency, User
    from meetings import services
    from meetings.models import Attendance
    from referrals.models import Rank, StaffRank
    from register.models import Nominal

    coordinator, chair = User.objects.get(username="coordinator"), User.objects.get(username="chair")
    StaffRank.objects.update_or_create(
        user=chair, defaults={"rank": Rank.SENIOR_PROBATION_OFFICER, "recorded_by": coordinator}
    )
    housing, probation = Agency.objects.get(code="DEMO-HSG"), Agency.objects.get(code="DEMO-PRB")
    today = date.today()
    meeting = services.schedule_meeting(
        actor=Actor(coordinator),
        nominal=Nominal.objects.get(pk=demo.person_pk),
        meeting_type="review",
        level=2,
        held_on=today,
        starts_at=time(0, 0),
        ends_at=time(0, 30),
        chair=chair,
        place="Demotown Police Station",
        invited_agencies=[housing],
    )
    services.record_attendance(
        actor=Actor(coordinator),
        meeting=meeting,
        attendance={i.pk: (Attendance.ATTENDED, "Dan Kowalski") for i in meeting.invitations.all()},
    )
    next_meeting = today + timedelta(weeks=8)
    services.save_minutes_draft(
        actor=Actor(coordinator),
        meeting=meeting,
        values={
            "reason_for_meeting": "Scheduled level 2 review",
            "agency_information": "Probation: compliant. Housing: tenancy stable.",
            "rosh_known_adult": "high",
            "imminence": "change",
            "risk_assessment": "High risk to his former partner",
            "victims": "Former partner, supported by the VLO",
            "disclosure_considered": True,
            "disclosure_decision": "disclose",
            "disclosure_what": "His conviction for wounding with intent",
            "disclosure_to_whom": DISCLOSED_TO,
            "disclosure_by_whom": "Probation offender manager",
            "disclosure_by_when": today + timedelta(days=3),
            "offender_told": True,
            "level_decision": 2,
            "level_reasoning": "A reduction was considered; the housing action still needs level 2",
            "reduction_considered": True,
            "next_meeting_on": next_meeting,
        },
        actions=[
            {"heading": "supervision", "action": SUPERVISION, "owner": probation, "due_on": today + timedelta(weeks=8)},
            {"heading": "monitoring", "action": HOUSING_ACTION, "owner": housing, "due_on": today + timedelta(weeks=2)},
        ],
    )
    return meeting.pk, next_meeting


def switch_to(page: Page, server_url: str, username: str) -> None:
    sign_out = page.get_by_role("button", name=re.compile(r"^Sign out "))
    if sign_out.count():
        sign_out.click()
    sign_in(page, server_url, username)


def test_approved_minutes_reach_the_plan_the_register_and_the_review_date(
    page: Page, server_url: str, demo: Demo
) -> None:
    meeting_pk, next_meeting = _drafted_meeting(demo)

    switch_to(page, server_url, "chair")
    page.goto(f"{server_url}/meetings/{meeting_pk}/minutes/approve/")
    page.get_by_role("button", name="Approve and lock the minutes").click()
    expect(page.get_by_text("Minutes approved and locked")).to_be_visible()

    switch_to(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{demo.person_pk}/plan/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(SUPERVISION)
    expect(main).to_contain_text(HOUSING_ACTION)
    page.goto(f"{server_url}/people/{demo.person_pk}/mappa/")
    expect(page.get_by_role("main")).to_contain_text(re.compile(rf"Next review due\s*{next_meeting:%-d %B %Y}"))
    expect(page.get_by_role("main")).to_contain_text("MAPP meeting decision: DEMO-MTG-")

    switch_to(page, server_url, "housing.spoc")
    page.goto(f"{server_url}/plan-actions/")
    expect(page.get_by_role("main")).to_contain_text(HOUSING_ACTION)
    expect(page.get_by_role("main")).not_to_contain_text(SUPERVISION)

    switch_to(page, server_url, "coordinator")
    page.goto(f"{server_url}/disclosure/register/")
    expect(page.get_by_role("main")).to_contain_text(DISCLOSED_TO)

    # An addendum adds one more housing action; the first two stay, once each.
    switch_to(page, server_url, "chair")
    page.goto(f"{server_url}/meetings/{meeting_pk}/minutes/addenda/new/")
    page.get_by_label("Correction", exact=True).fill("Housing agreed a joint visit after the meeting")
    first = page.get_by_role("group", name="Action 1", exact=True)
    first.get_by_label("Heading", exact=True).select_option(label="Monitoring and control")
    first.get_by_label("Action", exact=True).fill(ADDENDUM_ACTION)
    first.get_by_label("Owner", exact=True).select_option(value=str(_housing_pk()))
    due = date.today() + timedelta(weeks=3)
    first.get_by_label("Day").fill(str(due.day))
    first.get_by_label("Month").fill(str(due.month))
    first.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the addendum").click()
    expect(page.get_by_text("Addendum added to the minutes")).to_be_visible()

    switch_to(page, server_url, "housing.spoc")
    page.goto(f"{server_url}/plan-actions/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(ADDENDUM_ACTION)
    expect(main.get_by_text(HOUSING_ACTION)).to_have_count(1)

    from disclosure.models import Disclosure
    from plans.models import PlanAction

    texts = sorted(PlanAction.objects.filter(plan__nominal_id=demo.person_pk).values_list("text", flat=True))
    assert texts == sorted([SUPERVISION, HOUSING_ACTION, ADDENDUM_ACTION])
    assert Disclosure.objects.filter(nominal_id=demo.person_pk, minutes__meeting_id=meeting_pk).count() == 1
    assert script_errors(page) == []


def _housing_pk() -> int:
    from accounts.models import Agency

    return int(Agency.objects.get(code="DEMO-HSG").pk)
