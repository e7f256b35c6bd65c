"""The referral-to-minutes journey, in Chromium, through the pages only.

probation.om refers a person on the MAPPA A form; a probation manager countersigns; the
co-ordinator accepts the referral and schedules a level 2 meeting inviting housing; the
housing SPOC sees the invitation and answers the information request; the chair records
attendance, writes the minutes, approves them and approves sharing with housing; the SPOC
reads them; a lay adviser gets 404; a Parole Board request for minutes is logged, decided
by the chair and yields an executive summary PDF that holds only what a summary may.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from .conftest import PASSWORD, Demo, script_errors, sign_in

pytestmark = pytest.mark.browser

# Text that belongs only in the full minutes: none of it may reach an executive summary.
VICTIMS = "Former partner Ms Example lives at 4 Quiet Lane"
DIFFERING_VIEWS = "Police preferred an exclusion zone twice the size"
HOUSING_INFORMATION = "Tenancy at Flat 9 Example Court since March; rent arrears of 40 pounds"
ACTION = "Flag the victim's address on the housing register"
DISCLOSURE_REASONS = "The new partner already knows of the index offence"
MINUTES_ONLY = (VICTIMS, DIFFERING_VIEWS, HOUSING_INFORMATION, ACTION, DISCLOSURE_REASONS)


@dataclass
class Cast:
    manager: str  # a probation line manager who countersigns
    housing_agency: str
    chair_label: str  # the chair as the schedule form lists them


@pytest.fixture
def cast(demo: Demo) -> Cast:
    """The demo has no probation manager, and ranks are recorded by the co-ordinator:
    a line manager to countersign, and the chair's rank so they may chair level 2."""
    from accounts.models import Agency, Area, Role, User
    from referrals.models import Rank, StaffRank

    coordinator = User.objects.get(username="coordinator")
    chair = User.objects.get(username="chair")
    probation = Agency.objects.get(code="DEMO-PRB")
    manager = User.objects.create_user(
        username="probation.manager",
        password=PASSWORD,
        role=Role.PROBATION_OM,
        agency=probation,
        area=Area.objects.get(code="DEMO"),
        first_name="Grace",
        last_name="Mensah",
        email="probation.manager@demo.invalid",
    )
    StaffRank.objects.create(user=manager, rank=Rank.LINE_MANAGER, recorded_by=coordinator)
    StaffRank.objects.update_or_create(
        user=chair, defaults={"rank": Rank.SENIOR_PROBATION_OFFICER, "recorded_by": coordinator}
    )
    return Cast(
        manager=manager.username,
        housing_agency=Agency.objects.get(code="DEMO-HSG").name,
        chair_label=f"{chair.display_name} ({chair.agency})",
    )


# --- steps ------------------------------------------------------------------------------


def switch_to(page: Page, server_url: str, username: str) -> None:
    """Sign the current user out (if any) and sign in as someone else."""
    sign_out = page.get_by_role("button", name=re.compile(r"^Sign out "))
    if sign_out.count():
        sign_out.click()
    sign_in(page, server_url, username)


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def fill_date(where: Locator, when: date) -> None:
    where.get_by_label("Day").fill(str(when.day))
    where.get_by_label("Month").fill(str(when.month))
    where.get_by_label("Year").fill(str(when.year))


def success(page: Page, text: str) -> None:
    expect(page.get_by_text(text)).to_be_visible()


