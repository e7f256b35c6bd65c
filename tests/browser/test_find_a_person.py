"""A probation offender manager signs in, finds a person and reads their record."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Demo, script_errors, sign_in

pytestmark = pytest.mark.browser

SECTIONS = [
    # (sub-navigation link, heading of the section, something only that section shows)
    ("Personal details", "Personal details", "White Spanish"),
    ("Addresses", "Addresses", "12 Example Road, Demotown, DT1 2AB"),
    ("Convictions", "Convictions", "Demotown Crown Court"),
    ("MAPPA registration", "MAPPA registration", "Released on licence to Approved Premises"),
]


def search_from(page: Page, query: str) -> None:
    """Search with the form on the current page (home or search page)."""
    box = page.get_by_role("searchbox")
    box.fill(query)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/people/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")


def results_table(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("table.govuk-table")


def open_sections(page: Page, demo: Demo) -> None:
    """Walk the MOJ sub-navigation, checking each section's heading and content."""
    sub_nav = page.get_by_role("navigation", name="Person record")
    for link_text, heading, content in SECTIONS:
        sub_nav.get_by_role("link", name=link_text, exact=True).click()
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
        expect(page).to_have_title(f"{demo.person_heading} \N{EN DASH} {heading} \N{EN DASH} OpenMAPPA")
        expect(sub_nav.locator('[aria-current="page"]')).to_have_text(link_text)
        expect(page.get_by_role("main")).to_contain_text(content)
        # The person's heading and the marking stay on every section.
        expect(page.get_by_role("heading", level=1)).to_have_text(demo.person_heading)
        expect(page.get_by_role("region", name="Protective marking")).to_have_text("OFFICIAL-SENSITIVE")


def test_probation_om_signs_in_searches_and_reads_a_record(page: Page, server_url: str, demo: Demo) -> None:
    sign_in(page, server_url, "probation.om")
    # Scripts ran (the journey without them checks this class is absent).
    expect(page.locator("body")).to_have_class(re.compile(r"govuk-frontend-supported"))

    # Home: who they are and the cases they manage, the new person among them.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tom Okafor")
    expect(page.get_by_role("heading", level=2, name="My cases")).to_be_visible()
    expect(page.get_by_role("link", name=demo.person_heading)).to_be_visible()
    expect(page.get_by_role("region", name="Protective marking")).to_have_text("OFFICIAL-SENSITIVE")

    # Search by family name as written, accents and all.
    search_from(page, "Núñez")
    expect(page.get_by_role("heading", level=2)).to_have_text("1 person found")
    expect(results_table(page)).to_contain_text(demo.person_reference)

    # And as someone types it on an English keyboard: lower case, no accents.
    search_from(page, "nunez")
    expect(page.get_by_role("heading", level=2)).to_have_text("1 person found")
    expect(page.get_by_role("searchbox")).to_have_value("nunez")

    # A seeded person is found by family name too.
    search_from(page, demo.other_family_name)
    expect(results_table(page).get_by_role("link", name=demo.other_heading)).to_be_visible()

    # Nobody matches a made-up name.
    search_from(page, "Zzyzxqwv")
    expect(page.get_by_role("heading", level=2)).to_have_text("0 people found")
    expect(page.get_by_text("No one you have access to matches.")).to_be_visible()

    # Open the person from the results.
    search_from(page, "nunez")
    results_table(page).get_by_role("link", name=demo.person_heading).click()
    expect(page).to_have_url(f"{server_url}/people/{demo.person_pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.person_heading)
    expect(page.get_by_role("heading", level=2, name="Summary", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Protective marking")).to_have_text("OFFICIAL-SENSITIVE")
    summary = page.locator("dl.govuk-summary-list")
    expect(summary).to_contain_text("Tom Okafor")  # record manager
    expect(summary).to_contain_text("Wounding with intent (s18)")  # index offence
    expect(page.get_by_text("Born 27 March 1980")).to_be_visible()
    expect(page.locator("main .govuk-tag", has_text="Category 2")).to_be_visible()
    expect(page.locator("main .govuk-tag", has_text="Level 2")).to_be_visible()

    open_sections(page, demo)

    # Back to the summary through the sub-navigation.
    page.get_by_role("navigation", name="Person record").get_by_role("link", name="Summary").click()
    expect(page).to_have_url(f"{server_url}/people/{demo.person_pk}/")

    assert script_errors(page) == []


def test_the_journey_works_without_javascript(page_without_js: Page, server_url: str, demo: Demo) -> None:
    page = page_without_js
    page.goto(f"{server_url}/accounts/sign-in/")
    # The page's scripts never ran: with scripts, the body is marked as GOV.UK Frontend starts.
    expect(page.locator("body")).not_to_have_class(re.compile(r"govuk-frontend-supported"))

    sign_in(page, server_url, "probation.om")
    expect(page.get_by_role("heading", level=2, name="My cases")).to_be_visible()
    search_from(page, "NUNEZ")
    expect(page.get_by_role("heading", level=2)).to_have_text("1 person found")
    results_table(page).get_by_role("link", name=demo.person_heading).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.person_heading)
    expect(page.get_by_role("region", name="Protective marking")).to_have_text("OFFICIAL-SENSITIVE")
    open_sections(page, demo)

    # Signing out is a form post, so it works without scripts as well.
    page.get_by_role("button", name="Sign out probation.om").click()
    page.goto(f"{server_url}/people/{demo.person_pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/people/"))
    expect(page.get_by_role("region", name="Protective marking")).to_have_count(0)
