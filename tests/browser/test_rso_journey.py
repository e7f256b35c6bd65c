"""The police public protection unit's week: police.om records a change of address
notification and a home visit for a category 1 person, and sees the clocks move."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from kernel.actor import Actor

from .conftest import Demo, script_errors, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _demo_mode(settings: Any) -> None:
    """police.om is a demo user, who signs in without a second factor only while MAPPA_DEMO is on."""
    settings.MAPPA_DEMO = True


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def fill_date(page: Page, legend: str, when: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def clock_row(page: Page, key: str) -> Locator:
    return page.locator(f'tr[data-clock="{key}"]')


def a_category_1_person(today: date) -> int:
    """Convicted 400 days ago, notified then, last visited by the police 40 days ago at high risk."""
    from accounts.models import Agency, AgencyKind, User
    from cases import services as case_services
    from notifications import services as notification_services
    from plans import assessments
    from register import services as register_services
    from register.models import Disposal
    from visits import services as visit_services

    officer = User.objects.get(username="police.om")
    police = Agency.objects.get(area__code="DEMO", kind=AgencyKind.POLICE)
    person = register_services.create_nominal(
        actor=Actor(officer),
        values={"family_name": "Hartley", "given_names": "Owen", "date_of_birth": date(1975, 8, 2), "gender": "male"},
        area=police.area,
    )
    convicted = today - timedelta(days=400)
    register_services.add_conviction(
        actor=Actor(officer),
        nominal=person,
        values={
            "offence": "Sexual assault (s3)",
            "conviction_date": convicted,
            "court": "Demotown Crown Court",
            "disposal": Disposal.OTHER,
            "is_index_offence": True,
        },
    )
    case_services.register(
        actor=Actor(officer),
        nominal=person,
        category=1,
        level=1,
        lead_agency=police,
        record_manager=officer,
        start_date=convicted + timedelta(days=2),
        reason="Registered following conviction",
    )
    notification_services.record_notification(
        actor=Actor(officer),
        nominal=person,
        values={
            "kind": "initial",
            "notified_on": convicted + timedelta(days=1),
            "police_station": "Demotown Police Station",
            "officer": "DC 1140 Reid",
        },
    )
    visit_services.set_schedule(actor=Actor(officer), nominal=person, values={"kind": "police"})
    assessments.record_assessment(  # visits follow the latest risk assessment
        actor=Actor(officer),
        nominal=person,
        values={"tool": "oasys", "assessor": "DC 1140 Reid", "assessed_on": convicted, "community_public": "high"},
    )
    visit_services.record_visit(
        actor=Actor(officer),
        nominal=person,
        values={
            "agency": police,
            "visit_on": today - timedelta(days=40),
            "status": "completed",
            "visitors": "DC 1140 Reid",
            "outcome": "Seen at home",
        },
    )
    return person.pk


def test_police_om_records_a_change_of_address_and_a_home_visit(page: Page, server_url: str, demo: Demo) -> None:
    today = date.today()
    pk = a_category_1_person(today)
    sign_in(page, server_url, "police.om")
    page.goto(f"{server_url}/people/{pk}/")
    sub_nav = page.get_by_role("navigation", name="Person record")

    # Notification: the annual re-notification is due a year after the initial one, which
    # was made the day after the conviction; no change has been notified.
    sub_nav.get_by_role("link", name="Notification", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="Sex offender notification")).to_be_visible()
    annual = clock_row(page, "soa85.annual_notification")
    expect(annual).to_contain_text("Overdue")
    expect(clock_row(page, "soa84.change_notification")).to_have_count(0)

    page.get_by_role("link", name="Record a notification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a notification")
    page.get_by_label("Change of home address").check()
    fill_date(page, "Date notified", today)
    fill_date(page, "Date of the change or event", today - timedelta(days=1))
    page.get_by_label("Police station").fill("Northgate Police Station")
    expect(page.get_by_label("Officer who took the notification")).not_to_have_value("")
    page.get_by_label("Details notified").fill("Moved to Flat 2, 17 Mill Lane, Demotown")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Notification recorded")).to_be_visible()
    change = clock_row(page, "soa84.change_notification")
    expect(change).to_contain_text("Met")
    # 3 days beginning with the move (yesterday): due tomorrow, met today.
    expect(change).to_contain_text(_day(today + timedelta(days=1)))
    expect(annual).to_contain_text("Not yet due")
    expect(annual).to_contain_text(f"From the last notification (change of home address) on {today.day} {today:%B %Y}")
    timeline = page.locator(".moj-timeline")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text("Change of home address")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text("Northgate Police Station")

    # Home visits: high risk, so monthly; the last visit was 40 days ago.
    sub_nav.get_by_role("link", name="Home visits", exact=True).click()
    police_visit = clock_row(page, "visits.police_high")
    expect(police_visit).to_contain_text("Overdue")

    # A visit dated tomorrow cannot be recorded as done: the rule is named.
    page.get_by_role("link", name="Record a home visit").click()
    fill_date(page, "Date of the visit", today + timedelta(days=1))
    page.get_by_label("Done").check()
    page.get_by_label("Unannounced").check()
    page.get_by_label("Routine risk management visit").check()
    page.get_by_label("Joint police and probation visit").check()
    page.get_by_label("Outcome").fill("Seen with his probation officer; new address confirmed, lives alone")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("rule visits.done_not_in_future")

    fill_date(page, "Date of the visit", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Home visit recorded")).to_be_visible()
    expect(police_visit).to_contain_text("Not yet due")
    expect(police_visit).not_to_contain_text("Overdue")
    latest = page.locator(".moj-timeline__item").first
    expect(latest).to_contain_text("Done: routine risk management visit")
    expect(latest).to_contain_text("unannounced")
    expect(latest).to_contain_text("joint police and probation")
    assert script_errors(page) == []
