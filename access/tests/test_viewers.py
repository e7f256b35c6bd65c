"""Who has viewed this record: the record manager and the area co-ordinator only."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from access import policy
from accounts.models import Agency, AgencyKind, Area, Role, User
from accounts.reference import agency_code
from audit import trail
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Registration
from kernel.actor import Actor
from register import services as register_services
from register.models import Nominal

pytestmark = pytest.mark.django_db

# Every role, in the agency it naturally works for (None: no agency).
ROLE_AGENCY: dict[str, str | None] = {
    Role.POLICE_OM: AgencyKind.POLICE,
    Role.PROBATION_OM: AgencyKind.PROBATION,
    Role.PRISON_OM: AgencyKind.PRISON,
    Role.COORDINATOR: AgencyKind.PROBATION,
    Role.CHAIR: AgencyKind.PROBATION,
    Role.DTC_SPOC: AgencyKind.HOUSING_AUTHORITY,
    Role.LAY_ADVISER: None,
    Role.SMB_MEMBER: None,
    Role.AUDITOR: None,
    Role.ADMIN: None,
}
ALL_ROLES = [str(role) for role in Role]
RECORD_MANAGER_ROLES = [Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR]
_numbers = itertools.count(1)


def agency(kind: str, area: str = "DEMO") -> Agency:
    return Agency.objects.get(code=agency_code(area, kind))


def make_user(role: str, *, area: str = "DEMO", kind: str | None = "natural", username: str = "") -> User:
    """A user of the role; by default in the agency the role naturally works for."""
    kind = ROLE_AGENCY[role] if kind == "natural" else kind
    # No password (hashing is slow, and these tests sign in with force_login).
    return User.objects.create_user(
        username=username or f"{role}.{next(_numbers)}",
        password=None,
        role=role,
        agency=agency(kind, area) if kind else None,
        area=Area.objects.get(code=area),
        first_name="Test",
        last_name=role.replace("_", " ").title(),
    )


def make_person(created_by: User, *, family_name: str = "Person") -> Nominal:
    return register_services.create_nominal(
        actor=Actor(created_by),
        values={
            "family_name": f"{family_name}{next(_numbers)}",
            "given_names": "Sam",
            "date_of_birth": date(1980, 3, 27),
            "gender": "male",
        },
    )


def register_person(nominal: Nominal, *, acting: User, record_manager: User, lead: Agency) -> Registration:
    return case_services.register(
        actor=Actor(acting),
        nominal=nominal,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=lead,
        record_manager=record_manager,
        start_date=timezone.localdate() - timedelta(days=30),
        reason="Violent offender needing active multi-agency management",
    )


def registered_person(record_manager: User) -> Nominal:
    """A person registered with the record manager's agency as lead."""
    creator = make_user(Role.POLICE_OM, area=record_manager.area.code if record_manager.area else "DEMO")
    nominal = make_person(creator)
    assert record_manager.agency is not None
    register_person(nominal, acting=creator, record_manager=record_manager, lead=record_manager.agency)
    return nominal


def https_client() -> Client:
    """A browser on HTTPS behind the proxy, as production requires (plain HTTP is redirected)."""
    return Client(headers={"x-forwarded-proto": "https"})


def signed_in(user: User) -> Client:
    client = https_client()
    client.force_login(user)
    return client


def viewers_url(nominal: Nominal) -> str:
    return f"/people/{nominal.pk}/viewers/"


def viewers_api(nominal: Nominal) -> str:
    return f"/api/v1/nominals/{nominal.pk}/viewers/"


def can_reach(user: User, nominal: Nominal) -> tuple[int, int]:
    client = signed_in(user)
    return client.get(viewers_url(nominal)).status_code, client.get(viewers_api(nominal)).status_code


# --- The rule, for every role ---------------------------------------------------------


@pytest.mark.parametrize("role", RECORD_MANAGER_ROLES)
def test_the_record_manager_sees_who_has_viewed(role: str) -> None:
    manager = make_user(role)
    nominal = registered_person(manager)
    assert policy.can_see_record_viewers(manager, nominal)
    assert can_reach(manager, nominal) == (200, 200)


@pytest.mark.parametrize("role", RECORD_MANAGER_ROLES)
def test_a_colleague_in_the_lead_agency_who_is_not_the_record_manager_does_not(role: str) -> None:
    manager = make_user(role)
    colleague = make_user(role)
    nominal = registered_person(manager)
    assert policy.can_view_nominal(colleague, nominal)  # they see the record itself
    assert not policy.can_see_record_viewers(colleague, nominal)
    assert can_reach(colleague, nominal) == (404, 404)