def refer(page: Page, server_url: str, demo: Demo, cast: Cast) -> str:
    """probation.om fills in the MAPPA A form and submits it; returns the referral's URL."""
    switch_to(page, server_url, "probation.om")
    page.goto(f"{server_url}/people/{demo.person_pk}/")
    page.get_by_role("link", name="MAPP meetings").click()
    page.get_by_role("link", name="Refer to a MAPP meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral to a level 2 or 3 MAPP meeting (MAPPA A)")
    group(page, "MAPPA category").get_by_label("Category 2: violent or other sexual offender", exact=True).check()
    page.get_by_label("Index offence", exact=True).fill("Wounding with intent (s18)")
    page.get_by_label("Reason for referral", exact=True).fill(
        "New intelligence of contact with the victim of the index offence"
    )
    group(page, "Level of management requested").get_by_label("Level 2", exact=True).check()
    group(page, "Likelihood of re-offending").get_by_label("High", exact=True).check()
    page.get_by_label("Likelihood of re-offending: detail", exact=True).fill("OGRS3 68% at two years")
    group(page, "Risk of serious harm (OASys)").get_by_label("High", exact=True).check()
    page.get_by_label("Risk of serious harm to whom", exact=True).fill("A known adult: his former partner")
    page.get_by_label("When is the risk greatest", exact=True).fill("If he learns her new address")
    group(page, "Imminence of the risk").get_by_label("Likely if circumstances change", exact=True).check()
    page.get_by_label("Updated risk assessment", exact=True).fill(
        "OASys reviewed this month: RoSH high to a known adult"
    )
    page.get_by_label("Outline risk management plan", exact=True).fill(
        "Weekly supervision; exclusion zone; victim liaison"
    )
    group(page, "Agencies who should be invited").get_by_label(cast.housing_agency, exact=True).check()
    group(page, "Which meeting is needed").get_by_label("The next scheduled meeting", exact=True).check()
    page.get_by_role("button", name="Submit for countersignature").click()
    success(page, "Referral submitted for countersignature")
    expect(page.get_by_role("main")).to_contain_text("Awaiting countersignature")
    return page.url


def countersign(page: Page, server_url: str, cast: Cast, referral_url: str) -> None:
    switch_to(page, server_url, cast.manager)
    page.goto(f"{server_url}/referrals/")
    page.get_by_role("link", name=re.compile(r"^Referral \d+: ")).first.click()
    expect(page).to_have_url(referral_url)
    page.get_by_role("link", name="Countersign").click()
    group(page, "Your decision").get_by_label("Countersign the referral", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page).to_have_url(referral_url)
    expect(page.get_by_role("main")).to_contain_text("Awaiting gatekeeping")


def accept_and_schedule(page: Page, server_url: str, cast: Cast, referral_url: str) -> str:
    """The co-ordinator accepts from the queue and schedules the meeting; returns its URL."""
    switch_to(page, server_url, "coordinator")
    page.goto(f"{server_url}/referrals/")
    page.locator(f'a[href="{referral_url.removeprefix(server_url)}"]').first.click()
    page.get_by_role("link", name="Gatekeep").click()
    group(page, "Gatekeeping decision").get_by_label("Accept for level 2 or 3 management", exact=True).check()
    group(page, "Level of management (when accepted)").get_by_label("Level 2", exact=True).check()
    page.get_by_label("Reason", exact=True).fill("Within remit; the risk needs multi-agency management")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("main")).to_contain_text("Accepted")

    page.get_by_role("link", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a MAPP meeting")
    # From the referral: an initial meeting at level 2, inviting the agencies it named.
    expect(group(page, "Type of meeting").get_by_label("Initial MAPP meeting", exact=True)).to_be_checked()
    expect(group(page, "Level").get_by_label("Level 2", exact=True)).to_be_checked()
    expect(group(page, "Agencies to invite").get_by_label(cast.housing_agency, exact=True)).to_be_checked()
    # Held today, so that its minutes can be approved in this journey.
    fill_date(group(page, "Date"), date.today())
    page.get_by_label("Start time", exact=True).fill("09:00")
    page.get_by_label("End time", exact=True).fill("10:30")
    page.get_by_label("Place", exact=True).fill("Demotown Police Station, conference room 2")
    page.get_by_label("Chair", exact=True).select_option(label=cast.chair_label)
    page.get_by_role("button", name="Schedule the meeting").click()
    success(page, "scheduled; invitations and requests sent")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Meeting DEMO-MTG-\d{5}$"))
    return page.url


def answer_information_request(page: Page, server_url: str, reference: str) -> None:
    switch_to(page, server_url, "housing.spoc")
    page.get_by_role("link", name="Meeting invitations").click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(f"{reference}, level 2")
    row.get_by_role("link", name=f"Respond for {reference}").click()
    group(page, "What your agency's records show").get_by_label("Information provided", exact=True).check()
    page.get_by_label("Information held", exact=True).fill(HOUSING_INFORMATION)
    page.get_by_role("button", name="Send the response").click()
    success(page, "Response sent to the meeting")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Information provided")
    # The SPOC sees what the invitation shared, not the full meeting.
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("main")).to_contain_text("Shared with your agency")
    expect(page.get_by_role("main")).to_contain_text("Referral summary")
    expect(page.get_by_role("main")).not_to_contain_text("Read the approved minutes")


