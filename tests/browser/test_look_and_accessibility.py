"""The person summary looks like a GOV.UK service and has no serious accessibility faults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect

from .conftest import ARTIFACTS, Demo, sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
GOVUK_BLACK = "rgb(11, 12, 12)"  # #0b0c0c, the header and the protective marking


def open_summary(page: Page, server_url: str, demo: Demo) -> None:
    sign_in(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{demo.person_pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.person_heading)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def test_person_summary_has_govuk_styling(page: Page, server_url: str, demo: Demo) -> None:
    failed: list[str] = []

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    open_summary(page, server_url, demo)

    # Every stylesheet, script, font and image the page asked for arrived.
    assert failed == []

    # The GOV.UK font is loaded and used.
    assert page.evaluate("document.fonts.check('19px \"GDS Transport\"')")
    font_family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font_family

    # Header and protective marking are GOV.UK black; the marking spans the page.
    marking = page.get_by_role("region", name="Protective marking")
    expect(marking).to_have_css("background-color", GOVUK_BLACK)
    expect(marking).to_have_css("color", "rgb(255, 255, 255)")
    marking_box = marking.bounding_box()
    assert marking_box is not None and marking_box["width"] == page.viewport_size["width"]  # type: ignore[index]

    # MOJ sub-navigation: the current tab is marked and styled, and tabs sit in a row.
    sub_nav = page.get_by_role("navigation", name="Person record")
    current = sub_nav.locator('[aria-current="page"]')
    expect(current).to_have_text("Summary")
    # Side by side, not the stacked list an unstyled page would show (they may wrap).
    first, second = (sub_nav.get_by_role("link").nth(i).bounding_box() for i in (0, 1))
    assert first and second and round(first["y"]) == round(second["y"]) and second["x"] > first["x"]
    # The current tab's thick underline (MOJ draws it as a ::before bar, 5px at this width).
    underline = current.evaluate("el => getComputedStyle(el, '::before').height")
    assert underline == "5px", underline
    bullets = sub_nav.locator("ul").evaluate("el => getComputedStyle(el).listStyleType")
    assert bullets == "none"

    # Summary list is laid out as key/value columns (GOV.UK summary list CSS applied).
    row = page.locator(".govuk-summary-list__row").first
    key_box = row.locator("dt").bounding_box()
    value_box = row.locator("dd").bounding_box()
    assert key_box and value_box and value_box["x"] > key_box["x"] + key_box["width"] - 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "person-summary.png"), full_page=True)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the current page (axe-core is a devDependency in package.json)."""
    assert AXE.exists(), f"{AXE} is missing: run scripts/setup (npm ci) first"
    # Evaluated through the browser's debugging protocol: the pages' Content Security Policy
    # (rightly) refuses an injected inline <script>, which add_script_tag would add.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return list(result)


def serious(checked: list[tuple[str, list[dict[str, Any]]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(where, v) for where, violations in checked for v in violations if v["impact"] in {"serious", "critical"}]


def test_person_record_has_no_serious_accessibility_violations(page: Page, server_url: str, demo: Demo) -> None:
    open_summary(page, server_url, demo)
    checked = []
    for section in ("", "personal-details/", "addresses/", "convictions/", "mappa/"):
        page.goto(f"{server_url}/people/{demo.person_pk}/{section}")
        expect(page.get_by_role("navigation", name="Person record")).to_be_visible()
        checked.append((section or "summary", run_axe(page)))
    assert serious(checked) == []


def test_search_and_error_pages_have_no_serious_accessibility_violations(
    page: Page, server_url: str, demo: Demo
) -> None:
    sign_in(page, server_url, "probation.om")
    checked = []
    for path in ("/", "/people/?q=nunez", "/people/new/"):
        page.goto(f"{server_url}{path}")
        checked.append((path, run_axe(page)))
    page.get_by_role("button", name="Add person").click()  # empty form: every error at once
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked.append(("/people/new/ (errors)", run_axe(page)))
    assert serious(checked) == []
