"""Risk and plan: the offender manager records an OASys assessment and gives housing an
action in the risk management plan; the housing SPOC records progress on that action and
can reach nothing else of the record."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .conftest import Demo, script_errors, sign_in

pytestmark = pytest.mark.browser


def _fill_date(page: Page, field_id: str, day: object) -> None:
    for part in ("day", "month", "year"):
        page.locator(f"#{field_id}-{part}").fill(str(getattr(day, part)))


def test_an_action_for_housing_is_updated_by_housing_alone(page: Page, server_url: str, demo: Demo) -> None:
    from accounts.models import Agency, AgencyKind
    from accounts.reference import agency_code

    housing = Agency.objects.get(code=agency_code("DEMO", AgencyKind.HOUSING_AUTHORITY))
    today = timezone.localdate()

    # probation.om records an OASys assessment.
    sign_in(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{demo.person_pk}/")
    page.get_by_role("link", name="Risk and plan").click()
    expect(page.get_by_role("heading", name="Risk", exact=True)).to_be_visible()
    page.get_by_role("link", name="Record a risk assessment").click()
    page.get_by_label("OASys (risk of serious harm)").check()
    _fill_date(page, "id_assessed_on", today)
    page.get_by_label("Assessor", exact=True).fill("Tom Okafor")
    page.get_by_label("The public: in the community").select_option("medium")
    page.get_by_label("A known adult: in the community").select_option("high")
    page.get_by_label("Staff: in custody").select_option("low")
    page.get_by_label("Who is at risk").fill("His former partner")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_text("Risk assessment recorded")).to_be_visible()
    expect(page.locator("[data-risk-badge]").first).to_have_text("High risk of serious harm")
    page.get_by_role("link", name="Summary").click()
    expect(page.locator("[data-risk-badge]")).to_have_text("High risk of serious harm")

    # The plan gains an action owned by housing; a missing date is refused first.
    page.goto(f"{server_url}/people/{demo.person_pk}/plan/")
    # The task list: one row per heading of the plan, each opening a new action under it.
    expect(page.locator(".govuk-task-list__item")).to_have_count(5)
    page.get_by_role("link", name=re.compile("^Victim safety planning")).click()
    expect(page.get_by_label("Victim safety planning")).to_be_checked()
    page.get_by_label("Action", exact=True).fill("Find a tenancy away from the former partner's area")
    page.get_by_label("Owning agency").select_option(label=housing.name)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the due date")
    _fill_date(page, "id_due_on", today + timedelta(days=14))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action added to the plan")).to_be_visible()
    expect(page.get_by_role("link", name="Find a tenancy away from the former partner's area")).to_be_visible()
    page.get_by_role("link", name="Find a tenancy away from the former partner's area").click()
    action_url = page.url
    assert re.search(r"/plan-actions/\d+/$", action_url)
    page.get_by_role("button", name=re.compile("Sign out")).first.click()

    # housing.spoc finds the action among what is shared with housing and updates it.
    sign_in(page, server_url, "housing.spoc")
    page.goto(f"{server_url}/shared/{demo.person_pk}/")
    page.get_by_role("link", name=re.compile("Actions for the agency")).click()
    expect(page).to_have_url(action_url)
    expect(page.get_by_role("link", name="Change the action")).to_have_count(0)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress made").fill("Viewing booked for a one-bedroom flat in Northtown")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded")).to_be_visible()
    expect(page.locator(".moj-timeline")).to_contain_text("Viewing booked for a one-bedroom flat in Northtown")
    expect(page.locator(".govuk-summary-list")).to_contain_text("In progress")

    # ...and can reach nothing else: the plan edit page, the person page, the action edit page.
    action_pk = action_url.rstrip("/").rsplit("/", 1)[-1]
    for path in (
        f"/people/{demo.person_pk}/plan/edit/",
        f"/people/{demo.person_pk}/",
        f"/people/{demo.person_pk}/risk-and-plan/",
        f"/plan-actions/{action_pk}/edit/",
    ):
        response = page.goto(f"{server_url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text(demo.person_heading)
    assert script_errors(page) == []

    # The offender manager sees housing's progress in the plan's timeline.
    page.goto(f"{server_url}/")
    page.get_by_role("button", name=re.compile("Sign out")).first.click()
    sign_in(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{demo.person_pk}/plan/")
    expect(page.locator(".moj-timeline")).to_contain_text("recorded progress (in progress)")
