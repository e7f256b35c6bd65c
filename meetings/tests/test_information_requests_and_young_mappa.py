"""The records search is answered before the meeting (rules.information_requests): moving the
meeting re-dates open requests, cancelling it closes them, and the invited agency's view
follows. Young MAPPA meetings are for under 18s only (rules.young_mappa)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import ShareGrant
from accounts.models import Role
from audit.models import AuditEvent
from kernel.actor import Actor
from meetings import services
from meetings.models import InformationRequest, Meeting, MeetingType, ResponseKind
from referrals.tests.helpers import World, agency, meeting_times
from register.models import Nominal
from rules.information_requests import answer_due_on, working_day_before

from .builders import scheduled_meeting

pytestmark = pytest.mark.django_db


def _housing_request(meeting: Meeting) -> InformationRequest:
    return InformationRequest.objects.get(invitation__meeting=meeting, invitation__agency__code="DEMO-HSG")


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_meeting_within_the_week_brings_the_answer_before_it(world: World) -> None:
    # Seen: a meeting held 6 December had its answer due 14 December.
    meeting = scheduled_meeting(world, days_ahead=3)
    request = _housing_request(meeting)
    assert request.due_on == min(request.requested_on + timedelta(days=7), working_day_before(meeting.held_on))
    assert request.due_on < meeting.held_on or request.due_on == request.requested_on


def test_moving_the_meeting_re_dates_open_requests_and_the_invited_agency_sees_it(world: World) -> None:
    meeting = scheduled_meeting(world, days_ahead=30)
    police = InformationRequest.objects.get(invitation__meeting=meeting, invitation__agency__code="DEMO-POL")
    services.respond_to_information_request(
        actor=Actor(world[Role.POLICE_OM]), information_request=police, response_kind="no_information"
    )
    assert _housing_request(meeting).due_on == timezone.localdate() + timedelta(days=7)
    moved_to = timezone.localdate() + timedelta(days=4)
    services.update_meeting(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, changes={"held_on": moved_to})
    request = _housing_request(meeting)
    assert request.due_on == answer_due_on(requested_on=request.requested_on, meeting_on=moved_to)
    assert request.due_on < moved_to or request.due_on == request.requested_on
    # The answered request keeps its answer and date.
    assert InformationRequest.objects.get(pk=police.pk).due_on == police.due_on
    event = AuditEvent.objects.filter(action="meeting.update").latest("id")
    assert event.detail["redated_requests"] == [request.pk]
    # What the invitation shared lasts past the new date.
    grant = ShareGrant.objects.get(object_type="Meeting", object_id=str(meeting.pk), revoked_at__isnull=True)
    assert grant.expires_at.date() > moved_to
    page = _client(world[Role.DTC_SPOC]).get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.status_code == 200 and f"Due {request.due_on:%-d %B %Y}" in page.content.decode()


def test_moving_the_meeting_far_out_keeps_it_shared_until_then(world: World) -> None:
    meeting = scheduled_meeting(world, days_ahead=7)
    grant = ShareGrant.objects.get(object_type="Meeting", object_id=str(meeting.pk), revoked_at__isnull=True)
    moved_to = timezone.localdate() + timedelta(days=200)
    services.update_meeting(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, changes={"held_on": moved_to})
    grant.refresh_from_db()
    assert grant.expires_at.date() > moved_to
    assert ShareGrant.objects.filter(object_type="Meeting", object_id=str(meeting.pk)).count() == 1
    assert AuditEvent.objects.filter(action="share.extend").exists()


def test_cancelling_the_meeting_closes_its_open_requests(world: World) -> None:
    meeting = scheduled_meeting(world)
    services.cancel_meeting(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, reason="The person was recalled")
    request = _housing_request(meeting)
    assert request.response_kind == ResponseKind.CLOSED and request.is_closed
    assert "recalled" in request.response
    assert not InformationRequest.objects.filter(invitation__meeting=meeting, response_kind="").exists()
    event = AuditEvent.objects.get(action="meeting.cancel")
    assert request.pk in event.detail["closed_requests"]


def test_an_agency_cannot_close_a_request_itself(world: World) -> None:
    meeting = scheduled_meeting(world)
    with pytest.raises(ValidationError) as refused:
        services.respond_to_information_request(
            actor=Actor(world[Role.DTC_SPOC]), information_request=_housing_request(meeting), response_kind="closed"
        )
    assert "response_kind" in refused.value.message_dict


# --- Young MAPPA ---------------------------------------------------------------------------


def _young_mappa(world: World, nominal: Nominal) -> Meeting:
    return services.schedule_meeting(
        actor=Actor(world[Role.COORDINATOR]),
        nominal=nominal,
        meeting_type=MeetingType.YOUNG_MAPPA,
        level=2,
        held_on=timezone.localdate() + timedelta(days=7),
        chair=world[Role.CHAIR],
        place="Hatfield YOT office",
        invited_agencies=[agency("DEMO-HSG")],
        starts_at=meeting_times()["starts_at"],
        ends_at=meeting_times()["ends_at"],
    )


def test_a_young_mappa_meeting_for_an_adult_is_refused_naming_the_rule(world: World) -> None:
    assert world.nominal.date_of_birth < timezone.localdate() - timedelta(days=18 * 366)
    with pytest.raises(ValidationError) as refused:
        _young_mappa(world, world.nominal)
    assert "meetings.young_mappa_under_18" in refused.value.message_dict["meeting_type"][0]
    assert not Meeting.objects.exists()


def test_a_young_mappa_meeting_for_a_17_year_old_is_scheduled(world: World) -> None:
    today = timezone.localdate()
    Nominal.objects.filter(pk=world.nominal.pk).update(date_of_birth=date(today.year - 17, 1, 1))
    world.nominal.refresh_from_db()
    meeting = _young_mappa(world, world.nominal)
    assert meeting.meeting_type == MeetingType.YOUNG_MAPPA


def test_the_young_mappa_rule_is_named_on_the_api(world: World) -> None:
    answer = _client(world[Role.COORDINATOR]).post(
        "/api/v1/meetings/",
        {
            "nominal": world.nominal.pk,
            "meeting_type": "young_mappa",
            "level": 2,
            "held_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "starts_at": "10:00",
            "ends_at": "11:00",
            "place": "Hatfield YOT office",
            "chair": world[Role.CHAIR].username,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert any(e["field"] == "meeting_type" and "under 18" in e["message"] for e in errors)
