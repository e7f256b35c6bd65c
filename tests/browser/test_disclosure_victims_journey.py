"""Disclosure and victims: the probation offender manager decides on a disclosure to a new
partner, records it made and acknowledged, and records a victim; the housing SPOC, shared
other material about the person (and the disclosure itself), cannot see the victims."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kernel.actor import Actor

from .conftest import Demo, _new_page, script_errors, sign_in
from .test_look_and_accessibility import run_axe, serious

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_page(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context that lets axe-core be injected past the pages' Content Security
    Policy (the policy itself is unchanged for the pages' own scripts)."""
    yield from _new_page(browser, request, bypass_csp=True)


def _fill_date(page: Page, field_id: str, day: date) -> None:
    for part in ("day", "month", "year"):
        page.locator(f"#{field_id}-{part}").fill(str(getattr(day, part)))


def _level_1_case_led_by_probation() -> tuple[int, str]:
    from accounts.models import Agency, AgencyKind, User
    from accounts.reference import agency_code
    from cases import services as case_services
    from register import services
    from register.models import Gender

    officer = User.objects.get(username="probation.om")
    probation = Agency.objects.get(code=agency_code("DEMO", AgencyKind.PROBATION))
    person = services.create_nominal(
        acting_user=officer,
        values={
            "family_name": "Kowalczyk",
            "given_names": "Mark",
            "date_of_birth": date(1975, 5, 2),
            "gender": Gender.MALE,
        },
        area=probation.area,
    )
    case_services.register(
        acting_user=officer,
        nominal=person,
        category=2,
        level=1,
        lead_agency=probation,
        record_manager=officer,
        start_date=timezone.localdate() - timedelta(days=60),
        reason="Released on licence",
    )
    return person.pk, str(person)


def _share_with_housing(person_pk: int, disclosure_pk: int) -> None:
    """What an invitation and the lead agency would share with housing: the risk plan and
    this disclosure decision (a housing officer places him)."""
    from access import sharing
    from access.models import ShareScope
    from accounts.models import Agency, AgencyKind, User
    from accounts.reference import agency_code
    from disclosure.models import Disclosure
    from register.models import Nominal

    officer = User.objects.get(username="probation.om")
    housing = Agency.objects.get(code=agency_code("DEMO", AgencyKind.HOUSING_AUTHORITY))
    person = Nominal.objects.get(pk=person_pk)
    expires = timezone.now() + timedelta(days=30)
    for scope, obj in ((ShareScope.RISK_PLAN, None), (ShareScope.DISCLOSURE, Disclosure.objects.get(pk=disclosure_pk))):
        sharing.grant(
            actor=Actor(officer),
            nominal=person,
            agency=housing,
            scope=scope,
            reason="Housing is finding him accommodation away from the partner's children",
            expires_at=expires,
            obj=obj,
        )


def test_disclosure_to_a_new_partner_and_a_victim_housing_cannot_see(
    axe_page: Page, server_url: str, demo: Demo
) -> None:
    page = axe_page
    person_pk, heading = _level_1_case_led_by_probation()
    from accounts.models import User

    officer_pk = User.objects.get(username="probation.om").pk
    today = timezone.localdate()

    sign_in(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{person_pk}/")
    page.get_by_role("link", name="Disclosure", exact=True).click()
    expect(page.get_by_role("heading", name="Disclosure decisions")).to_be_visible()
    checked = [("disclosure tab", run_axe(page))]
    page.get_by_role("link", name="Record a disclosure decision").click()
    checked.append(("decision form", run_axe(page)))

    # The decision: disclose to his new partner, by probation, within a week.
    expect(page.locator("#id_considered_0")).to_be_checked()
    page.get_by_label("Disclose", exact=True).check()
    _fill_date(page, "id_decided_on", today)
    page.get_by_label("Why disclosure is needed").fill("He has a new partner with two daughters aged 6 and 9")
    page.get_by_label("What is to be disclosed").fill("His conviction for wounding a former partner's child")
    page.get_by_label("A named person").check()
    page.get_by_label("Recipient's name").fill("Jane Example")
    page.get_by_label("Recipient's relationship to the person").fill("New partner")
    page.get_by_label("Who will disclose").select_option(value=str(officer_pk))
    _fill_date(page, "id_disclose_by", today + timedelta(days=7))
    page.locator("#id_offender_told_0").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Disclosure decision recorded and reported to the MAPPA co-ordinator")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Jane Example (New partner)")
    expect(page.locator(".govuk-summary-list")).to_contain_text("To be disclosed")
    disclosure_url = page.url
    disclosure_pk = int(disclosure_url.rstrip("/").rsplit("/", 1)[-1])

    # Carried out: without a date it is refused, naming the rule.
    page.get_by_role("link", name="Record the disclosure as made").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the disclosure was made")
    checked.append(("carried out, refused", run_axe(page)))
    _fill_date(page, "id_carried_out_on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Disclosure recorded as made")).to_be_visible()

    # The new partner acknowledges the information is confidential.
    page.get_by_role("link", name="Record the acknowledgement").click()
    _fill_date(page, "id_acknowledged_on", today)
    page.get_by_label("Signed confidentiality statement").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Acknowledgement recorded")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Disclosed and acknowledged")
    expect(page.locator(".moj-timeline")).to_contain_text("disclosure.acknowledged")
    expect(page.locator(".moj-timeline")).to_contain_text("disclosure.carried_out")
    checked.append(("decision with its timeline", run_axe(page)))

    # A potential victim: the new partner.
    page.goto(f"{server_url}/people/{person_pk}/")
    page.get_by_role("link", name="Victims", exact=True).click()
    checked.append(("victims tab", run_axe(page)))
    page.get_by_role("link", name="Record a victim or potential victim").click()
    checked.append(("victim form", run_axe(page)))
    page.get_by_label("A named person").check()
    page.get_by_label("Name, or the group").fill("Jane Example")
    page.get_by_label("Potential victim").check()
    page.get_by_label("Relationship to the person").fill("New partner, and her two daughters")
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Name of the contact").fill("PC Priya Sandhu")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Victim recorded")).to_be_visible()
    victim_url = page.url
    page.get_by_role("link", name="Victims").click()
    expect(page.get_by_role("link", name="Jane Example")).to_be_visible()
    assert script_errors(page) == []
    assert serious(checked) == []
    page.get_by_role("button", name=re.compile("Sign out")).first.click()

    # housing.spoc has been shared the plan and the disclosure: they read the disclosure...
    _share_with_housing(person_pk, disclosure_pk)
    sign_in(page, server_url, "housing.spoc")
    page.goto(f"{server_url}/shared/{person_pk}/")
    page.get_by_role("link", name=re.compile("^Disclosure decision")).click()
    expect(page).to_have_url(disclosure_url)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Jane Example (New partner)")
    expect(page.get_by_role("link", name="Change the decision")).to_have_count(0)
    expect(page.get_by_role("link", name="Record the acknowledgement")).to_have_count(0)

    # ...but the victims section does not exist for them, on the page or in the API.
    for url in (
        f"{server_url}/people/{person_pk}/victims/",
        victim_url,
        f"{server_url}/api/v1/nominals/{person_pk}/victims/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
    page.goto(f"{server_url}/people/{person_pk}/victims/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text(heading)
    expect(page.get_by_role("main")).not_to_contain_text("Jane Example")
    assert script_errors(page) == []