def write_minutes(page: Page, server_url: str, meeting_url: str, cast: Cast) -> None:
    """The chair records attendance, then fills every section of the MAPPA C minutes."""
    switch_to(page, server_url, "chair")
    page.goto(meeting_url)
    page.get_by_role("link", name="Attendance and attendees").click()
    page.get_by_role("row").filter(has_text=cast.housing_agency).get_by_role("combobox").first.select_option(
        label="Attended"
    )
    page.get_by_role("button", name="Save attendance").click()
    success(page, "Attendance recorded")

    page.get_by_role("link", name="Write the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes (MAPPA C)")
    # The reason comes from the referral; the housing response is shown for the minute-taker.
    expect(page.get_by_label("Reason for the meeting", exact=True)).to_have_value(
        "New intelligence of contact with the victim of the index offence"
    )
    expect(page.get_by_role("main")).to_contain_text(HOUSING_INFORMATION)
    page.get_by_label("Attendance: notes", exact=True).fill("All invited agencies attended.")
    page.get_by_label("Information from each agency", exact=True).fill(
        f"Housing: {HOUSING_INFORMATION}. Police: no new intelligence."
    )
    page.get_by_label("Risk of serious harm to the public", exact=True).select_option(label="Medium")
    page.get_by_label("Risk of serious harm to a known adult", exact=True).select_option(label="High")
    page.get_by_label("Risk of serious harm to children", exact=True).select_option(label="Medium")
    group(page, "Imminence").get_by_label("Likely if circumstances change", exact=True).check()
    page.get_by_label("Risk assessment: discussion", exact=True).fill("Risk is high to his former partner.")
    # Victims left out for now: approval must refuse, naming the rule.
    page.get_by_label("Disclosure has been considered", exact=True).check()
    group(page, "Disclosure decision").get_by_label("Do not disclose", exact=True).check()
    page.get_by_label("Reasons for not disclosing", exact=True).fill(DISCLOSURE_REASONS)
    group(page, "Is the offender told of the disclosure decision?").get_by_label("Yes", exact=True).check()
    first_action = group(page, "Action 1")
    first_action.get_by_label("Heading", exact=True).select_option(label="Victim safety planning")
    first_action.get_by_label("Action", exact=True).fill(ACTION)
    first_action.get_by_label("Owner", exact=True).select_option(label=cast.housing_agency)
    fill_date(first_action, date.today() + timedelta(weeks=2))
    group(page, "Level decision").get_by_label("Level 2", exact=True).check()
    page.get_by_label("Reasoning for the level decision", exact=True).fill(
        "A reduction to level 1 was considered; housing and police actions still need level 2."
    )
    page.get_by_label("A reduction of level has been considered", exact=True).check()
    page.get_by_label("Differing views", exact=True).fill(DIFFERING_VIEWS)
    fill_date(group(page, "Next meeting or review"), date.today() + timedelta(weeks=10))
    page.get_by_role("button", name="Save and go to approval").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the minutes")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the victims and potential victims")
    page.get_by_role("button", name="Approve and lock the minutes").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The minutes were not approved")

    # Back to the editor: the draft kept everything; add the victims and approve.
    page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("Enter the victims")).click()
    expect(page.get_by_label("Differing views", exact=True)).to_have_value(DIFFERING_VIEWS)
    page.get_by_label("Victims and potential victims", exact=True).fill(VICTIMS)
    page.get_by_role("button", name="Save and go to approval").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Approve and lock the minutes").click()
    success(page, "Minutes approved and locked")


def share_with_housing(page: Page, meeting_url: str, cast: Cast) -> None:
    page.goto(meeting_url)
    page.get_by_role("link", name="Approve sharing with a named recipient").click()
    page.get_by_label("Agency", exact=True).select_option(label=cast.housing_agency)
    page.get_by_label("Named recipient", exact=True).fill("Dan Kowalski, housing SPOC")
    page.get_by_label("Purpose", exact=True).fill("Housing actions in the risk management plan")
    page.get_by_role("button", name="Save").click()
    success(page, "Minutes shared with Dan Kowalski, housing SPOC")


