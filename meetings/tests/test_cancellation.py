"""Cancelling a meeting: a reason is required, and what the invitations shared ends with it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from access import policy
from access.models import ShareGrant
from accounts.models import Role
from audit.models import AuditEvent
from kernel.actor import Actor
from meetings import services
from meetings.models import Meeting, MeetingStatus
from referrals.tests.helpers import World

from .builders import approved_meeting, scheduled_meeting

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _live_grants(meeting: Meeting) -> list[ShareGrant]:
    return list(ShareGrant.objects.filter(object_type="Meeting", object_id=str(meeting.pk), revoked_at__isnull=True))


def test_cancelling_revokes_what_the_invitations_shared(world: World) -> None:
    meeting = scheduled_meeting(world)
    other = scheduled_meeting(world, days_ahead=14)
    spoc = world[Role.DTC_SPOC]
    assert len(_live_grants(meeting)) == 1  # housing, a DTC agency; police is Responsible Authority
    assert policy.can_view_meeting(spoc, meeting)

    cancelled = services.cancel_meeting(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, reason="The person was recalled to custody"
    )

    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancel_reason.startswith("The person")
    assert cancelled.cancelled_by == world[Role.COORDINATOR] and cancelled.version == meeting.version + 1
    assert _live_grants(meeting) == []
    revoked = ShareGrant.objects.get(object_type="Meeting", object_id=str(meeting.pk))
    assert revoked.revoked_by == world[Role.COORDINATOR] and "cancelled" in revoked.revoke_reason
    assert not policy.can_view_meeting(spoc, meeting)
    assert not policy.visible_information_requests(spoc).filter(invitation__meeting=meeting).exists()
    # Another meeting about the same person keeps its own grant.
    assert len(_live_grants(other)) == 1 and policy.can_view_meeting(spoc, other)
    event = AuditEvent.objects.get(action="meeting.cancel")
    assert event.reason == "The person was recalled to custody" and event.detail["revoked_grants"] == [revoked.pk]
    assert AuditEvent.objects.filter(action="share.revoke").count() == 1


def test_a_cancellation_needs_a_reason_and_happens_once(world: World) -> None:
    meeting = scheduled_meeting(world)
    with pytest.raises(ValidationError) as refused:
        services.cancel_meeting(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, reason="  ")
    assert "reason" in refused.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    assert len(_live_grants(meeting)) == 1

    services.cancel_meeting(actor=Actor(world[Role.CHAIR]), meeting=meeting, reason="Chair unavailable")
    with pytest.raises(ValidationError) as again:
        services.cancel_meeting(actor=Actor(world[Role.CHAIR]), meeting=meeting, reason="Again")
    assert "already cancelled" in again.value.message_dict["meeting"][0]
    # A cancelled meeting takes no more changes, invitations, responses or minutes.
    meeting.refresh_from_db()
    for attempt in (
        lambda: services.update_meeting(actor=Actor(world[Role.CHAIR]), meeting=meeting, changes={"place": "Room 9"}),
        lambda: services.save_minutes_draft(actor=Actor(world[Role.CHAIR]), meeting=meeting, values={"victims": "x"}),
        lambda: services.respond_to_information_request(
            actor=Actor(world[Role.DTC_SPOC]),
            information_request=meeting.invitations.get(agency__code="DEMO-HSG").information_request,
            response_kind="no_information",
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()


def test_a_meeting_with_approved_minutes_is_not_cancelled(world: World) -> None:
    meeting = approved_meeting(world)
    with pytest.raises(ValidationError) as refused:
        services.cancel_meeting(actor=Actor(world[Role.CHAIR]), meeting=meeting, reason="Mistake")
    assert "approved" in refused.value.message_dict["meeting"][0]
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_the_cancel_page_works_without_javascript(world: World) -> None:
    meeting = scheduled_meeting(world)
    client = _client(world[Role.COORDINATOR])
    page = client.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert "Cancel the meeting" in page and 'name="reason"' in page
    empty = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "", "version": meeting.version})
    assert empty.status_code == 200 and "Enter why the meeting is cancelled" in empty.content.decode()
    stale = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Recalled", "version": meeting.version + 5})
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    done = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Recalled", "version": meeting.version})
    assert done.status_code == 302
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Cancelled on" in detail and "Recalled" in detail
    # The SPOC's invitation went with it.
    assert _client(world[Role.DTC_SPOC]).get(f"/meetings/{meeting.pk}/").status_code == 404


def test_the_cancel_endpoint_needs_if_match(world: World) -> None:
    meeting = scheduled_meeting(world)
    client = _client(world[Role.CHAIR])
    url = f"/api/v1/meetings/{meeting.pk}/cancel/"
    body = {"reason": "Recalled to custody"}
    assert client.post(url, body, content_type="application/json").status_code == 428
    stale = client.post(url, body, content_type="application/json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    etag = client.get(f"/api/v1/meetings/{meeting.pk}/")["ETag"]
    blank = client.post(url, {"reason": ""}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert blank.status_code == 400 and blank.json()["errors"][0]["field"] == "reason"
    done = client.post(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "cancelled" and done.json()["cancel_reason"] == "Recalled to custody"
    assert done.json()["cancelled_by"] == world[Role.CHAIR].username
    assert _live_grants(meeting) == []


def test_only_the_chair_and_coordinator_cancel(world: World) -> None:
    meeting = scheduled_meeting(world)
    for role in (Role.PROBATION_OM, Role.POLICE_OM, Role.DTC_SPOC, Role.LAY_ADVISER):
        client = _client(world[role])
        assert client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "x", "version": 1}).status_code == 404
        api = client.post(
            f"/api/v1/meetings/{meeting.pk}/cancel/",
            {"reason": "x"},
            content_type="application/json",
            HTTP_IF_MATCH='"1"',
        )
        assert api.status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
