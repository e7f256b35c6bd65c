"""Restricted sections (victims, intelligence, health) need a grant beyond sight of the record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from access import policy, restricted
from access.models import EmergencyAccess, RestrictedAccessGrant, RestrictedSection
from accounts.models import AgencyKind, Role, User
from cases import services as case_services
from kernel.actor import Actor

from .test_sharing import ALL_ROLES, SIGN_IN, World, client_for, events, make_person, make_user, register

pytestmark = pytest.mark.django_db

SECTIONS = set(RestrictedSection.values)


@pytest.fixture
def world() -> World:
    manager = make_user(Role.POLICE_OM)
    person = make_person(manager)
    register(person, manager=manager)
    return World(manager, make_user(Role.COORDINATOR), make_user(Role.DTC_SPOC), person, make_person(manager))


def give(w: World, user: User, section: str = "victims", **kwargs: object) -> RestrictedAccessGrant:
    return restricted.grant(
        actor=Actor(w.coordinator),
        nominal=w.person,
        user=user,
        section=section,
        reason=kwargs.pop("reason", "Victim liaison for the level 2 meeting"),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def raw_grant(w: World, user: User, section: str = "victims") -> RestrictedAccessGrant:
    """A grant row made without the service's checks, to test the policy alone."""
    return RestrictedAccessGrant.objects.create(
        nominal=w.person,
        section=section,
        user=user,
        reason="Test",
        granted_by=w.coordinator,
        granted_at=timezone.now(),
    )


# --- The policy --------------------------------------------------------------------------------


def test_the_record_manager_holds_every_section(world: World) -> None:
    assert policy.restricted_sections_visible(world.manager, world.person) == SECTIONS
    for section in SECTIONS:
        assert policy.can_view_restricted(world.manager, world.person, section)
    # Not for a person whose record they do not manage.
    assert policy.restricted_sections_visible(world.manager, world.other) == set()


def test_seeing_the_record_is_not_enough(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)  # same agency: sees the record, manages nothing
    assert policy.can_view_nominal(colleague, world.person)
    assert policy.can_view_nominal(world.coordinator, world.person)
    for user in (colleague, world.coordinator):
        assert policy.restricted_sections_visible(user, world.person) == set()
        assert not policy.can_view_restricted(user, world.person, "victims")


