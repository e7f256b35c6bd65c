"""The disclosure pages (without JavaScript: plain form posts) and the worklist sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from conftest import committed, error_summary
from disclosure import services, worklist
from disclosure.models import Disclosure
from kernel.actor import Actor
from kernel.worklist_sources import SOURCES, SUMMARISERS, Summary, Wanted, WorklistScope, kind_title, summarise_listed
from register.models import Nominal

from .conftest import decision_values

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User | None], Client]


def _date(prefix: str, when: object) -> dict[str, object]:
    return {f"{prefix}-day": when.day, f"{prefix}-month": when.month, f"{prefix}-year": when.year}  # type: ignore[attr-defined]


def test_the_person_tab_lists_decisions_and_offers_a_new_one(
    signed_in: SignedIn, users: dict[str, User], decided: Disclosure, level1: Nominal
) -> None:
    page = signed_in(users["police_om"]).get(f"/people/{level1.pk}/disclosure/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jane Example" in html and "Record a disclosure decision" in html
    assert 'aria-current="page">Disclosure<' in html
    # The co-ordinator (no victims grant) sees the Disclosure tab but not the Victims tab.
    assert ">Victims<" in html
    coordinator_page = signed_in(users["coordinator"]).get(f"/people/{level1.pk}/disclosure/").content.decode()
    assert ">Victims<" not in coordinator_page


def test_a_decision_through_the_form(signed_in: SignedIn, users: dict[str, User], level1: Nominal) -> None:
    client = signed_in(users["police_om"])
    today = timezone.localdate()
    refused = client.post(
        f"/people/{level1.pk}/disclosure/new/",
        {"considered": "yes", "decision": "disclose", **_date("decided_on", today)},
    )
    assert refused.status_code == 200
    summary = error_summary(refused.content)
    assert any("rule disclosure.to_whom" in message for message in summary.values())
    assert not Disclosure.objects.exists()
    form = {
        "considered": "yes",
        "decision": "disclose",
        **_date("decided_on", today),
        "reason": "New partner with children",
        "what": "Convictions",
        "recipient_kind": "person",
        "recipient_name": "Jane Example",
        "recipient_relationship": "New partner",
        "discloser": users["police_om"].pk,
        **_date("disclose_by", today + timedelta(days=3)),
        "offender_told": "yes",
    }
    saved = client.post(f"/people/{level1.pk}/disclosure/new/", form)
    disclosure = Disclosure.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/disclosure/{disclosure.pk}/"
    detail = client.get(saved["Location"]).content.decode()
    assert "Timeline of changes" in detail and "disclosure.decide" in detail


def test_carried_out_without_a_date_shows_the_error_summary(
    signed_in: SignedIn, users: dict[str, User], decided: Disclosure
) -> None:
    client = signed_in(users["police_om"])
    page = client.post(
        f"/disclosure/{decided.pk}/carried-out/", {"version": decided.version, "carried_out_by": users["police_om"].pk}
    )
    assert page.status_code == 200
    assert list(error_summary(page.content).values()) == [services.CARRIED_OUT_DATE_RULE]
    decided.refresh_from_db()
    assert decided.carried_out_on is None


def test_others_get_404_on_the_steps(signed_in: SignedIn, users: dict[str, User], decided: Disclosure) -> None:
    for actor in ("probation_om", "prison_om", "chair", "dtc_spoc", "lay_adviser", "auditor", "other_area_police"):
        client = signed_in(users[actor])
        for step in ("", "edit/", "carried-out/", "acknowledgement/", "review/"):
            assert client.get(f"/disclosure/{decided.pk}/{step}").status_code == 404, (actor, step)


def test_the_register_page(signed_in: SignedIn, users: dict[str, User], decided: Disclosure) -> None:
    page = signed_in(users["coordinator"]).get("/disclosure/register/")
    assert page.status_code == 200 and "Jane Example" in page.content.decode()
    assert signed_in(users["police_om"]).get("/disclosure/register/").status_code == 404
    # The co-ordinator reaches it from the service navigation; nobody else is offered it.
    assert 'href="/disclosure/register/"' in signed_in(users["coordinator"]).get("/").content.decode()
    assert 'href="/disclosure/register/"' not in signed_in(users["police_om"]).get("/").content.decode()


def test_worklist_sources_for_reviews_and_disclosures_due(
    users: dict[str, User], level1: Nominal, records: object
) -> None:
    assert "disclosure-review" in SOURCES and "disclosure-due" in SOURCES
    assert kind_title("disclosure-review") == "Disclosure decision reviews"
    officer = users["police_om"]
    today = timezone.localdate()
    with committed():
        old = services.record_decision(
            actor=Actor(officer),
            nominal=level1,
            values=decision_values(
                officer, decided_on=today - timedelta(days=150), disclose_by=today - timedelta(days=140)
            ),
        )
    assert old.review_due_on is not None and old.review_due_on < today  # overdue
    mine = WorklistScope(today=today, due_by=today + timedelta(days=14), user=officer)
    reviews = list(worklist.reviews_due(mine))
    assert [(i.kind, i.due_on, i.nominal_id) for i in reviews] == [("disclosure-review", old.review_due_on, level1.pk)]
    assert reviews[0].is_overdue(today)
    due = list(worklist.disclosures_due(mine))
    assert [(i.kind, i.due_on, i.owner_user_id) for i in due] == [("disclosure-due", old.disclose_by, officer.pk)]
    # The area's co-ordinator sees them; someone else's worklist does not.
    area = WorklistScope(today=today, due_by=today, area_id=level1.area_id)
    assert len(list(worklist.reviews_due(area))) == 1 and len(list(worklist.disclosures_due(area))) == 1
    others = WorklistScope(today=today, due_by=today + timedelta(days=14), user=users["probation_om"])
    assert list(worklist.reviews_due(others)) == [] and list(worklist.disclosures_due(others)) == []
    # Nor does another officer of the same force: the review is the record manager's work.
    from accounts.models import Role
    from referrals.tests.helpers import make_user

    colleague = make_user(Role.POLICE_OM, officer.agency.code)  # type: ignore[union-attr]
    assert (
        list(worklist.reviews_due(WorklistScope(today=today, due_by=today + timedelta(days=14), user=colleague))) == []
    )
    # The worklist pages show them: the officer's own, and the co-ordinator's area.
    from django.test import Client

    officer_client, coordinator_client = Client(), Client()
    officer_client.force_login(officer)
    coordinator_client.force_login(users["coordinator"])
    mine_page = officer_client.get("/my-work/?within=90").content.decode()
    assert "Review the level 1 disclosure decision" in mine_page and "Make the disclosure to Jane Example" in mine_page
    assert (
        "Review the level 1 disclosure decision" in coordinator_client.get("/my-work/area/?within=90").content.decode()
    )
    # Once carried out and reviewed, nothing is due.
    with committed():
        services.record_carried_out(actor=Actor(officer), disclosure=old, carried_out_on=today, carried_out_by=officer)
    in_a_year = WorklistScope(today=today, due_by=today + timedelta(days=365), area_id=level1.area_id)
    assert area_view(in_a_year).total == 1
    with committed():
        services.record_review(actor=Actor(officer), disclosure=old, reviewed_on=today, outcome="No change")
    assert list(worklist.reviews_due(mine)) == [] and list(worklist.disclosures_due(mine)) == []
    # The area view reads the reviews stored (disclosure/due.py): the next one, after this review.
    assert area_view(in_a_year) == summarise_listed(worklist.reviews_due(in_a_year), in_a_year, Wanted(limit=100))
    assert area_view(in_a_year).total == 1


def area_view(scope: WorklistScope) -> Summary:
    return SUMMARISERS["disclosure-review"](scope, Wanted(limit=100))
