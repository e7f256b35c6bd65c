"""Who may read and who may record notifications, civil orders and home visits: every role,
every kind of record (conftest.records), and the pages and API answering the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from access import policy
from accounts.models import User
from conftest import ACTORS, RECORD_KINDS, Records, agency
from kernel.actor import Actor
from register.models import Nominal

pytestmark = pytest.mark.django_db

# Written out by hand from the rule: read by whoever sees the person; written by the lead
# and partner agencies' caseworkers, the record manager and the co-ordinator, by the
# creating agency before any registration, never on an archived record.
READERS = {
    "police_om": {"own", "partner", "archived"},
    "probation_om": {"partner", "unregistered"},
    "prison_om": {"other_agency"},
    "coordinator": {"own", "partner", "other_agency", "archived", "unregistered"},
    "chair": {"partner", "unregistered"},
    "other_area_police": {"other_area"},
}
WRITERS = {
    "police_om": {"own", "partner"},
    "probation_om": {"partner", "unregistered"},
    "prison_om": {"other_agency"},
    "coordinator": {"own", "partner", "other_agency", "unregistered"},
    "chair": {"partner", "unregistered"},
    "other_area_police": {"other_area"},
}


@pytest.mark.parametrize("actor", ACTORS)
def test_read_and_write_for_every_role(actor: str, users: dict[str, User], records: Records) -> None:
    user = users[actor]
    for kind in RECORD_KINDS:
        nominal = records.people[kind]
        assert policy.can_view_rso_records(user, nominal) == (kind in READERS.get(actor, set())), (actor, kind)
        assert policy.can_record_rso(user, nominal) == (kind in WRITERS.get(actor, set())), (actor, kind)


def test_the_creating_agency_does_not_write_once_another_agency_leads(
    users: dict[str, User], make_person: Callable[..., Nominal], make_registration: Callable[..., object]
) -> None:
    police, probation = users["police_om"], users["probation_om"]
    nominal = make_person(police)  # created by the police ...
    make_registration(nominal, probation)  # ... then led and managed by probation alone
    assert policy.can_view_rso_records(police, nominal)
    assert not policy.can_record_rso(police, nominal)
    assert policy.can_record_rso(probation, nominal)


def test_emergency_access_reads_but_never_writes(users: dict[str, User], records: Records) -> None:
    from access import emergency

    officer, nominal = users["prison_om"], records.people["own"]
    opened = emergency.open_access(
        actor=Actor(officer), identifier=nominal.reference, reason="Released today: checking the notified address"
    )
    assert opened.access is not None
    assert policy.can_view_rso_records(officer, nominal)
    assert not policy.can_record_rso(officer, nominal)


PAGES = ("notifications", "orders", "visits")
FORMS = ("notifications/new", "notifications/breaches/new", "notifications/subject/new", "orders/new", "visits/new")


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_and_api_answer_as_the_policy_says(actor: str, users: dict[str, User], records: Records) -> None:
    page, api = Client(), APIClient()
    page.force_login(users[actor])
    api.force_authenticate(users[actor])
    for kind in ("own", "archived", "other_area"):
        pk = records.people[kind].pk
        reads, writes = kind in READERS.get(actor, set()), kind in WRITERS.get(actor, set())
        for tab in PAGES:
            assert page.get(f"/people/{pk}/{tab}/").status_code == (200 if reads else 404), (actor, kind, tab)
            assert api.get(f"/api/v1/nominals/{pk}/{tab}/").status_code == (200 if reads else 404)
        for form in FORMS:
            assert page.get(f"/people/{pk}/{form}/").status_code == (200 if writes else 404), (actor, kind, form)
        # An empty create is bad input for a writer, and the same 404 for everyone else.
        response = api.post(f"/api/v1/nominals/{pk}/visits/", {"visit_on": str(date(2024, 1, 1))}, format="json")
        assert response.status_code == (400 if writes else 404)


def test_a_partner_agency_sees_the_tabs_in_the_sub_navigation(users: dict[str, User], records: Records) -> None:
    client = Client()
    client.force_login(users["police_om"])
    body = client.get(f"/people/{records.people['partner'].pk}/").content.decode()
    for label in ("Notification", "Civil orders", "Home visits"):
        assert f">{label}</a>" in body
    assert agency("DEMO-POL").kind == "police"
