"""The Strategic Management Board's journey: a lay adviser reads the annual report and the
quarterly performance, sees no person anywhere, and a practitioner finds their work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Demo, sign_in

pytestmark = pytest.mark.browser


def test_lay_adviser_reads_the_reports_and_never_a_person(page: Page, server_url: str, demo: Demo) -> None:
    sign_in(page, server_url, "lay.adviser")
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="Find a person")).to_have_count(0)
    navigation.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategic Management Board reports")

    page.get_by_role("link", name="MAPPA annual report").click()
    page.get_by_label("Area").select_option("DEMO")
    page.get_by_label("Year ending 31 March").fill("2027")  # the year under way: today's register
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"area=DEMO&year_ending=2027"))
    snapshot = page.get_by_test_id("table-snapshot")
    expect(snapshot).to_contain_text("Category 2: violent offenders")
    total = snapshot.get_by_role("row").last
    expect(total).to_contain_text("Total")
    # Every seeded person is made up; the report names none of them.
    expect(page.get_by_role("main")).not_to_contain_text(demo.person_heading)
    expect(page.get_by_role("link", name="Download as CSV")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "mappa-annual-DEMO-2027.csv"

    page.get_by_role("link", name="Quarterly performance").click()
    expect(page.get_by_role("heading", name="Reviews on time, by level")).to_be_visible()
    expect(page.get_by_role("img", name="Reviews on time, by level (%)")).to_be_visible()
    expect(page.get_by_test_id("table-age")).to_contain_text("Age band")

    for path in (
        f"/people/{demo.person_pk}/",
        f"/people/{demo.person_pk}/mappa/",
        f"/meetings/person/{demo.person_pk}/",
    ):
        response = page.goto(f"{server_url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    response = page.goto(f"{server_url}/api/v1/nominals/{demo.person_pk}/")
    assert response is not None and response.status == 404


def test_a_practitioner_filters_their_work_without_javascript(
    page_without_js: Page, server_url: str, demo: Demo
) -> None:
    page = page_without_js
    sign_in(page, server_url, "probation.om")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    items = page.get_by_test_id("work-items")
    # The Approved Premises case (level 2 since January 2024) is long overdue for review.
    expect(items).to_contain_text(demo.person_heading)
    # The list comes first; the filters are folded away after it.
    page.get_by_text("Filter and sort the work").click()
    page.get_by_label("Overdue", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=overdue"))
    expect(page.get_by_test_id("work-items")).to_contain_text("Overdue")
    expect(page.get_by_test_id("selected-filters")).to_contain_text("Showing: Overdue.")
    page.get_by_role("link", name="Registration reviews").click()
    expect(page.get_by_test_id("work-items")).to_contain_text("Level 2 review")
    expect(page.get_by_role("link", name="Reports")).to_have_count(0)


def test_the_coordinator_pages_through_the_area_s_work(page_without_js: Page, server_url: str, demo: Demo) -> None:
    page = page_without_js
    sign_in(page, server_url, "coordinator")
    page.goto(f"{server_url}/my-work/area/?page_size=5")
    expect(page.get_by_role("heading", level=1)).to_have_text("Work due across the area")
    showing = page.get_by_test_id("showing")
    expect(showing).to_have_text(re.compile(r"^Showing 1 to 5 of \d+$"))
    total = int((showing.text_content() or "").rsplit(" ", 1)[1])
    expect(page.get_by_test_id("work-items").locator("tbody tr")).to_have_count(5)
    pages = page.get_by_role("navigation", name="Pages of work")
    expect(pages).to_contain_text(f"Page 1 of {-(-total // 5)}")
    first_page = page.get_by_test_id("work-items").locator("tbody").inner_text()

    pages.get_by_role("link", name="Next page").click()
    expect(page.get_by_test_id("showing")).to_have_text(f"Showing 6 to {min(10, total)} of {total}")
    assert page.get_by_test_id("work-items").locator("tbody").inner_text() != first_page
    expect(pages.get_by_role("link", name="Previous page")).to_be_visible()

    # A new order starts again at its first page; the counts cover every page.
    page.get_by_role("link", name="Person", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=person"))
    expect(page.get_by_test_id("showing")).to_have_text(re.compile(r"^Showing 1 to 5 of "))
    counts = page.get_by_test_id("kind-counts").locator("tbody td:last-child").all_inner_texts()
    assert sum(int(count) for count in counts) == total
