"""The API: creates with Idempotency-Key, edits with ETag/If-Match, bad input named, reads
audited, and a DTC SPOC reaching only its own action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from cases.models import Registration
from plans.models import PlanAction, RiskAssessment

pytestmark = pytest.mark.django_db
Bearer = Callable[[User | None], APIClient]


def _oasys() -> dict[str, str]:
    return {
        "tool": "oasys",
        "assessed_on": str(timezone.localdate()),
        "assessor": "Tom Okafor",
        "community_public": "high",
        "custody_prisoners": "medium",
        "who_is_at_risk": "Women he forms relationships with",
    }


def test_record_an_assessment_once_with_an_idempotency_key(
    case: Registration, users: dict[str, User], bearer: Bearer
) -> None:
    client = bearer(users["probation_om"])
    url = f"/api/v1/nominals/{case.nominal_id}/risk-assessments/"
    first = client.post(url, _oasys(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url, _oasys(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert RiskAssessment.objects.count() == 1
    assert first.json()["overall_level"] == "high" and first.json()["agency"] == "DEMO-PRB"
    listing = client.get(url).json()
    assert listing["count"] == 1 and listing["overall"]["level"] == "high"
    assert AuditEvent.objects.filter(action="risk_assessment.list", nominal_id=case.nominal_id).exists()


def test_a_level_outside_the_scale_is_refused_naming_the_field(
    case: Registration, users: dict[str, User], bearer: Bearer
) -> None:
    response = bearer(users["probation_om"]).post(
        f"/api/v1/nominals/{case.nominal_id}/risk-assessments/",
        _oasys() | {"community_children": "catastrophic"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "community_children" and "OASys scale" in errors[0]["message"]
    assert RiskAssessment.objects.count() == 0


def test_the_plan_needs_if_match_and_refuses_a_stale_one(
    case: Registration, users: dict[str, User], bearer: Bearer
) -> None:
    client = bearer(users["probation_om"])
    url = f"/api/v1/nominals/{case.nominal_id}/plan/"
    got = client.get(url)
    assert got.status_code == 200 and got["ETag"] == '"0"' and got.json()["actions"] == []
    assert client.patch(url, {"supervision": "Weekly"}, format="json").status_code == 428
    saved = client.patch(url, {"supervision": "Weekly"}, format="json", HTTP_IF_MATCH='"0"')
    assert saved.status_code == 200 and saved.json()["supervision"] == "Weekly"
    stale = client.patch(url, {"supervision": "Daily"}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412 and stale.json()["errors"][0]["field"] == "If-Match"
    assert client.get(url).json()["supervision"] == "Weekly"


def test_actions_refuse_no_owner_or_date_and_the_spoc_updates_only_its_own(
    case: Registration, users: dict[str, User], bearer: Bearer
) -> None:
    officer = bearer(users["probation_om"])
    url = f"/api/v1/nominals/{case.nominal_id}/plan/actions/"
    refused = officer.post(url, {"heading": "supervision", "text": "Visit"}, format="json")
    assert refused.status_code == 400
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"owner_agency", "due_on"}
    assert PlanAction.objects.count() == 0
    due = str(timezone.localdate() + timedelta(days=10))
    made = officer.post(
        url,
        {"heading": "victim_safety", "text": "Find a tenancy", "owner_agency": "DEMO-HSG", "due_on": due},
        format="json",
        HTTP_IDEMPOTENCY_KEY="act-1",
    )
    assert made.status_code == 201, made.content
    action_id = made.json()["id"]
    police = officer.post(
        url, {"heading": "supervision", "text": "Visit", "owner_agency": "DEMO-POL", "due_on": due}, format="json"
    ).json()["id"]

    spoc = bearer(users["dtc_spoc"])
    assert [a["id"] for a in spoc.get("/api/v1/plan-actions/").json()["results"]] == [action_id]
    assert spoc.get(f"/api/v1/plan-actions/{police}/").status_code == 404
    assert spoc.get(f"/api/v1/nominals/{case.nominal_id}/plan/").status_code == 404
    assert spoc.get(f"/api/v1/nominals/{case.nominal_id}/").status_code == 404
    got = spoc.get(f"/api/v1/plan-actions/{action_id}/")
    assert got.status_code == 200
    assert (
        spoc.patch(
            f"/api/v1/plan-actions/{action_id}/", {"text": "x"}, format="json", HTTP_IF_MATCH=got["ETag"]
        ).status_code
        == 404
    )
    progress = spoc.post(
        f"/api/v1/plan-actions/{action_id}/progress/",
        {"note": "Viewing booked", "status": "in_progress"},
        format="json",
        HTTP_IF_MATCH=got["ETag"],
    )
    assert progress.status_code == 201, progress.content
    assert progress.json()["status"] == "in_progress" and progress.json()["updates"][0]["agency"] == "DEMO-HSG"
    stale = spoc.post(
        f"/api/v1/plan-actions/{action_id}/progress/",
        {"note": "Again", "status": "in_progress"},
        format="json",
        HTTP_IF_MATCH=got["ETag"],
    )
    assert stale.status_code == 412
    cancel = spoc.post(
        f"/api/v1/plan-actions/{action_id}/progress/",
        {"note": "x", "status": "cancelled"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert cancel.status_code == 400 and cancel.json()["errors"][0]["field"] == "status"
    assert AuditEvent.objects.filter(action="share.view", actor=users["dtc_spoc"]).exists()


def test_controls_and_contracts_over_the_api(case: Registration, users: dict[str, User], bearer: Bearer) -> None:
    client = bearer(users["probation_om"])
    base = f"/api/v1/nominals/{case.nominal_id}"
    refused = client.post(f"{base}/external-controls/", {"kind": "licence_condition"}, format="json")
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"text", "source", "from_on"}
    made = client.post(
        f"{base}/external-controls/",
        {"kind": "licence_condition", "text": "Curfew", "source": "Licence", "from_on": str(timezone.localdate())},
        format="json",
    )
    assert made.status_code == 201 and made["ETag"] == '"1"'
    control = f"/api/v1/external-controls/{made.json()['id']}/"
    assert client.patch(control, {"text": "Curfew 7pm"}, format="json").status_code == 428
    changed = client.patch(control, {"text": "Curfew 7pm"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200 and changed.json()["version"] == 2
    contract = client.post(
        f"{base}/disclosure-contracts/",
        {
            "setting": "A church",
            "undertakings": "I will sit apart from children",
            "who_will_know": "The vicar",
            "breach_consequence": "Reported to the OM",
            "offender_manager": "Tom Okafor",
            "offender_signed_on": str(timezone.localdate()),
            "offender_manager_signed_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert contract.status_code == 201 and contract.json()["is_signed"] is True
    assert bearer(users["dtc_spoc"]).get(f"{base}/disclosure-contracts/").status_code == 404


def test_the_schema_lists_the_endpoints(bearer: Bearer) -> None:
    paths = bearer(None).get("/api/v1/schema/?format=json").json()["paths"]
    for path, method in [
        ("/api/v1/nominals/{id}/risk-assessments/", "post"),
        ("/api/v1/nominals/{id}/plan/", "patch"),
        ("/api/v1/nominals/{id}/plan/actions/", "post"),
        ("/api/v1/plan-actions/{id}/progress/", "post"),
        ("/api/v1/nominals/{id}/external-controls/", "post"),
        ("/api/v1/disclosure-contracts/{id}/", "patch"),
    ]:
        assert method in paths[path], path
