"""Every view of a person's record and every write is an audit event (who, which agency,
what, about whom, from where), and the hash chain shows any tampering."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access import sharing
from access.models import ShareScope
from access.tests.test_access_matrix import ROUTES, ROUTES_BY_NAME, url_for
from accounts.models import User
from audit import trail
from audit.models import AuditEvent, AuditLogIsAppendOnly
from conftest import PersonMaker, Records, RegistrationMaker, agency
from kernel.actor import Actor
from register.models import Nominal

pytestmark = pytest.mark.django_db

IP = "203.0.113.42"
TODAY = timezone.localdate


def client_for(user: User, ip: str = IP) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def date_fields(name: str, day: Any) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def last_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    return event


def assert_event(event: AuditEvent, *, action: str, user: User, nominal: Nominal | None, ip: str = IP) -> None:
    assert event.action == action
    assert event.actor == user and event.actor_username == user.username
    assert user.agency is not None and event.agency_code == user.agency.code
    assert event.nominal_id == (nominal.pk if nominal else None)
    assert event.ip_address == ip
    assert event.occurred_at is not None and abs(timezone.now() - event.occurred_at) < timedelta(minutes=5)


@pytest.mark.parametrize(
    ("route", "section"),
    [
        ("register:summary", "summary"),
        ("register:personal-details", "personal_details"),
        ("register:addresses", "addresses"),
        ("register:convictions", "convictions"),
        ("cases:registration", "mappa"),
    ],
)
def test_every_page_view_of_a_person_is_audited(
    police_om: User, make_person: PersonMaker, route: str, section: str
) -> None:
    person = make_person(police_om)
    before = AuditEvent.objects.count()
    assert client_for(police_om).get(reverse(route, args=[person.pk])).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert_event(event, action="nominal.view", user=police_om, nominal=person)
    assert (event.object_type, event.object_id, event.detail["section"]) == ("Nominal", str(person.pk), section)


def test_a_refused_view_shows_nothing_and_records_no_view(users: dict[str, User], make_person: PersonMaker) -> None:
    person = make_person(users["police_om"])
    before = AuditEvent.objects.count()
    assert client_for(users["prison_om"]).get(reverse("register:summary", args=[person.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="nominal.view").exists()
    assert AuditEvent.objects.count() == before


def test_every_write_through_the_pages_is_audited(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    police = users["police_om"]
    client = client_for(police)
    # Create a person.
    response = client.post(
        reverse("register:create"),
        {"family_name": "Audited", "given_names": "Ann", "gender": "female", "custody_status": "community"}
        | date_fields("date_of_birth", TODAY().replace(year=1990)),
    )
    assert response.status_code == 302
    person = Nominal.objects.get(family_name="Audited")
    assert_event(last_event(), action="nominal.create", user=police, nominal=person)
    # Edit them.
    response = client.post(
        reverse("register:edit", args=[person.pk]),
        {
            "family_name": "Audited",
            "given_names": "Anne",
            "gender": "female",
            "custody_status": "community",
            "version": "1",
        }
        | date_fields("date_of_birth", person.date_of_birth),
    )
    assert response.status_code == 302
    event = last_event()
    assert_event(event, action="nominal.update", user=police, nominal=person)
    assert event.detail == {"fields": ["given_names"]}
    # An alias, an address, a conviction.
    writes: list[tuple[str, dict[str, str], str]] = [
        ("register:add-alias", {"kind": "alias", "name": "Annie"}, "alias.create"),
        (
            "register:add-address",
            {"kind": "main", "line1": "2 Audit Row", "town": "Demotown"} | date_fields("from_date", TODAY()),
            "address.create",
        ),
        (
            "register:add-conviction",
            {"offence": "Robbery", "disposal": "custody", "sentence_months": "30"}
            | date_fields("conviction_date", TODAY() - timedelta(days=400)),
            "conviction.create",
        ),
    ]
    for route, data, action in writes:
        assert client.post(reverse(route, args=[person.pk]), data).status_code == 302, route
        assert_event(last_event(), action=action, user=police, nominal=person)
    # Register, change level, archive, reactivate.
    start = TODAY() - timedelta(days=10)
    response = client.post(
        reverse("cases:register", args=[person.pk]),
        {
            "category": "2",
            "level": "1",
            "lead_agency": str(police.agency_id),
            "record_manager": str(police.pk),
            "reason": "Sentenced",
        }
        | date_fields("start_date", start),
    )
    assert response.status_code == 302
    assert_event(last_event(), action="registration.create", user=police, nominal=person)
    decisions: list[tuple[str, dict[str, str], str]] = [
        (
            "cases:change-level",
            {"level": "2", "reason": "Escalation", "version": "1", "basis": "emergency", "emergency_reason": "Threats"}
            | date_fields("decided_on", TODAY()),
            "registration.level_change",
        ),
        (
            # Now at level 2: leaving MAPPA needs the date the up-to-date plan was agreed.
            "cases:archive",
            # Before its exit point a person leaves MAPPA only on death (rules.exit_guard).
            {"reason": "Died", "exit_basis": "died", "version": "2"}
            | date_fields("archived_on", TODAY())
            | date_fields("plan_agreed_on", TODAY()),
            "registration.archive",
        ),
        (
            "cases:reactivate",
            {"reason": "Back again"} | date_fields("reactivated_on", TODAY()),
            "registration.reactivate",
        ),
    ]
    for route, data, action in decisions:
        assert client.post(reverse(route, args=[person.pk]), data).status_code == 302, route
        assert_event(last_event(), action=action, user=police, nominal=person)
    assert trail.first_broken_link() is None


def test_an_api_write_records_the_callers_address(police_om: User) -> None:
    from rest_framework.test import APIClient

    from accounts.tokens import issue_token

    raw, _ = issue_token(user=police_om)
    client = APIClient(REMOTE_ADDR="2001:DB8:0:0:0:0:0:7")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        "/api/v1/nominals/",
        {"family_name": "Api", "given_names": "Made", "date_of_birth": "1990-01-01", "gender": "male"},
        format="json",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="nominal.create")
    assert_event(event, action="nominal.create", user=police_om, nominal=Nominal.objects.get(), ip="2001:db8::7")
    assert trail.first_broken_link() is None


# --- The hash chain ------------------------------------------------------------------------


@pytest.fixture
def chain(police_om: User, make_person: PersonMaker) -> list[AuditEvent]:
    person = make_person(police_om)
    for section in ("summary", "addresses", "convictions"):
        trail.record(actor=police_om, action="nominal.view", obj=person, nominal_id=person.pk, detail={"s": section})
    return list(AuditEvent.objects.order_by("id"))


def test_the_chain_links_every_event_to_the_one_before(chain: list[AuditEvent]) -> None:
    assert chain[0].previous_hash == trail.GENESIS_HASH
    for before, after in itertools.pairwise(chain):
        assert after.previous_hash == before.hash
    for event in chain:
        assert trail.event_hash(event) == event.hash
    assert trail.first_broken_link() is None


def test_the_application_cannot_alter_an_event(chain: list[AuditEvent]) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=chain[1].pk).update(action="nominal.nothing")
    event = chain[1]
    event.action = "nominal.nothing"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=chain[1].pk).delete()
    assert AuditEvent.objects.get(pk=chain[1].pk).action == "nominal.view"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_alter_an_event(chain: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_auditevent SET action = %s WHERE id = %s", ["x", chain[1].pk])
    assert trail.first_broken_link() is None


def _tamper(sql: str, params: list[Any]) -> None:
    """What only the table's owner could do: switch the trigger off, change a row, switch it
    back on. It rolls back with the test."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE access_auditevent DISABLE TRIGGER access_auditevent_no_update_delete")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE access_auditevent ENABLE TRIGGER access_auditevent_no_update_delete")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "nominal.nothing"),
        ("actor_username", "someone.else"),
        ("ip_address", "198.51.100.1"),
        ("nominal_id", 1),
        ("agency_code", "KEN-POL"),
    ],
)
def test_altering_one_rows_content_is_detected_at_that_row(chain: list[AuditEvent], column: str, value: Any) -> None:
    target = chain[2]
    _tamper(f"UPDATE access_auditevent SET {column} = %s WHERE id = %s", [value, target.pk])  # noqa: S608
    broken = trail.first_broken_link()
    assert broken is not None and broken.event_id == target.pk
    assert "content does not match its hash" in broken.problem


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_removing_a_row_is_detected_at_the_next(chain: list[AuditEvent]) -> None:
    _tamper("DELETE FROM access_auditevent WHERE id = %s", [chain[1].pk])
    broken = trail.first_broken_link()
    assert broken is not None and broken.event_id == chain[2].pk