def test_a_grant_opens_one_section_until_it_ends(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    held = give(world, colleague, "intelligence")
    assert policy.restricted_sections_visible(colleague, world.person) == {"intelligence"}
    assert not policy.can_view_restricted(colleague, world.person, "victims")
    assert not policy.can_view_restricted(colleague, world.other, "intelligence")
    restricted.revoke(actor=Actor(world.coordinator), grant=held, reason="Moved team")
    assert policy.restricted_sections_visible(colleague, world.person) == set()

    timed = give(world, colleague, "health", expires_at=timezone.now() + timedelta(days=1))
    assert policy.can_view_restricted(colleague, world.person, "health")
    RestrictedAccessGrant.objects.filter(pk=timed.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not policy.can_view_restricted(colleague, world.person, "health")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_grant_helps_only_those_who_see_the_record(world: World, role: str) -> None:
    user = make_user(role)
    raw_grant(world, user, "health")
    # Police OMs (the lead agency) and the area co-ordinator see the record; nobody else.
    sees_record = role in {Role.POLICE_OM, Role.COORDINATOR}
    assert policy.can_view_restricted(user, world.person, "health") is sees_record
    assert policy.restricted_sections_visible(user, world.person) == ({"health"} if sees_record else set())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_role_holds_a_section_without_a_grant(world: World, role: str) -> None:
    assert policy.restricted_sections_visible(make_user(role), world.person) == set()


def test_emergency_access_never_opens_restricted_sections(world: World) -> None:
    outsider = make_user(Role.PROBATION_OM)
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=outsider, nominal=world.person, reason="x" * 30, started_at=now, expires_at=now + timedelta(hours=4)
    )
    raw_grant(world, outsider, "victims")
    assert policy.can_view_nominal(outsider, world.person)
    assert not policy.can_view_restricted(outsider, world.person, "victims")
    assert not policy.can_manage_restricted_access(outsider, world.person)


# --- The service -------------------------------------------------------------------------------


def test_granting_and_revoking_are_audited(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    held = give(world, colleague, "victims")
    [granted] = events("restricted.grant")
    assert granted.nominal_id == world.person.pk
    assert granted.reason == "Victim liaison for the level 2 meeting"
    assert granted.detail["section"] == "victims" and granted.detail["user"] == colleague.username
    restricted.revoke(actor=Actor(world.coordinator), grant=held, reason="No longer on the case")
    [revoked] = events("restricted.revoke")
    assert revoked.reason == "No longer on the case"
    with pytest.raises(ValidationError):
        restricted.revoke(actor=Actor(world.coordinator), grant=held, reason="Again")


def test_grants_are_refused_when_they_make_no_sense(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"user": make_user(Role.PROBATION_OM)}, "user"),  # cannot see the record
        ({"user": world.spoc}, "user"),
        ({"section": "finances"}, "section"),
        ({"reason": " "}, "reason"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expires_at"),
    ]
    for changes, field in cases:
        arguments: dict[str, Any] = {"user": colleague, "section": "victims", "reason": "Needs to know"} | changes
        with pytest.raises(ValidationError) as raised:
            restricted.grant(actor=Actor(world.coordinator), nominal=world.person, **arguments)
        assert field in raised.value.message_dict, changes
    give(world, colleague, "victims")
    with pytest.raises(ValidationError):
        give(world, colleague, "victims")
    assert RestrictedAccessGrant.objects.count() == 1


def test_grantee_choices_are_the_people_who_see_the_record(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    outsider = make_user(Role.PROBATION_OM)
    choices = restricted.grantee_choices(nominal=world.person)
    assert {world.manager, colleague, world.coordinator} <= set(choices)
    assert outsider not in choices and world.spoc not in choices


# --- The page and the endpoints ---------------------------------------------------------------

# Who manages restricted access to a record led by DEMO police: its record manager and the
# area co-ordinator. Tested per role with a fresh user, so a police OM here is a colleague
# of the record manager, not the record manager.
MANAGES_RESTRICTED = {Role.COORDINATOR}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_see_and_change_restricted_access(world: World, role: str) -> None:
    user = make_user(role)
    allowed = role in MANAGES_RESTRICTED
    assert policy.can_manage_restricted_access(user, world.person) is allowed
    client = client_for(user)
    assert client.get(f"/people/{world.person.pk}/restricted-access/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/nominals/{world.person.pk}/restricted-access/").status_code == (200 if allowed else 404)
    colleague = make_user(Role.POLICE_OM)
    posted = client.post(
        f"/api/v1/nominals/{world.person.pk}/restricted-access/",
        {"user": colleague.username, "section": "health", "reason": "Health liaison"},
        content_type="application/json",
    )
    assert posted.status_code == (201 if allowed else 404)
    held = give(world, make_user(Role.POLICE_OM))
    page = client.get(f"/people/{world.person.pk}/restricted-access/{held.pk}/revoke/")
    assert page.status_code == (200 if allowed else 404)
    revoked = client.post(
        f"/api/v1/restricted-access/{held.pk}/revoke/",
        {"reason": "Not needed"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert revoked.status_code == (200 if allowed else 404)


def test_the_record_manager_manages_restricted_access(world: World) -> None:
    client = client_for(world.manager)
    assert client.get(f"/people/{world.person.pk}/restricted-access/").status_code == 200
    # Archived: the record manager of the last registration still holds and manages them.
    case_services.archive(
        actor=Actor(world.manager),
        registration=world.person.registrations.get(),
        archived_on=timezone.localdate(),
        reason="Died",
        exit_basis="died",
        # Leaving MAPPA from level 2 or 3 needs an up-to-date agreed plan (seed 003).
        plan_agreed_on=timezone.localdate(),
    )
    assert policy.can_manage_restricted_access(world.manager, world.person)
    assert policy.restricted_sections_visible(world.manager, world.person) == SECTIONS


def test_granting_and_revoking_through_the_page(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    client = client_for(world.manager)
    url = f"/people/{world.person.pk}/restricted-access/"
    page = client.get(url).content.decode()
    assert "the record manager, sees every section" in page
    assert f'value="{colleague.pk}"' in page
    refused = client.post(url, {"user": colleague.pk, "section": "victims", "reason": ""})
    assert "Enter the reason this person needs to know" in refused.content.decode()
    done = client.post(url, {"user": colleague.pk, "section": "victims", "reason": "Covers for the record manager"})
    assert done.status_code == 302
    held = RestrictedAccessGrant.objects.get()
    assert (held.user, held.section, held.granted_by) == (colleague, "victims", world.manager)
    listed = client.get(url).content.decode()
    assert "Covers for the record manager" in listed
    revoke_url = f"/people/{world.person.pk}/restricted-access/{held.pk}/revoke/"
    assert client.post(revoke_url, {"reason": "Back from leave"}).status_code == 302
    held.refresh_from_db()
    assert held.revoked_at is not None
    assert client.get(revoke_url).status_code == 404
    assert "Back from leave" in client.get(url).content.decode()
    # The page itself is a read of the record.
    assert events("nominal.view", actor=world.manager, nominal_id=world.person.pk)


def test_the_api_lists_holders(world: World) -> None:
    colleague = make_user(Role.POLICE_OM)
    give(world, colleague, "intelligence")
    body = client_for(world.coordinator).get(f"/api/v1/nominals/{world.person.pk}/restricted-access/").json()
    assert body["record_manager"] == world.manager.username
    assert [(g["user"], g["section"]) for g in body["grants"]] == [(colleague.username, "intelligence")]
    bad = client_for(world.coordinator).post(
        f"/api/v1/nominals/{world.person.pk}/restricted-access/",
        {"user": make_user(Role.PRISON_OM).username, "section": "health", "reason": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "user"


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    held = give(world, make_user(Role.POLICE_OM))
    anonymous = client_for(None)
    for url in (
        f"/people/{world.person.pk}/restricted-access/",
        f"/people/{world.person.pk}/restricted-access/{held.pk}/revoke/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert anonymous.get(f"/api/v1/nominals/{world.person.pk}/restricted-access/").status_code == 401
    assert anonymous.post(f"/api/v1/restricted-access/{held.pk}/revoke/", HTTP_IF_MATCH="*").status_code == 401


def test_the_template_tags_ask_the_policy(world: World) -> None:
    colleague = make_user(Role.POLICE_OM, kind=AgencyKind.POLICE)
    give(world, colleague, "health")
    template = Template(
        "{% load restricted_sections %}"
        '{% can_view_restricted nominal "health" as health %}{% can_view_restricted nominal "victims" as victims %}'
        "{% restricted_sections_for nominal as sections %}"
        "{{ health }} {{ victims }} {% if 'health' in sections %}listed{% endif %}"
    )
    request = RequestFactory().get("/")
    request.user = colleague
    assert template.render(Context({"nominal": world.person, "request": request})) == "True False listed"
    request.user = world.spoc
    assert template.render(Context({"nominal": world.person, "request": request})) == "False False "
    context = restricted.restricted_context(colleague, world.person)
    assert context["may_see_health"] is True and context["may_see_victims"] is False
