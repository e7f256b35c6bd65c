"""The disclosure API end to end: decide, carry out, acknowledge, review; versions,
idempotent creates, refusals naming the field and rule, and the co-ordinator's register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from disclosure import services
from disclosure.models import Disclosure
from register.models import Nominal

pytestmark = pytest.mark.django_db
Bearer = Callable[[User | None], APIClient]


def _decision(**changes: object) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "considered": True,
        "decision": "disclose",
        "decided_on": today.isoformat(),
        "reason": "New partner with two young children",
        "what": "His sexual offence convictions against children",
        "recipient_kind": "person",
        "recipient_name": "Jane Example",
        "recipient_relationship": "New partner",
        "discloser": "police_om",
        "disclose_by": (today + timedelta(days=5)).isoformat(),
        "offender_told": False,
        "offender_not_told_reason": "Telling him would put the partner at risk before she is told",
    } | changes


def _errors(response: object) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}  # type: ignore[attr-defined]


def test_decide_carry_out_acknowledge_through_the_api(bearer: Bearer, users: dict[str, User], level1: Nominal) -> None:
    api = bearer(users["police_om"])
    url = f"/api/v1/nominals/{level1.pk}/disclosures/"
    created = api.post(url, _decision(), format="json", HTTP_IDEMPOTENCY_KEY="disclosure-1")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (
        body["status"] == "to_disclose" and body["deciding_agency"] == "DEMO-POL" and body["discloser"] == "police_om"
    )
    assert body["review_due_on"] is not None and created["ETag"] == '"1"'
    # A retried create with the same key returns the first answer, not a second decision.
    again = api.post(url, _decision(), format="json", HTTP_IDEMPOTENCY_KEY="disclosure-1")
    assert again.status_code == 201 and again.json()["id"] == body["id"] and again["Idempotent-Replayed"] == "true"
    assert Disclosure.objects.count() == 1

    detail = f"/api/v1/disclosures/{body['id']}/"
    step = f"{detail}carried-out/"
    assert api.post(step, {"carried_out_on": timezone.localdate().isoformat()}, format="json").status_code == 428
    # Carried out without a date: refused naming the field and the rule; nothing saved.
    refused = api.post(step, {}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 400
    assert _errors(refused) == {"carried_out_on": services.CARRIED_OUT_DATE_RULE}
    assert Disclosure.objects.get().carried_out_on is None
    done = api.post(step, {"carried_out_on": timezone.localdate().isoformat()}, format="json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["carried_out_by"] == "police_om" and done["ETag"] == '"2"'

    ack = api.post(
        f"{detail}acknowledgement/",
        {"acknowledged_on": timezone.localdate().isoformat(), "acknowledgement_method": "signed"},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    review = api.post(
        f"{detail}review/",
        {"reviewed_on": timezone.localdate().isoformat(), "outcome": "No new information"},
        format="json",
        HTTP_IF_MATCH='"3"',
    )
    assert review.status_code == 200 and review.json()["last_reviewed_on"] == timezone.localdate().isoformat()

    read = api.get(detail)
    assert read.status_code == 200 and read["ETag"] == '"4"'
    assert AuditEvent.objects.filter(action="disclosure.view", object_id=str(body["id"])).exists()


def test_patch_needs_a_current_if_match(bearer: Bearer, users: dict[str, User], decided: Disclosure) -> None:
    api = bearer(users["police_om"])
    url = f"/api/v1/disclosures/{decided.pk}/"
    assert api.patch(url, {"what": "More"}, format="json").status_code == 428
    assert api.patch(url, {"what": "More"}, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    changed = api.patch(url, {"what": "More"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["what"] == "More" and changed["ETag"] == '"2"'


def test_media_without_a_chief_officer_is_refused(bearer: Bearer, users: dict[str, User], level1: Nominal) -> None:
    api = bearer(users["police_om"])
    created = api.post(
        f"/api/v1/nominals/{level1.pk}/disclosures/",
        _decision(recipient_kind="media", recipient_name="Demotown Echo"),
        format="json",
    )
    assert created.status_code == 201
    refused = api.post(
        f"/api/v1/disclosures/{created.json()['id']}/carried-out/",
        {"carried_out_on": timezone.localdate().isoformat()},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert refused.status_code == 400
    assert _errors(refused) == {"authoriser_rank": services.CHIEF_OFFICER_RULE}
    assert Disclosure.objects.get().carried_out_on is None


def test_bad_input_names_each_field(bearer: Bearer, users: dict[str, User], level1: Nominal) -> None:
    api = bearer(users["police_om"])
    refused = api.post(
        f"/api/v1/nominals/{level1.pk}/disclosures/",
        {"decision": "disclose", "decided_on": timezone.localdate().isoformat(), "discloser": "nobody"},
        format="json",
    )
    assert refused.status_code == 400
    assert "discloser" in _errors(refused)
    refused = api.post(
        f"/api/v1/nominals/{level1.pk}/disclosures/",
        {"decision": "disclose", "decided_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert {"what", "recipient_name", "discloser", "disclose_by", "offender_told"} <= set(_errors(refused))
    assert not Disclosure.objects.exists()


def test_the_register_api_is_the_coordinators(bearer: Bearer, users: dict[str, User], decided: Disclosure) -> None:
    listed = bearer(users["coordinator"]).get("/api/v1/disclosures/register/")
    assert listed.status_code == 200 and [d["id"] for d in listed.json()["results"]] == [decided.pk]
    assert bearer(users["coordinator"]).get("/api/v1/disclosures/register/?status=disclosed").json()["count"] == 0
    assert bearer(users["coordinator"]).get("/api/v1/disclosures/register/?status=nonsense").status_code == 400
    assert bearer(users["police_om"]).get("/api/v1/disclosures/register/").status_code == 404
    assert bearer(users["dtc_spoc"]).get(f"/api/v1/disclosures/{decided.pk}/").status_code == 404


def test_the_schema_documents_the_endpoints(bearer: Bearer) -> None:
    schema = bearer(None).get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/nominals/{id}/disclosures/",
        "/api/v1/disclosures/{id}/",
        "/api/v1/disclosures/{id}/carried-out/",
        "/api/v1/disclosures/{id}/acknowledgement/",
        "/api/v1/disclosures/{id}/review/",
        "/api/v1/disclosures/register/",
        "/api/v1/nominals/{id}/victims/",
        "/api/v1/victims/{id}/",
        "/api/v1/victims/{id}/notifications/",
    ):
        assert path in schema["paths"], path
