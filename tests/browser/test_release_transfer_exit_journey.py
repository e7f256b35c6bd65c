"""Journeys through the end of a case's life: a category 2 person nears release and the
prison confirms the date; a level 2 case transfers from DEMO to Kent end to end; a
category 1 registration reaches the end of notification, is archived, then reactivated."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kernel.actor import Actor

from .conftest import PASSWORD, TIMEOUT_MS, Demo, script_errors, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _demo_mode(settings: Any) -> None:
    """The journeys' users are demo users (the test's Kent users too), who sign in without
    a second factor only while MAPPA_DEMO is on; the sign-in steps are the shared helper's."""
    settings.MAPPA_DEMO = True


def fill_date(page: Page, legend: str, when: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()


def signed_in_page(browser: Browser, server_url: str, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, server_url, username, PASSWORD)
    return page


def test_the_prison_confirms_the_release_date_of_a_category_2_person_nearing_release(
    page: Page, server_url: str, demo: Demo
) -> None:
    from custody.models import CustodySpell
    from devdata.custody import NEARING_RELEASE_PNC, seed_custody

    seed_custody()
    spell = CustodySpell.objects.get(nominal__pnc=NEARING_RELEASE_PNC)
    assert spell.release_on is not None
    sign_in(page, server_url, "prison.om")
    # The prison is a partner while the person is in custody, so the record is theirs to see.
    page.goto(f"{server_url}/people/{spell.nominal_id}/custody/")
    expect(page.get_by_role("heading", level=2, name="Custody and release")).to_be_visible()
    expect(page.locator("[data-release-date]")).to_contain_text("Not confirmed")
    expect(page.locator('[data-clock="custody.release_date_confirmed"]')).to_contain_text("Overdue")
    page.get_by_role("link", name="Confirm the release date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the release date")
    fill_date(page, "Date confirmed", timezone.localdate())
    save(page)
    expect(page.locator("[data-release-date]")).to_contain_text("Confirmed by the prison")
    # Confirmed after the 4 months before release: met late, in orange, never a green "Met".
    confirmed = page.locator('[data-clock="custody.release_date_confirmed"] .govuk-tag')
    expect(confirmed).to_have_text(re.compile(r"^Met \d+ days late$"))
    expect(confirmed).to_have_class(re.compile(r"govuk-tag--orange"))
    spell.refresh_from_db()
    assert spell.release_confirmed_on == timezone.localdate()
    assert script_errors(page) == []


def test_a_level_2_case_transfers_from_demo_to_kent_end_to_end(
    page: Page, browser: Browser, server_url: str, demo: Demo
) -> None:
    from accounts.models import Agency, Role, User

    kent_probation = Agency.objects.get(code="KEN-PRB")
    User.objects.create_user(
        username="kent.coordinator", password=PASSWORD, role=Role.COORDINATOR, agency=kent_probation,
        area=kent_probation.area, first_name="Kim", last_name="Marsh", is_demo=True,
    )  # fmt: skip
    User.objects.create_user(
        username="kent.probation", password=PASSWORD, role=Role.PROBATION_OM, agency=kent_probation,
        area=kent_probation.area, first_name="Ola", last_name="Bankole", is_demo=True,
    )  # fmt: skip
    today = timezone.localdate()
    person = f"{server_url}/people/{demo.person_pk}"

    # The sending area: the offender manager requests, assesses and approves, sends records.
    sign_in(page, server_url, "probation.om")
    page.goto(f"{person}/mappa/")
    page.get_by_role("link", name="Request a transfer").click()
    page.get_by_label("Receiving area (England and Wales)").select_option(label="Kent")
    page.get_by_label("Proposed new address").fill("3 Castle Street, Canterbury")
    page.get_by_label("Reason for the move").fill("A job offer and a tenancy near his sister")
    page.get_by_label("The person is under probation supervision (licence or order)").check()
    fill_date(page, "Date of the request", today)
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Transfer of"))
    expect(page.locator("[data-transfer-status]")).to_have_text("Requested: awaiting the sending area's decision")
    # The requester does not approve their own request: their manager does.
    expect(page.get_by_role("link", name="Approve the transfer")).to_have_count(0)
    expect(page.locator("[data-why-not]")).to_contain_text("other than the person who requested it")
    transfer_url = page.url
    manager = signed_in_page(browser, server_url, "chair")
    manager.goto(transfer_url)
    manager.get_by_role("link", name="Approve the transfer").click()
    manager.get_by_label("Assessment of the risks of the move").fill(
        "Address checked; no victims nearby; plan transfers"
    )
    fill_date(manager, "Date of approval", today)
    save(manager)
    expect(manager.locator("[data-transfer-status]")).to_have_text("Approved: awaiting the receiving area's acceptance")
    page.goto(transfer_url)
    expect(page.get_by_text("(5 working days from approval)")).to_be_visible()
    page.get_by_role("link", name="Record the records sent").click()
    fill_date(page, "Date the records were sent", today)
    save(page)

    # The receiving area: its co-ordinator accepts, holds the meeting and completes.
    kent = signed_in_page(browser, server_url, "kent.coordinator")
    kent.goto(f"{server_url}/transfers/")
    kent.get_by_role("link", name=demo.person_heading).click()
    expect(kent).to_have_url(transfer_url)
    kent.get_by_role("link", name="Accept the transfer").click()
    kent.get_by_label("Lead agency").select_option(label="Probation Service, Kent")
    kent.get_by_label("Record manager").select_option(label="Ola Bankole (Probation Service, Kent)")
    fill_date(kent, "Date accepted", today)
    save(kent)
    expect(kent.locator("[data-transfer-status]")).to_have_text("Accepted: in progress")
    kent.get_by_role("link", name="Record the receiving MAPP meeting").click()
    fill_date(kent, "Date of the receiving area's MAPP meeting", today)
    kent.get_by_label("The sending offender manager attended the meeting").check()
    save(kent)
    kent.get_by_role("link", name="Complete the transfer").click()
    fill_date(kent, "Date of transfer", today)
    save(kent)
    expect(kent.locator("[data-transfer-status]")).to_have_text("Completed: the record has moved")

    # The record has moved: Kent sees it, DEMO's offender manager no longer does.
    kent.goto(f"{person}/mappa/")
    expect(kent.get_by_role("heading", level=1)).to_have_text(demo.person_heading)
    expect(kent.get_by_text("Probation Service, Kent").first).to_be_visible()
    kent.goto(f"{person}/timeline/")
    expect(kent.get_by_role("link", name="Transfer completed: the record moved to Kent")).to_be_visible()
    response = page.goto(f"{person}/")
    assert response is not None and response.status == 404
    assert script_errors(page) == []


def test_a_category_1_registration_reaches_its_end_and_is_archived_then_reactivated(
    page: Page, server_url: str, demo: Demo
) -> None:
    from accounts.models import User
    from cases import services as case_services
    from register import services
    from register.models import Disposal, Gender

    officer = User.objects.get(username="police.om")
    today = timezone.localdate()
    cautioned = today - timedelta(days=3 * 365)
    person = services.create_nominal(
        actor=Actor(officer),
        values={
            "family_name": "Endersby",
            "given_names": "Carl",
            "date_of_birth": date(1975, 4, 2),
            "gender": Gender.MALE,
        },
    )
    services.add_conviction(
        actor=Actor(officer),
        nominal=person,
        values={
            "offence": "Exposure",
            "conviction_date": cautioned,
            "disposal": Disposal.CAUTION,
            "is_index_offence": True,
        },
    )
    case_services.register(
        actor=Actor(officer), nominal=person, category=1, level=1, lead_agency=officer.agency, record_manager=officer,
        start_date=cautioned, reason="Cautioned: notification for 2 years",
    )  # fmt: skip
    sign_in(page, server_url, "police.om")
    page.goto(f"{server_url}/people/{person.pk}/mappa/")
    expect(page.locator("[data-exit-date]")).to_contain_text("Notification ends: leaves MAPPA (category 1)")
    expect(page.locator('[data-clock="exit.category_1"]')).to_contain_text("Overdue")  # notification has ended
    page.get_by_role("link", name="Archive (leave MAPPA)").click()
    fill_date(page, "Date the person left MAPPA", today)
    page.get_by_label("Reason for leaving MAPPA").fill("Notification period ended")
    save(page)
    expect(page.get_by_text("Registration archived")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Archived")).to_be_visible()
    expect(page.get_by_role("link", name="Change or review the level")).to_have_count(0)  # read-only
    page.get_by_role("link", name="Reactivate").click()
    fill_date(page, "Date of reactivation", today)
    page.get_by_label("Reason for reactivating").fill("Convicted of a further qualifying offence")
    save(page)
    expect(page.get_by_text("Registration reactivated")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Archived")).to_have_count(0)
    page.get_by_role("link", name="Timeline").click()
    expect(page.locator('[data-event-kind="exit"]')).to_contain_text("Left MAPPA (category 1): record archived")
    expect(page.get_by_role("heading", name="Registration reactivated")).to_be_visible()
    assert script_errors(page) == []
