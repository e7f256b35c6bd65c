"""Bad input on "Add a person" gets the GOV.UK error summary, and nothing is written."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from .conftest import Demo, sign_in

pytestmark = pytest.mark.browser

FUTURE_DOB_MESSAGE = "Date of birth must be today or in the past"
MISSING_FAMILY_NAME_MESSAGE = "Enter the family name"


def people_count() -> int:
    from register.models import Nominal

    return Nominal.objects.count()


def open_add_a_person(page: Page, server_url: str) -> None:
    sign_in(page, server_url, "probation.om")
    page.get_by_role("link", name="Add a person").click()
    expect(page).to_have_url(f"{server_url}/people/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")


def fill_date_of_birth(page: Page, when: date) -> None:
    dob = page.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill(str(when.day))
    dob.get_by_label("Month").fill(str(when.month))
    dob.get_by_label("Year").fill(str(when.year))


def submit(page: Page) -> None:
    page.get_by_role("button", name="Add person").click()
    expect(page).to_have_url(re.compile(r"/people/new/$"))  # stayed on the form


def next_year() -> date:
    today = date.today()
    return date(today.year + 1, 1, 15)


def test_future_date_of_birth_and_no_family_name(page: Page, server_url: str, demo: Demo) -> None:
    before = people_count()
    open_add_a_person(page, server_url)
    page.get_by_label("Given names").fill("Ada")
    fill_date_of_birth(page, next_year())
    page.get_by_label("Female", exact=True).check()
    submit(page)

    expect(page).to_have_title(re.compile(r"^Error: Add a person"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text([MISSING_FAMILY_NAME_MESSAGE, FUTURE_DOB_MESSAGE], use_inner_text=True)

    # Each field shows its own message beside it.
    expect(page.locator("#id_family_name-error")).to_contain_text(MISSING_FAMILY_NAME_MESSAGE)
    expect(page.locator("#id_date_of_birth-error")).to_contain_text(FUTURE_DOB_MESSAGE)
    # What was typed is kept.
    expect(page.get_by_label("Given names")).to_have_value("Ada")

    # Each link in the summary takes focus to its field.
    summary.get_by_role("link", name=MISSING_FAMILY_NAME_MESSAGE).click()
    expect(page.get_by_label("Family name")).to_be_focused()
    summary.get_by_role("link", name=FUTURE_DOB_MESSAGE).click()
    expect(page.locator("#id_date_of_birth-day")).to_be_focused()

    assert people_count() == before


def test_future_date_of_birth_alone_is_refused(page: Page, server_url: str, demo: Demo) -> None:
    """The rule is checked however complete the rest of the form is."""
    before = people_count()
    open_add_a_person(page, server_url)
    page.get_by_label("Family name").fill("Lovelace")
    page.get_by_label("Given names").fill("Ada")
    fill_date_of_birth(page, next_year())
    page.get_by_label("Female", exact=True).check()
    submit(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text([FUTURE_DOB_MESSAGE])
    summary.get_by_role("link", name=FUTURE_DOB_MESSAGE).click()
    expect(page.locator("#id_date_of_birth-day")).to_be_focused()
    expect(page.get_by_label("Family name")).to_have_value("Lovelace")
    assert people_count() == before


def test_a_valid_person_is_added(page: Page, server_url: str, demo: Demo) -> None:
    """The same form, correctly filled in, does add the person (so the refusals above are
    about the bad input, not a form that never saves)."""
    before = people_count()
    open_add_a_person(page, server_url)
    page.get_by_label("Family name").fill("Lovelace")
    page.get_by_label("Given names").fill("Ada")
    fill_date_of_birth(page, date(1990, 12, 10))
    page.get_by_label("Female", exact=True).check()
    page.get_by_role("button", name="Add person").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("LOVELACE, Ada")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Ada Lovelace added as DEMO-")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert people_count() == before + 1