def read_shared_minutes(page: Page, server_url: str, reference: str) -> None:
    switch_to(page, server_url, "housing.spoc")
    page.get_by_role("link", name="Meeting invitations").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Read the approved minutes").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(VICTIMS)
    expect(main).to_contain_text(ACTION)


def lay_adviser_cannot(page: Page, server_url: str, meeting_url: str) -> None:
    switch_to(page, server_url, "lay.adviser")
    for path in ("minutes/", "minutes.pdf", ""):
        response = page.goto(f"{meeting_url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text(VICTIMS)


def parole_board_request(page: Page, server_url: str, demo: Demo) -> str:
    """The co-ordinator logs it; returns the request's URL."""
    switch_to(page, server_url, "coordinator")
    page.goto(f"{server_url}/meetings/minutes-requests/")
    page.get_by_role("link", name="Log a request").click()
    page.get_by_label("Person's OpenMAPPA reference", exact=True).fill(demo.person_reference)
    group(page, "Who is asking").get_by_label("Parole Board", exact=True).check()
    page.get_by_label("Name of the requester", exact=True).fill("Parole Board case manager")
    page.get_by_label("What the minutes are wanted for", exact=True).fill(
        "Oral hearing: risk management in the community"
    )
    fill_date(group(page, "Date received"), date.today())
    page.get_by_role("button", name="Log and send to the chair").click()
    success(page, "Request logged and sent to Ruth Adeyemi, the chair")
    return page.url


def release_summary(page: Page, server_url: str, request_url: str) -> bytes:
    """The chair releases the Minutes Executive Summary and downloads its PDF."""
    switch_to(page, server_url, "chair")
    page.goto(f"{server_url}/meetings/minutes-requests/")
    page.locator(f'a[href="{request_url.removeprefix(server_url)}"]').click()
    group(page, "Your decision").get_by_label("Release the Minutes Executive Summary", exact=True).check()
    page.get_by_label("Reason for the decision", exact=True).fill("The Parole Board needs the risk management picture")
    page.get_by_role("button", name="Record the decision").click()
    success(page, "Decision recorded")
    link = page.get_by_role("link", name="Download the executive summary (PDF)")
    href = link.get_attribute("href")
    assert href
    response = page.context.request.get(f"{server_url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


# --- the journey ------------------------------------------------------------------------


def test_referral_to_meeting_to_minutes_to_executive_summary(
    page: Page, server_url: str, demo: Demo, cast: Cast
) -> None:
    referral_url = refer(page, server_url, demo, cast)
    countersign(page, server_url, cast, referral_url)
    meeting_url = accept_and_schedule(page, server_url, cast, referral_url)
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Meeting ")

    answer_information_request(page, server_url, reference)
    write_minutes(page, server_url, meeting_url, cast)
    share_with_housing(page, meeting_url, cast)
    read_shared_minutes(page, server_url, reference)
    lay_adviser_cannot(page, server_url, meeting_url)

    request_url = parole_board_request(page, server_url, demo)
    pdf = PdfReader(io.BytesIO(release_summary(page, server_url, request_url)))
    pages = [p.extract_text() for p in pdf.pages]
    text = "\n".join(pages)
    for number, content in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in content, f"page {number} is not marked"
        assert f"Page {number} of {len(pages)}" in content, f"page {number} is not numbered"
        assert reference in content, f"page {number} lacks the meeting reference"
    assert "Minutes Executive Summary" in text
    assert demo.person_reference in text
    for minutes_only in MINUTES_ONLY:
        assert minutes_only not in text, f"the executive summary holds minutes-only content: {minutes_only}"

    from access.models import ShareGrant
    from audit.models import AuditEvent

    # Every step left its trace; housing reads the minutes through a grant.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "referral.submit",
        "referral.countersign",
        "referral.gatekeep",
        "meeting.schedule",
        "meeting.information_response",
        "minutes.approve",
        "minutes.share",
        "share.view",
        "minutes_request.log",
        "minutes_request.decide",
        "executive_summary.pdf",
    } <= actions
    assert ShareGrant.objects.filter(agency__code="DEMO-HSG", scope="minutes", revoked_at__isnull=True).count() == 1
    assert script_errors(page) == []