# --- Generated: every page and endpoint that shows a person records the view ----------------

# Routes that nobody in the shared fixture may GET (such as the DTC list of disclosures about
# one person, open only through a disclosure grant) are covered by their app's own tests.
SHOWING_ROUTES = sorted(
    name
    for name, route in ROUTES.items()
    if route.target in ("person", "registration")
    and any(method == "get" and allowed for method, allowed, *_ in route.checks)
)


def _an_allowed_view(name: str) -> tuple[str, str]:
    allowed = next(allowed for method, allowed, *_ in ROUTES[name].checks if method == "get")
    return ("police_om", "own") if ("police_om", "own") in allowed else sorted(allowed)[0]


@pytest.mark.parametrize("name", SHOWING_ROUTES)
def test_every_route_that_shows_a_person_records_who_looked(
    name: str, users: dict[str, User], records: Records
) -> None:
    sharing.grant(
        actor=Actor(users["police_om"]),
        nominal=records.people["own"],
        agency=agency("DEMO-HSG"),
        scope=ShareScope.REFERRAL_SUMMARY,
        reason="Invited to the MAPP meeting",
    )
    actor, kind = _an_allowed_view(name)
    person = records.people[kind]
    target = person if ROUTES[name].target == "person" else records.registrations[kind]
    assert target is not None
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client_for(users[actor]).get(url_for(ROUTES_BY_NAME[name], target.pk))
    assert response.status_code == 200
    seen = AuditEvent.objects.filter(id__gt=before, nominal_id=person.pk, actor=users[actor])
    assert seen.exists(), f"GET {name} as {actor} showed {kind} without an audit event"
    assert all(event.ip_address == IP for event in seen)
