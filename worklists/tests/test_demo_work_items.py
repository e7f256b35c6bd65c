"""Every demo user's work, as they see it: every item in My work, the area view and the
notifications names its person (as the user may see them), links to a page the user can
open, and says what the person's own page says of that clock. Work that is done leaves
every list at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import unescape
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from access import policy
from accounts.models import User
from conftest import TablesCopy, committed
from kernel.actor import Actor
from kernel.person_clocks import clocks_of
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingStatus, MinutesRequest, RequestStatus
from referrals import services as referral_services
from referrals.models import Referral, ReferralStatus
from register.models import Nominal
from rules.clocks import Clock
from visits.clocks import visit_clocks_for
from worklists.reminders import reminders, unread_count

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-2026"
ROW = re.compile(
    r'<tr class="govuk-table__row" data-testid="work-item" data-kind="(?P<kind>[^"]*)" '
    r'data-nominal="(?P<nominal>[^"]*)">(?P<cells>.*?)</tr>',
    re.S,
)


@dataclass(frozen=True)
class Row:
    kind: str
    nominal_id: int | None
    name: str
    reference: str
    url: str
    label: str
    overdue: bool

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.url}|{self.label}"


def _text(pattern: str, cells: str) -> str:
    found = re.search(pattern, cells, re.S)
    return unescape(found.group(1)).strip() if found else ""


def rows_of(content: bytes) -> list[Row]:
    rows = []
    for match in ROW.finditer(content.decode()):
        cells = match["cells"]
        url, label = re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', cells, re.S)[-1]
        rows.append(
            Row(
                kind=match["kind"],
                nominal_id=int(match["nominal"]) if match["nominal"] else None,
                name=_text(r'data-testid="person-name">(.*?)</span>', cells),
                reference=_text(r'data-testid="person-reference">(.*?)</span>', cells),
                url=unescape(url),
                label=unescape(label).strip(),
                overdue='govuk-tag--red">Overdue' in cells,
            )
        )
    return rows


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, seeded and committed once for this module as ./scripts/run seeds it (so
    the stored due dates follow as they do there), with the day's reminders sent; at the
    end the tables are put back as they were (conftest.TablesCopy). Each test runs in a
    transaction of its own, rolled back afterwards."""
    with django_db_blocker.unblock():
        before = TablesCopy.take("demo_work_items_before")
    try:
        with django_db_blocker.unblock():
            call_command("seed_demo", password=PASSWORD, stdout=StringIO())
            call_command("seed_demo_meetings", password=PASSWORD, stdout=StringIO())
            call_command("seed_demo_reports", password=PASSWORD, stdout=StringIO(), stderr=StringIO())
            for part in ("plans", "disclosure", "rso", "custody"):
                call_command(f"seed_demo_{part}", stdout=StringIO())
            call_command("send_reminders", stdout=StringIO())
        yield
    finally:
        with django_db_blocker.unblock():
            before.restore()
            before.drop()


@pytest.fixture
def demo(demo_seeded: None, db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(is_demo=True)}


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Where a work item stands for a clock the person's own pages show, the clock that page
# shows for it: found by its due date (and, where one page shows several, its label).
def _page_clocks(user: User, row: Row, person: Nominal) -> list[Clock]:
    if row.kind == "home-visit":
        return visit_clocks_for(person, timezone.localdate())
    return clocks_of(user, person)


CLOCK_KINDS = {"registration-review", "notification", "retention-review", "home-visit"}


def check_status(user: User, row: Row, due_on: date) -> None:
    assert row.nominal_id is not None
    person = Nominal.objects.get(pk=row.nominal_id)
    clocks = [c for c in _page_clocks(user, row, person) if c.due_on == due_on]
    if row.kind in ("notification", "home-visit"):
        clocks = [c for c in clocks if c.label == row.label]
    if row.kind == "home-visit" and row.label.startswith("Planned home visit"):
        return  # a visit planned, not a clock
    assert clocks, f"{user.username}: no clock on the person's page for {row}"
    status = str(clocks[0].status)
    assert (status == "overdue") == row.overdue, f"{user.username}: {row} but the person's page says {status}"
    assert "met" not in status and status != "ended", f"{user.username}: {row} is done: {status}"


def check_rows(user: User, client: Client, rows: list[Row], items: dict[str, date]) -> None:
    named = policy.nominals_named_to(user, [r.nominal_id for r in rows if r.nominal_id])
    opened: dict[str, int] = {}
    for row in rows:
        if row.url not in opened:  # several items share a page (a person's clocks)
            opened[row.url] = client.get(row.url).status_code
        assert opened[row.url] == 200, f"{user.username}: {row.url} ({row.kind})"
        assert row.nominal_id is not None, f"{user.username}: {row} names no one"
        assert row.nominal_id in named
        person = Nominal.objects.get(pk=row.nominal_id)
        assert (row.name, row.reference) == (str(person), person.reference)
        if row.kind in CLOCK_KINDS:
            check_status(user, row, items[row.key])


def api_items(user: User, client: Client, path: str) -> dict[str, date]:
    """The API's items' due dates, by kind, page and label (Row.key), checking each names
    its person and links alike."""
    answer = client.get(path, {"within": 56, "page_size": 500}).json()
    found = {}
    for item in answer["results"]:
        assert item["url"] and item["nominal_id"] is not None, item
        person = Nominal.objects.get(pk=item["nominal_id"])
        assert (item["person_name"], item["person_reference"]) == (str(person), person.reference)
        found[f"{item['kind']}|{item['url']}|{item['label']}"] = date.fromisoformat(item["due_on"])
    return found


