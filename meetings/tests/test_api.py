"""The meetings API, end to end, with the names API-CONTRACT.md fixes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from meetings.models import Meeting
from referrals.tests.helpers import World, accepted_referral
from rules.information_requests import answer_due_on
from rules.working_days import actions_due_by, minutes_due_on

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _post(client: Client, url: str, body: Any = None, **headers: Any) -> Any:
    return client.post(url, body or {}, content_type="application/json", **headers)


def test_a_meeting_carries_the_contract_fields(world: World) -> None:
    referral = accepted_referral(world, level=3)
    coordinator = _client(world[Role.COORDINATOR])
    held_on = timezone.localdate() + timedelta(days=2)
    body = {
        "nominal": world.nominal.pk,
        "referral": referral.pk,
        "meeting_type": "initial",
        "level": 3,
        "held_on": held_on.isoformat(),
        "starts_at": "10:00",
        "ends_at": "11:00",
        "video_link": "https://video.example.invalid/room",
        "chair": world.senior.username,
        "invited_agencies": ["DEMO-HSG"],
    }
    created = _post(coordinator, "/api/v1/meetings/", body, HTTP_IDEMPOTENCY_KEY="m1")
    again = _post(coordinator, "/api/v1/meetings/", body, HTTP_IDEMPOTENCY_KEY="m1")
    assert created.status_code == 201, created.json()
    assert again.json()["id"] == created.json()["id"] and Meeting.objects.count() == 1
    data = created.json()
    meeting = Meeting.objects.get()
    assert data["level"] == 3 and data["held_on"] == held_on.isoformat()
    assert data["minutes_due_on"] == minutes_due_on(level=3, held_on=held_on).isoformat()
    from django.utils.dateparse import parse_datetime

    assert parse_datetime(data["actions_due_by"]) == actions_due_by(ended_at=meeting.ended_at)
    # Due 7 days after the request, or the working day before the meeting when that is sooner.
    assert (
        data["invitations"][0]["information_request"]["due_on"]
        == answer_due_on(requested_on=timezone.localdate(), meeting_on=held_on).isoformat()
    )
    refused = _post(coordinator, "/api/v1/meetings/", body | {"chair": world[Role.DTC_SPOC].username})
    assert refused.status_code == 400
    assert any("meetings.chair_responsible_authority" in e["message"] for e in refused.json()["errors"])


def test_the_whole_meeting_through_the_api(world: World) -> None:
    coordinator = _client(world[Role.COORDINATOR])
    chair = _client(world[Role.CHAIR])
    spoc = _client(world[Role.DTC_SPOC])
    # Scheduled for today, then moved back: a held meeting.
    created = _post(
        coordinator,
        "/api/v1/meetings/",
        {
            "nominal": world.nominal.pk,
            "meeting_type": "review",
            "level": 2,
            "held_on": timezone.localdate().isoformat(),
            "starts_at": "09:00",
            "ends_at": "10:00",
            "place": "Room 1",
            "chair": world[Role.CHAIR].username,
            "invited_agencies": ["DEMO-HSG", "DEMO-POL"],
        },
    )
    meeting_etag = created["ETag"]
    created = created.json()
    pk = created["id"]
    held_on = timezone.localdate() - timedelta(days=1)
    move = {"held_on": held_on.isoformat()}
    unversioned = coordinator.patch(f"/api/v1/meetings/{pk}/", move, content_type="application/json")
    assert unversioned.status_code == 428
    moved = coordinator.patch(
        f"/api/v1/meetings/{pk}/", move, content_type="application/json", HTTP_IF_MATCH=meeting_etag
    )
    assert moved.status_code == 200
    # The SPOC answers the information request.
    requests = spoc.get("/api/v1/meetings/information-requests/").json()
    assert [r["agency"] for r in requests] == ["DEMO-HSG"]
    answered = _post(
        spoc,
        f"/api/v1/meetings/information-requests/{requests[0]['id']}/response/",
        {"response_kind": "information", "response": "Tenancy since March"},
        HTTP_IF_MATCH="*",
    )
    assert answered.status_code == 200 and answered.json()["response_kind"] == "information"
    attendance = coordinator.put(
        f"/api/v1/meetings/{pk}/attendance/",
        {
            "attendance": [
                {"agency": "DEMO-HSG", "attendance": "attended"},
                {"agency": "DEMO-POL", "attendance": "apologies"},
            ]
        },
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert attendance.status_code == 200
    assert (
        _post(coordinator, f"/api/v1/meetings/{pk}/attendees/", {"user": world[Role.DTC_SPOC].username}).status_code
        == 201
    )
    minutes_body = {
        "reason_for_meeting": "Review",
        "agency_information": "Housing: tenancy stable",
        "rosh_known_adult": "high",
        "imminence": "change",
        "victims": "Former partner",
        "disclosure_considered": True,
        "disclosure_decision": "disclose",
        "disclosure_what": "Risk to her",
        "disclosure_to_whom": "New partner",
        "disclosure_by_whom": "Police",
        "disclosure_by_when": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "offender_told": False,
        "offender_not_told_reason": "Would increase risk",
        "level_decision": 2,
        "level_reasoning": "A reduction considered",
        "reduction_considered": True,
        "next_meeting_on": (held_on + timedelta(weeks=10)).isoformat(),
        "actions": [
            {"heading": "monitoring", "action": "Exclusion zone checks", "owner": "DEMO-POL", "due_on": "2030-01-01"}
        ],
    }
    saved = coordinator.put(f"/api/v1/meetings/{pk}/minutes/", minutes_body, content_type="application/json")
    assert saved.status_code == 200, saved.json()
    etag = saved["ETag"]
    unversioned = coordinator.put(f"/api/v1/meetings/{pk}/minutes/", {"victims": "x"}, content_type="application/json")
    assert unversioned.status_code == 428
    stale = coordinator.put(
        f"/api/v1/meetings/{pk}/minutes/", {"victims": "x"}, content_type="application/json", HTTP_IF_MATCH='"99"'
    )
    assert stale.status_code == 412
    distributed = _post(coordinator, f"/api/v1/meetings/{pk}/action-list/")
    assert distributed.status_code == 201 and {d["channel"] for d in distributed.json()} == {"in_app", "email"}
    assert _post(chair, f"/api/v1/meetings/{pk}/minutes/approve/", HTTP_IF_MATCH='"99"').status_code == 412
    approved = _post(chair, f"/api/v1/meetings/{pk}/minutes/approve/", HTTP_IF_MATCH=etag)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert spoc.get(f"/api/v1/meetings/{pk}/minutes/").status_code == 404
    shared = _post(
        chair,
        f"/api/v1/meetings/{pk}/minutes/shares/",
        {"agency": "DEMO-HSG", "recipient_name": "Dan Kowalski", "purpose": "Housing actions"},
    )
    assert shared.status_code == 201
    assert spoc.get(f"/api/v1/meetings/{pk}/minutes/").json()["victims"] == "Former partner"
    addendum = _post(coordinator, f"/api/v1/meetings/{pk}/minutes/addenda/", {"text": "Police sent apologies"})
    assert addendum.json()["number"] == 1
    # A request for minutes, decided by the chair, released as an executive summary.
    logged = _post(
        coordinator,
        "/api/v1/meetings/minutes-requests/",
        {
            "nominal": world.nominal.pk,
            "requester_kind": "court",
            "requester": "Demotown Crown Court",
            "purpose": "Sentencing",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert logged.status_code == 201 and logged.json()["routed_to"] == world[Role.CHAIR].username
    request_pk = logged.json()["id"]
    decided = _post(
        chair,
        f"/api/v1/meetings/minutes-requests/{request_pk}/decision/",
        {"decision": "release", "reason": "Court"},
        HTTP_IF_MATCH="*",
    )
    assert decided.status_code == 200 and decided.json()["executive_summary"]["meeting"] == created["reference"]
    pdf = coordinator.get(f"/api/v1/meetings/minutes-requests/{request_pk}/summary/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_dates_in_the_list_are_refused(world: World) -> None:
    client = _client(world[Role.COORDINATOR])
    assert client.get("/api/v1/meetings/?from=2026-02-30").status_code == 400
    assert client.get("/api/v1/meetings/?from=2020-01-01&to=2030-01-01").json()["count"] == 0
