"""The meeting pages work without JavaScript: plain forms, posted and redirected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from meetings.models import Meeting, Minutes, MinutesStatus
from referrals.tests.helpers import World, accepted_referral, agency

from .builders import held_meeting, record_full_attendance

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _date(prefix: str, value: object) -> dict[str, object]:
    return {f"{prefix}-day": value.day, f"{prefix}-month": value.month, f"{prefix}-year": value.year}  # type: ignore[attr-defined]


def test_the_coordinator_schedules_from_an_accepted_referral(world: World) -> None:
    referral = accepted_referral(world)
    client = _client(world[Role.COORDINATOR])
    page = client.get(f"/meetings/new/{world.nominal.pk}/?referral={referral.pk}").content.decode()
    assert "Schedule a MAPP meeting" in page
    when = timezone.localdate() + timedelta(days=5)
    data = {
        "meeting_type": "initial",
        "level": "2",
        "starts_at": "10:00",
        "ends_at": "11:30",
        "place": "Room 2",
        "chair": world[Role.CHAIR].pk,
        "invited_agencies": [agency("DEMO-HSG").pk],
        "referral": referral.pk,
        **_date("held_on", when),
    }
    bad = client.post(f"/meetings/new/{world.nominal.pk}/", data | {"chair": world.police_chair.pk, "level": "3"})
    assert bad.status_code == 200 and "meetings.chair_rank" in bad.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(f"/meetings/new/{world.nominal.pk}/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.referral == referral and meeting.held_on == when
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert meeting.reference in page and "Housing" in page and "Minutes due" in page


def test_the_minutes_editor_saves_a_draft_and_the_chair_approves(world: World) -> None:
    meeting = held_meeting(world)
    record_full_attendance(world, meeting)
    coordinator = _client(world[Role.COORDINATOR])
    assert "Action 3" in coordinator.get(f"/meetings/{meeting.pk}/minutes/edit/").content.decode()
    data: dict[str, object] = {
        "action_rows": "3",
        "reason_for_meeting": "Review",
        "agency_information": "Nothing new",
        "rosh_public": "medium",
        "imminence": "not_imminent",
        "victims": "None identified",
        "disclosure_considered": "on",
        "disclosure_decision": "do_not_disclose",
        "disclosure_reasons_not": "No one identified at risk",
        "offender_told": "yes",
        "level_decision": "2",
        "level_reasoning": "Stable; a reduction considered",
        "reduction_considered": "on",
        "action-0-heading": "supervision",
        "action-0-action": "Weekly appointments",
        "action-0-owner": agency("DEMO-PRB").pk,
        **_date("action-0-due_on", timezone.localdate() + timedelta(weeks=4)),
        **_date("next_meeting_on", meeting.held_on + timedelta(weeks=26)),
        "action": "save",
    }
    response = coordinator.post(f"/meetings/{meeting.pk}/minutes/edit/", data)
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.actions.count() == 1 and minutes.status == MinutesStatus.DRAFT
    chair = _client(world[Role.CHAIR])
    refused = chair.post(f"/meetings/{meeting.pk}/minutes/approve/", {"version": minutes.version})
    assert refused.status_code == 200 and "reviews.level_2" in refused.content.decode()
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT
    data |= {"next_meeting_reason": "Core group review at week 12", "version": minutes.version}
    assert chair.post(f"/meetings/{meeting.pk}/minutes/edit/", data).status_code == 302
    minutes.refresh_from_db()
    approved = chair.post(f"/meetings/{meeting.pk}/minutes/approve/", {"version": minutes.version})
    assert approved.status_code == 302
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.APPROVED
    # Locked: the editor sends the chair to the minutes instead.
    assert chair.get(f"/meetings/{meeting.pk}/minutes/edit/").status_code == 302


def test_a_stale_minutes_form_is_refused(world: World) -> None:
    meeting = held_meeting(world)
    client = _client(world[Role.COORDINATOR])
    data = {"action_rows": "0", "reason_for_meeting": "First", "action": "save"}
    client.post(f"/meetings/{meeting.pk}/minutes/edit/", data)
    client.post(f"/meetings/{meeting.pk}/minutes/edit/", data | {"version": "1", "reason_for_meeting": "Second"})
    stale = client.post(f"/meetings/{meeting.pk}/minutes/edit/", data | {"version": "1", "reason_for_meeting": "Third"})
    assert stale.status_code == 200 and "Nothing has been saved" in stale.content.decode()
    assert Minutes.objects.get(meeting=meeting).reason_for_meeting == "Second"


def test_the_spoc_answers_an_information_request(world: World) -> None:
    from .builders import scheduled_meeting

    meeting = scheduled_meeting(world)
    spoc = _client(world[Role.DTC_SPOC])
    page = spoc.get("/meetings/information-requests/").content.decode()
    assert meeting.reference in page and "Respond" in page
    request = meeting.invitations.get(agency__code="DEMO-HSG").information_request
    response = spoc.post(f"/meetings/information-requests/{request.pk}/", {"response_kind": "no_information"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.response_kind == "no_information" and request.responded_by == world[Role.DTC_SPOC]