def test_every_demo_user_s_items_name_the_person_and_open(demo: dict[str, User]) -> None:
    assert {"police.om", "coordinator", "housing.spoc", "chair", "probation.senior", "lay.adviser"} <= set(demo)
    seen: dict[str, int] = {}
    for username, user in sorted(demo.items()):
        client = client_for(user)
        mine = client.get("/my-work/", {"within": 56, "page_size": 500})
        assert mine.status_code == 200
        items = api_items(user, client, "/api/v1/worklist/")
        rows = rows_of(mine.content)
        assert {row.key for row in rows} == set(items)
        if policy.is_coordinator(user):
            area = client.get("/my-work/area/", {"within": 56, "page_size": 500})
            area_rows = rows_of(area.content)
            area_items = api_items(user, client, "/api/v1/worklist/area/")
            assert area_rows and {row.key for row in area_rows} == set(area_items)
            check_rows(user, client, area_rows, area_items)
        inbox = client.get("/notifications/")
        inbox_rows = rows_of(inbox.content)
        check_rows(user, client, rows, items)
        # A reminder stands for an item of My work, as it stands now.
        for row in inbox_rows:
            assert row.key in items, f"{username}: {row} is not in My work"
        check_rows(user, client, inbox_rows, items)
        api_inbox = client.get("/api/v1/notifications/").json()
        assert api_inbox["count"] == len(inbox_rows)
        badge = re.search(r'data-testid="unread-count">(\d+)<', client.get("/").content.decode())
        assert (int(badge.group(1)) if badge else 0) == api_inbox["unread"] <= len(inbox_rows)
        seen[username] = len(rows)
    # The demo gives the practitioners work, and none to those who see no one.
    assert seen["police.om"] and seen["coordinator"] and seen["chair"] and seen["housing.spoc"]
    assert seen["probation.senior"] and not seen["lay.adviser"] and not seen["admin"]


def _kinds_in(user: User, client: Client, path: str) -> dict[str, set[str]]:
    rows = rows_of(client.get(path, {"within": 56, "page_size": 500}).content)
    kinds: dict[str, set[str]] = {}
    for row in rows:
        kinds.setdefault(row.kind, set()).add(row.url)
    return kinds


def _reminded(user: User) -> set[str]:
    return {reminder.item.url for reminder in reminders(requested_by=user)}


def test_decisions_waited_on_are_in_my_work_and_leave_every_list_once_made(demo: dict[str, User]) -> None:
    chair, senior, coordinator = demo["chair"], demo["probation.senior"], demo["coordinator"]
    housing = demo["housing.spoc"]
    waiting = MinutesRequest.objects.get(status=RequestStatus.WITH_CHAIR, routed_to=chair)
    disputed = Referral.objects.get(status=ReferralStatus.DISPUTED)
    request_page, resolve_page = f"/meetings/minutes-requests/{waiting.pk}/", f"/referrals/{disputed.pk}/resolve/"

    # Whoever must act sees it in My work, in their notifications and on the badge.
    assert request_page in _kinds_in(chair, client_for(chair), "/my-work/")["minutes-request"]
    assert resolve_page in _kinds_in(senior, client_for(senior), "/my-work/")["referral-dispute"]
    assert request_page in _reminded(chair) and resolve_page in _reminded(senior)
    area = _kinds_in(coordinator, client_for(coordinator), "/my-work/area/")
    assert f"/referrals/{disputed.pk}/" in area["referral-dispute"] and request_page in area["minutes-request"]
    badge = unread_count(requested_by=senior)

    with committed():
        meeting_services.decide_minutes_request(
            actor=Actor(chair), minutes_request=waiting, release=False, reason="Not needed for the hearing"
        )
        referral_services.resolve_dispute(
            actor=Actor(senior), referral=disputed, decision="uphold", reason="The decision stands"
        )
    # Done: gone from every list at once.
    assert "minutes-request" not in _kinds_in(chair, client_for(chair), "/my-work/")
    assert "referral-dispute" not in _kinds_in(senior, client_for(senior), "/my-work/")
    area = _kinds_in(coordinator, client_for(coordinator), "/my-work/area/")
    assert "referral-dispute" not in area and "minutes-request" not in area
    assert request_page not in _reminded(chair) and resolve_page not in _reminded(senior)
    assert unread_count(requested_by=senior) == badge - 1
    assert request_page not in client_for(chair).get("/notifications/").content.decode()

    # A meeting cancelled: the invited agency's request to answer leaves its lists.
    open_meeting = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED,
        invitations__information_request__response_kind="",
        invitations__agency=housing.agency,
    ).first()
    assert open_meeting is not None
    answer_pages = {
        f"/meetings/information-requests/{i.information_request.pk}/"
        for i in open_meeting.invitations.filter(agency=housing.agency)
    }
    assert answer_pages & _kinds_in(housing, client_for(housing), "/my-work/").get("information-request", set())
    with committed():
        meeting_services.cancel_meeting(
            actor=Actor(coordinator), meeting=open_meeting, reason="The person was recalled"
        )
    assert not answer_pages & _kinds_in(housing, client_for(housing), "/my-work/").get("information-request", set())
    assert not answer_pages & _reminded(housing)
    page = client_for(housing).get("/notifications/").content.decode()
    assert not any(url in page for url in answer_pages)


def test_the_list_comes_before_its_filters(demo: dict[str, User]) -> None:
    page = client_for(demo["police.om"]).get("/my-work/").content.decode()
    assert page.index('data-testid="work-items"') < page.index('data-testid="worklist-filters"')
    assert '<details class="govuk-details" data-testid="worklist-filters">' in page  # folded away, no script needed
    filtered = client_for(demo["police.om"]).get("/my-work/", {"status": "overdue"}).content.decode()
    assert "Showing: Overdue." in filtered
