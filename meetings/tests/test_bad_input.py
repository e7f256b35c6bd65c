"""The issue's four kinds of bad input, through the API and the pages: each refused with
the field and the rule named, and nothing half-saved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from access.models import ShareGrant
from accounts.models import Role
from cases.models import Registration
from meetings.models import Invitation, Meeting, Minutes, MinutesStatus
from referrals.models import Referral
from referrals.tests.helpers import World, accepted_referral, referral_values
from rules.reviews import DISCLOSURE_REVIEW

from .builders import complete_draft, held_meeting

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _errors(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _approve(world: World, meeting: Meeting) -> Any:
    return _client(world[Role.CHAIR]).post(f"/api/v1/meetings/{meeting.pk}/minutes/approve/", HTTP_IF_MATCH="*")


def _still_a_draft(world: World, meeting: Meeting, registration_version: int) -> None:
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.DRAFT and minutes.approved_by is None
    assert Registration.objects.get(nominal=world.nominal).version == registration_version


def test_approving_minutes_with_a_required_section_empty(world: World) -> None:
    meeting = held_meeting(world)
    complete_draft(world, meeting, victims="", disclosure_considered=False)
    version = Registration.objects.get(nominal=world.nominal).version
    errors = _errors(_approve(world, meeting))
    assert "victims and potential victims" in errors["victims"]
    assert DISCLOSURE_REVIEW.key in errors["disclosure_considered"]
    _still_a_draft(world, meeting, version)
    # The page says the same, as a GOV.UK error summary.
    page = _client(world[Role.CHAIR]).post(f"/meetings/{meeting.pk}/minutes/approve/", {"version": 1})
    text = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in text and DISCLOSURE_REVIEW.key in text
    _still_a_draft(world, meeting, version)


def test_a_chair_from_a_dtc_agency(world: World) -> None:
    body = {
        "nominal": world.nominal.pk,
        "meeting_type": "review",
        "level": 2,
        "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "starts_at": "10:00",
        "ends_at": "11:00",
        "place": "Room 1",
        "chair": world[Role.DTC_SPOC].username,
        "invited_agencies": ["DEMO-HSG"],
    }
    response = _client(world[Role.COORDINATOR]).post("/api/v1/meetings/", body, content_type="application/json")
    assert "meetings.chair_responsible_authority" in _errors(response)["chair"]
    assert not Meeting.objects.exists() and not Invitation.objects.exists() and not ShareGrant.objects.exists()


def test_a_meeting_date_in_the_past_for_a_new_emergency_referral(world: World) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    # On the referral: the emergency meeting is wanted by a date already gone.
    values = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in referral_values(emergency=True, emergency_meeting_by=yesterday).items()
    }
    referrer = _client(world[Role.PROBATION_OM])
    response = referrer.post(
        "/api/v1/referrals/", values | {"nominal": world.nominal.pk}, content_type="application/json"
    )
    assert "meetings.emergency_not_in_past" in _errors(response)["emergency_meeting_by"]
    assert not Referral.objects.exists()
    # Scheduling the emergency meeting of an accepted emergency referral in the past.
    referral = accepted_referral(world, emergency=True)
    body = {
        "nominal": world.nominal.pk,
        "referral": referral.pk,
        "meeting_type": "emergency",
        "level": 2,
        "held_on": yesterday.isoformat(),
        "starts_at": "10:00",
        "ends_at": "11:00",
        "place": "Room 1",
        "chair": world[Role.CHAIR].username,
        "invited_agencies": ["DEMO-HSG"],
    }
    response = _client(world[Role.COORDINATOR]).post("/api/v1/meetings/", body, content_type="application/json")
    assert "meetings.emergency_not_in_past" in _errors(response)["held_on"]
    assert not Meeting.objects.exists() and not ShareGrant.objects.exists()


def test_a_next_meeting_beyond_the_cadence_with_no_reason(world: World) -> None:
    meeting = held_meeting(world)
    complete_draft(world, meeting, next_meeting_on=meeting.held_on + timedelta(weeks=26))
    version = Registration.objects.get(nominal=world.nominal).version
    message = _errors(_approve(world, meeting))["next_meeting_reason"]
    assert "reviews.level_2" in message and "Enter the reason" in message
    _still_a_draft(world, meeting, version)