def test_the_coordinator_of_the_persons_area_sees_who_has_viewed() -> None:
    coordinator = make_user(Role.COORDINATOR)
    nominal = registered_person(make_user(Role.POLICE_OM))
    assert policy.can_see_record_viewers(coordinator, nominal)
    assert can_reach(coordinator, nominal) == (200, 200)


def test_the_coordinator_of_another_area_does_not() -> None:
    coordinator = make_user(Role.COORDINATOR, area="AVS")
    nominal = registered_person(make_user(Role.POLICE_OM))
    assert not policy.can_see_record_viewers(coordinator, nominal)
    assert can_reach(coordinator, nominal) == (404, 404)


@pytest.mark.parametrize("role", [Role.DTC_SPOC, Role.LAY_ADVISER, Role.SMB_MEMBER, Role.AUDITOR, Role.ADMIN])
def test_roles_without_casework_never_see_who_has_viewed(role: str) -> None:
    user = make_user(role)
    nominal = registered_person(make_user(Role.POLICE_OM))
    assert not policy.can_see_record_viewers(user, nominal)
    assert can_reach(user, nominal) == (404, 404)


@pytest.mark.parametrize("role", [Role.LAY_ADVISER, Role.SMB_MEMBER, Role.AUDITOR, Role.ADMIN])
def test_not_even_when_named_record_manager(role: str) -> None:
    """A non-casework role in the lead agency, named record manager, still does not see it."""
    user = make_user(role, kind=AgencyKind.POLICE)
    nominal = registered_person(user)
    assert not policy.can_see_record_viewers(user, nominal)
    assert can_reach(user, nominal) == (404, 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_coarse_rule_admits_people_workers_only(role: str) -> None:
    expected = role in {Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR, Role.COORDINATOR}
    assert policy.allows("record_viewers", make_user(role)) is expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_gets_404_for_a_person_who_does_not_exist(role: str) -> None:
    client = signed_in(make_user(role))
    assert client.get("/people/999999999/viewers/").status_code == 404
    assert client.get("/api/v1/nominals/999999999/viewers/").status_code == 404


def test_a_partner_agency_sees_the_record_but_not_who_viewed_it() -> None:
    manager = make_user(Role.POLICE_OM)
    partner = make_user(Role.PROBATION_OM)
    creator = make_user(Role.POLICE_OM)
    nominal = make_person(creator)
    case_services.register(
        actor=Actor(creator),
        nominal=nominal,
        category=1,
        level=2,
        basis="continuation",
        lead_agency=agency(AgencyKind.POLICE),
        record_manager=manager,
        start_date=timezone.localdate() - timedelta(days=3),
        reason="Registered sexual offender",
        partner_agencies=[agency(AgencyKind.PROBATION)],
    )
    assert policy.can_view_nominal(partner, nominal)
    assert can_reach(partner, nominal) == (404, 404)


def test_the_manager_of_an_earlier_archived_registration_loses_sight_when_a_new_one_starts() -> None:
    first_manager = make_user(Role.POLICE_OM)
    nominal = registered_person(first_manager)
    registration = nominal.registrations.get()
    case_services.archive(
        actor=Actor(first_manager),
        registration=registration,
        archived_on=timezone.localdate() - timedelta(days=2),
        reason="Died",
        exit_basis="died",
        expected_version=registration.version,
        # Leaving MAPPA from level 2 or 3 needs an up-to-date agreed plan (seed 003).
        plan_agreed_on=timezone.localdate() - timedelta(days=2),
    )
    # Archived, the last registration is still the current one: its manager keeps sight.
    assert policy.can_see_record_viewers(first_manager, nominal)
    new_manager = make_user(Role.POLICE_OM)
    register_person(nominal, acting=first_manager, record_manager=new_manager, lead=agency(AgencyKind.POLICE))
    assert policy.can_see_record_viewers(new_manager, nominal)
    assert not policy.can_see_record_viewers(first_manager, nominal)


def test_signed_out_people_are_sent_to_sign_in_and_the_api_refuses() -> None:
    nominal = registered_person(make_user(Role.POLICE_OM))
    page = https_client().get(viewers_url(nominal))
    assert page.status_code == 302
    assert "/accounts/sign-in/" in page["Location"]
    assert https_client().get(viewers_api(nominal)).status_code in (401, 403)


# --- What the page shows --------------------------------------------------------------


def test_the_page_lists_every_event_about_the_person_newest_first_and_audits_itself() -> None:
    manager = make_user(Role.POLICE_OM, username="manager.one")
    nominal = registered_person(manager)
    reader = make_user(Role.POLICE_OM, username="reader.one")
    reader_client = signed_in(reader)
    assert reader_client.get(f"/people/{nominal.pk}/addresses/", REMOTE_ADDR="10.1.2.3").status_code == 200
    trail.record(
        actor=reader, action="nominal.view", nominal_id=nominal.pk, reason="Urgent risk call", detail={"section": "x"}
    )
    other = make_person(make_user(Role.POLICE_OM))  # someone else's events never appear
    before = AuditEvent.objects.count()

    response = signed_in(manager).get(viewers_url(nominal), REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Who has viewed this record" in html
    assert "reader.one" in html and "10.1.2.3" in html and "Viewed addresses" in html
    assert "Urgent risk call" in html
    assert "Demonstration area Police" in html  # the agency, by name
    assert "Registered under MAPPA" in html and "Created the record" in html
    assert other.reference not in html
    rows = response.context["rows"]
    assert [r.occurred_at for r in rows] == sorted((r.occurred_at for r in rows), reverse=True)
    assert all(r.nominal_id == nominal.pk for r in rows)
    # Opening the page is itself an audit event, and the newest row is that visit.
    assert AuditEvent.objects.count() == before + 1
    visit = AuditEvent.objects.order_by("-id").first()
    assert visit is not None
    assert (visit.actor_id, visit.action, visit.nominal_id, visit.detail) == (
        manager.pk,
        "nominal.view",
        nominal.pk,
        {"section": "viewers"},
    )
    assert visit.ip_address == "10.9.9.9"
    assert rows[0].id == visit.id


def test_the_page_is_paginated() -> None:
    manager = make_user(Role.POLICE_OM)
    nominal = registered_person(manager)
    for _ in range(60):
        trail.record(actor=manager, action="nominal.view", nominal_id=nominal.pk, detail={"section": "summary"})
    client = signed_in(manager)
    first = client.get(viewers_url(nominal))
    assert len(first.context["rows"]) == 50
    assert "?page=2" in first.content.decode()
    second = client.get(viewers_url(nominal) + "?page=2")
    assert second.status_code == 200
    assert 1 <= len(second.context["rows"]) <= 20


def test_the_person_page_shows_the_link_only_to_those_who_may_follow_it() -> None:
    manager = make_user(Role.POLICE_OM)
    nominal = registered_person(manager)
    colleague = make_user(Role.POLICE_OM)
    coordinator = make_user(Role.COORDINATOR)
    link = f'href="{viewers_url(nominal)}"'
    assert link in signed_in(manager).get(f"/people/{nominal.pk}/").content.decode()
    assert link in signed_in(coordinator).get(f"/people/{nominal.pk}/mappa/").content.decode()
    colleague_page = signed_in(colleague).get(f"/people/{nominal.pk}/")
    assert colleague_page.status_code == 200
    assert link not in colleague_page.content.decode()
    assert colleague_page.context["can_see_viewers"] is False


# --- The API ---------------------------------------------------------------------------


def test_the_api_lists_events_newest_first_with_who_what_where_and_why() -> None:
    manager = make_user(Role.PROBATION_OM)
    nominal = registered_person(manager)
    reader = make_user(Role.PROBATION_OM, username="api.reader")
    signed_in(reader).get(f"/api/v1/nominals/{nominal.pk}/", REMOTE_ADDR="192.168.4.5")

    response = signed_in(manager).get(viewers_api(nominal))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    first = body["results"][0]
    assert set(first) == {
        "id",
        "occurred_at",
        "user",
        "agency",
        "action",
        "section",
        "description",
        "ip_address",
        "reason",
    }
    # The newest event is this call itself, audited.
    assert (first["user"], first["action"], first["section"]) == (manager.username, "nominal.view", "api.viewers")
    read = next(e for e in body["results"] if e["user"] == "api.reader")
    assert (read["section"], read["ip_address"], read["agency"]) == ("api", "192.168.4.5", "DEMO-PRB")
    stamps = [e["occurred_at"] for e in body["results"]]
    assert stamps == sorted(stamps, reverse=True)


def test_the_api_is_in_the_openapi_schema() -> None:
    schema = https_client().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/nominals/{id}/viewers/" in text or "/api/v1/nominals/{pk}/viewers/" in text
    assert "nominals_viewers" in text
