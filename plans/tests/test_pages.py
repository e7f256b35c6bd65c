"""The pages: the "Risk and plan" tab, the risk badge on the summary, forms with GOV.UK
error summaries, the plan's task list and timeline, and the SPOC's action page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cases.models import Registration
from conftest import agency, error_summary
from plans.models import PlanAction, RiskAssessment, RiskManagementPlan

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User | None], Client]


def _date(prefix: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three fields."""
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_the_tab_the_badge_and_the_history(
    case: Registration, users: dict[str, User], signed_in: SignedIn, assess: Callable[..., RiskAssessment]
) -> None:
    client = signed_in(users["probation_om"])
    summary = client.get(f"/people/{case.nominal_id}/").content.decode()
    assert "Risk and plan" in summary and "data-risk-badge" not in summary
    assess(case, community_children="very_high")
    summary = client.get(f"/people/{case.nominal_id}/").content.decode()
    assert 'data-risk-badge="very_high"' in summary and "Very high risk of serious harm" in summary
    page = client.get(f"/people/{case.nominal_id}/risk-and-plan/").content.decode()
    assert "Record a risk assessment" in page and "Current" in page and "Not started" in page


def test_an_empty_assessment_shows_the_error_summary_and_saves_nothing(
    case: Registration, users: dict[str, User], signed_in: SignedIn
) -> None:
    response = signed_in(users["probation_om"]).post(f"/people/{case.nominal_id}/risk-assessments/new/", {})
    assert response.status_code == 200
    summary = error_summary(response.content)
    assert "Select the assessment tool" in summary.values()
    assert any("Enter the date" in message for message in summary.values())
    assert RiskAssessment.objects.count() == 0


def test_record_an_assessment_and_add_an_action_through_the_pages(
    case: Registration, users: dict[str, User], signed_in: SignedIn
) -> None:
    client = signed_in(users["probation_om"])
    today = timezone.localdate()
    response = client.post(
        f"/people/{case.nominal_id}/risk-assessments/new/",
        {"tool": "oasys", "assessor": "Tom Okafor", "agency": agency("DEMO-PRB").pk, "community_public": "high"}
        | _date("assessed_on", today),
    )
    assert response.status_code == 302, error_summary(response.content)
    refused = client.post(
        f"/people/{case.nominal_id}/plan/actions/new/", {"heading": "supervision", "text": "Home visit"}
    )
    messages = error_summary(refused.content)
    assert any("owning agency" in m for m in messages.values()) and any("due date" in m for m in messages.values())
    added = client.post(
        f"/people/{case.nominal_id}/plan/actions/new/",
        {"heading": "victim_safety", "text": "Find a tenancy", "owner_agency": agency("DEMO-HSG").pk}
        | _date("due_on", today + timedelta(days=7)),
    )
    assert added.status_code == 302
    plan = client.get(f"/people/{case.nominal_id}/plan/").content.decode()
    assert "Find a tenancy" in plan and "Added an action for" in plan and "govuk-task-list" in plan


def test_a_stale_plan_edit_is_refused(case: Registration, users: dict[str, User], signed_in: SignedIn) -> None:
    client = signed_in(users["probation_om"])
    url = f"/people/{case.nominal_id}/plan/edit/"
    assert client.post(url, {"version": "0", "supervision": "Weekly"}).status_code == 302
    stale = client.post(url, {"version": "0", "supervision": "Daily"})
    assert stale.status_code == 200 and b"Someone else changed this" in stale.content
    missing = client.post(url, {"supervision": "Daily"})
    assert "This page is out of date: open it again before saving" in error_summary(missing.content).values()
    assert RiskManagementPlan.objects.get().supervision == "Weekly"


def test_the_spoc_updates_its_action_and_reaches_nothing_else(
    case: Registration, users: dict[str, User], signed_in: SignedIn, add_action: Callable[..., PlanAction]
) -> None:
    action = add_action(case)
    other = add_action(case, owner="DEMO-POL", text="Police visit")
    spoc = signed_in(users["dtc_spoc"])
    listing = spoc.get("/plan-actions/").content.decode()
    assert "Find a tenancy" in listing and "Police visit" not in listing
    page = spoc.get(f"/plan-actions/{action.pk}/")
    assert page.status_code == 200 and b"Record progress" in page.content and b"Change the action" not in page.content
    for url in (
        f"/people/{case.nominal_id}/",
        f"/people/{case.nominal_id}/risk-and-plan/",
        f"/people/{case.nominal_id}/plan/",
        f"/people/{case.nominal_id}/plan/edit/",
        f"/plan-actions/{action.pk}/edit/",
        f"/plan-actions/{other.pk}/",
    ):
        assert spoc.get(url).status_code == 404, url
    done = spoc.post(f"/plan-actions/{action.pk}/", {"status": "in_progress", "note": "Viewing booked"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.updates.get().agency.code == "DEMO-HSG"
    shared = spoc.get(f"/shared/{case.nominal_id}/").content.decode()
    assert f"/plan-actions/{action.pk}/" in shared
