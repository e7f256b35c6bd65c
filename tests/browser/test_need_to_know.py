"""Need to know: a lay adviser sees no person, and a forbidden record looks like a missing one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import Demo, sign_in

pytestmark = pytest.mark.browser


def visible_part(page: Page) -> tuple[str, str]:
    """What a user can read of a page: its title and its main content."""
    return page.title(), page.get_by_role("main").inner_text()


def test_lay_adviser_gets_page_not_found_for_a_person(page: Page, server_url: str, demo: Demo) -> None:
    from register.models import Nominal

    sign_in(page, server_url, "lay.adviser")
    expect(page.get_by_text("Your role does not give access to individual people's records.")).to_be_visible()
    expect(page.get_by_role("link", name="Find a person")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a person")).to_have_count(0)

    response = page.goto(f"{server_url}/people/{demo.person_pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text(demo.person_heading)
    expect(page.get_by_role("main")).not_to_contain_text(demo.person_reference)
    forbidden = visible_part(page)

    missing_pk = (Nominal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    response = page.goto(f"{server_url}/people/{missing_pk}/")
    assert response is not None and response.status == 404
    assert visible_part(page) == forbidden

    # Every section of the record, and the search, refuse in the same way.
    for path in ("personal-details/", "addresses/", "convictions/", "mappa/"):
        response = page.goto(f"{server_url}/people/{demo.person_pk}/{path}")
        assert response is not None and response.status == 404, path
        assert visible_part(page) == forbidden, path
    response = page.goto(f"{server_url}/people/?q=nunez")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_officer_of_another_agency_gets_the_same_page_not_found(page: Page, server_url: str, demo: Demo) -> None:
    """The prison offender manager has no part in this probation-led case."""
    sign_in(page, server_url, "prison.om")
    response = page.goto(f"{server_url}/people/{demo.person_pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")

    # Searching does not reveal the person either.
    page.goto(f"{server_url}/people/?q=nunez")
    expect(page.get_by_role("heading", level=2)).to_have_text("0 people found")
