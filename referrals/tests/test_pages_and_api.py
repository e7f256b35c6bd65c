"""The referral pages (without JavaScript) and the API, end to end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from referrals.models import Referral, ReferralStatus

from .helpers import World, agency, countersigned_referral, referral_values

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _form(values: dict[str, object]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key, value in values.items():
        if value is None:
            continue
        if hasattr(value, "year"):
            data |= {f"{key}-day": value.day, f"{key}-month": value.month, f"{key}-year": value.year}  # type: ignore[attr-defined]
        else:
            data[key] = value
    return data


def test_the_referrer_saves_a_draft_then_submits_it(world: World) -> None:
    client = _client(world[Role.PROBATION_OM])
    response = client.post(f"/referrals/new/{world.nominal.pk}/", {"reason_for_referral": "Threats", "action": "save"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.status == ReferralStatus.DRAFT
    # Submitting the incomplete draft shows what is missing, and keeps it a draft.
    response = client.post(f"/referrals/{referral.pk}/submit/")
    assert response.status_code == 200
    assert "Select the MAPPA category" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT
    data = _form(referral_values()) | {
        "version": referral.version,
        "agencies_to_invite": [agency("DEMO-HSG").pk],
        "action": "submit",
    }
    response = client.post(f"/referrals/{referral.pk}/edit/", data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_a_past_emergency_date_is_refused_on_the_page(world: World) -> None:
    client = _client(world[Role.PROBATION_OM])
    data = _form(referral_values(emergency=True, emergency_meeting_by=timezone.localdate() - timedelta(days=2)))
    response = client.post(f"/referrals/new/{world.nominal.pk}/", data | {"action": "save"})
    assert response.status_code == 200
    assert "meetings.emergency_not_in_past" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_coordinator_gatekeeps_from_the_queue(world: World) -> None:
    emergency = countersigned_referral(world, emergency=True)
    client = _client(world[Role.COORDINATOR])
    page = client.get("/referrals/").content.decode()
    assert f"Referral {emergency.pk}" in page and "Emergency" in page
    response = client.post(
        f"/referrals/{emergency.pk}/gatekeep/",
        {"decision": "accept", "level": "2", "reason": "Imminent risk", "version": emergency.version},
    )
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.status == ReferralStatus.ACCEPTED
    page = client.get(f"/referrals/{emergency.pk}/").content.decode()
    assert "Schedule the meeting" in page


def test_the_api_creates_idempotently_and_edits_with_if_match(world: World) -> None:
    client = _client(world[Role.PROBATION_OM])
    body = {"nominal": world.nominal.pk, "reason_for_referral": "Threats", "agencies_to_invite": ["DEMO-HSG"]}
    first = client.post("/api/v1/referrals/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post("/api/v1/referrals/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Referral.objects.count() == 1
    pk = first.json()["id"]
    assert client.patch(f"/api/v1/referrals/{pk}/", {}, content_type="application/json").status_code == 428
    stale = client.patch(
        f"/api/v1/referrals/{pk}/", {"harm_when": "Now"}, content_type="application/json", HTTP_IF_MATCH='"9"'
    )
    assert stale.status_code == 412
    values = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in referral_values().items()}
    updated = client.patch(
        f"/api/v1/referrals/{pk}/", values, content_type="application/json", HTTP_IF_MATCH=first["ETag"]
    )
    assert updated.status_code == 200, updated.json()
    submitted = client.post(f"/api/v1/referrals/{pk}/submit/", HTTP_IF_MATCH="*")
    assert submitted.json()["status"] == "submitted"
    manager = _client(world.manager)
    assert manager.get("/api/v1/referrals/?queue=countersign").json()["count"] == 1
    signed = manager.post(
        f"/api/v1/referrals/{pk}/countersign/",
        {"decision": "countersign"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert signed.json()["status"] == "countersigned"
    coordinator = _client(world[Role.COORDINATOR])
    assert coordinator.get("/api/v1/referrals/?queue=gatekeeping").json()["results"][0]["id"] == pk
    refused = coordinator.post(
        f"/api/v1/referrals/{pk}/gatekeep/",
        {"decision": "ineligible", "reason": "x"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "pdp_outcome"
    accepted = coordinator.post(
        f"/api/v1/referrals/{pk}/gatekeep/",
        {"decision": "accept", "level": 2, "reason": "In remit"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert accepted.status_code == 200 and accepted.json()["accepted_level"] == 2
