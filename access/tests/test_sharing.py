"""Sharing with duty-to-co-operate agencies: a SPOC sees exactly what was shared.

The helpers at the top are shared with test_restricted.py and test_emergency_access.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from access import policy, sharing
from access.models import ShareGrant, ShareScope
from accounts.models import Agency, AgencyKind, Area, Role, User
from accounts.reference import agency_code
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import PartnerAgency
from kernel.actor import Actor
from register import services as register_services
from register.models import Nominal

pytestmark = pytest.mark.django_db

# Every role, in the agency it naturally works for (None: no agency).
NATURAL_AGENCY: dict[str, str | None] = {
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
SIGN_IN = "/accounts/sign-in/"
_numbers = itertools.count(1)


def agency(kind: str, area: str = "DEMO") -> Agency:
    return Agency.objects.get(code=agency_code(area, kind))


def make_user(role: str, *, area: str = "DEMO", kind: str | None = "natural") -> User:
    kind = NATURAL_AGENCY[role] if kind == "natural" else kind
    # No password: hashing one (Argon2) for every user would make these tests slow.
    return User.objects.create(
        username=f"s3.{role}.{next(_numbers)}",
        password="!",
        role=role,
        agency=agency(kind, area) if kind else None,
        area=Area.objects.get(code=area),
        first_name="Test",
        last_name=role.replace("_", " ").title(),
    )


def make_person(created_by: User, *, pnc: str = "") -> Nominal:
    return register_services.create_nominal(
        actor=Actor(created_by),
        values={
            "family_name": f"Shared{next(_numbers)}",
            "given_names": "Alex",
            "date_of_birth": date(1979, 5, 4),
            "gender": "male",
            "pnc": pnc,
        },
    )


def register(nominal: Nominal, *, manager: User, acting: User | None = None) -> None:
    assert manager.agency is not None
    case_services.register(
        actor=Actor(acting or manager),
        nominal=nominal,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=manager.agency,
        record_manager=manager,
        start_date=timezone.localdate() - timedelta(days=10),
        reason="Violent offender needing active multi-agency management",
    )


def client_for(user: User | None) -> Client:
    """A client over HTTPS (production settings redirect plain HTTP), signed in as user."""
    client = Client(headers={"x-forwarded-proto": "https"})
    if user is not None:
        client.force_login(user)
    return client


def events(action: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


@dataclass
class World:
    manager: User  # police OM, record manager of `person`, in the lead agency
    coordinator: User
    spoc: User  # housing SPOC in the person's area
    person: Nominal
    other: Nominal  # nobody shares anything about this person


@pytest.fixture
def world() -> World:
    manager = make_user(Role.POLICE_OM)
    person = make_person(manager, pnc="2001/0000001Q")
    register(person, manager=manager)
    other = make_person(manager)
    return World(manager, make_user(Role.COORDINATOR), make_user(Role.DTC_SPOC), person, other)


def share(w: World, scope: str = ShareScope.REFERRAL_SUMMARY, **kwargs: Any) -> ShareGrant:
    kwargs.setdefault("agency", w.spoc.agency)
    kwargs.setdefault("reason", "Invited to the level 2 meeting on 3 March")
    return sharing.grant(actor=Actor(w.coordinator), nominal=w.person, scope=scope, **kwargs)


def expire(grant: ShareGrant) -> None:
    earlier = timezone.now() - timedelta(days=1)
    ShareGrant.objects.filter(pk=grant.pk).update(granted_at=earlier - timedelta(days=1), expires_at=earlier)


# --- The service -------------------------------------------------------------------------------


def test_grant_is_recorded_with_its_audit_event(world: World) -> None:
    granted = share(world)
    assert granted.granted_by == world.coordinator
    assert granted.revoked_at is None
    # 90 days by default.
    assert abs((granted.expires_at - timezone.now()) - timedelta(days=90)) < timedelta(minutes=1)
    [event] = events("share.grant")
    assert event.object_id == str(granted.pk)
    assert event.nominal_id == world.person.pk
    assert event.reason == "Invited to the level 2 meeting on 3 March"
    assert event.detail["scope"] == "referral_summary"
    assert event.detail["agency"] == world.spoc.agency.code  # type: ignore[union-attr]


def test_granting_again_extends_instead_of_duplicating(world: World) -> None:
    first = share(world, expires_at=timezone.now() + timedelta(days=10))
    again = share(world, expires_at=timezone.now() + timedelta(days=30))
    assert again.pk == first.pk
    assert ShareGrant.objects.count() == 1
    first.refresh_from_db()
    assert first.expires_at > timezone.now() + timedelta(days=29)
    assert len(events("share.extend")) == 1
    # A shorter expiry never shortens a live grant.
    share(world, expires_at=timezone.now() + timedelta(days=5))
    first.refresh_from_db()
    assert first.expires_at > timezone.now() + timedelta(days=29)
    # A different object, scope or agency is a separate grant.
    share(world, obj=("Meeting", "12"))
    share(world, ShareScope.MINUTES)
    share(world, agency=agency(AgencyKind.CHILDRENS_SOCIAL_CARE))
    assert ShareGrant.objects.count() == 4


def test_granting_after_revocation_or_expiry_makes_a_new_grant(world: World) -> None:
    first = share(world)
    sharing.revoke(actor=Actor(world.coordinator), grant=first, reason="Meeting cancelled")
    second = share(world)
    assert second.pk != first.pk
    expire(second)
    third = share(world)
    assert len({first.pk, second.pk, third.pk}) == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scope": "everything"}, "scope"),
        ({"reason": "  "}, "reason"),
        ({"expires_at": timezone.now() - timedelta(hours=1)}, "expires_at"),
        ({"agency": "police"}, "agency"),
    ],
)
def test_grant_refuses_malformed_shares(world: World, changes: dict[str, Any], field: str) -> None:
    kwargs: dict[str, Any] = {
        "scope": ShareScope.REFERRAL_SUMMARY,
        "agency": world.spoc.agency,
        "reason": "Invited to a meeting",
    } | changes
    if kwargs["agency"] == "police":
        kwargs["agency"] = agency(AgencyKind.POLICE)
    with pytest.raises(ValidationError) as raised:
        sharing.grant(actor=Actor(world.coordinator), nominal=world.person, **kwargs)
    assert field in raised.value.message_dict
    assert not ShareGrant.objects.exists()
    assert not events("share.grant")


def test_revoke_ends_the_grant_once_and_is_audited(world: World) -> None:
    granted = share(world)
    with pytest.raises(ValidationError):
        sharing.revoke(actor=Actor(world.coordinator), grant=granted, reason=" ")
    sharing.revoke(actor=Actor(world.coordinator), grant=granted, reason="The meeting was cancelled")
    granted.refresh_from_db()
    assert granted.revoked_at is not None
    assert granted.revoked_by == world.coordinator
    [event] = events("share.revoke")
    assert event.reason == "The meeting was cancelled"
    with pytest.raises(ValidationError):
        sharing.revoke(actor=Actor(world.coordinator), grant=granted, reason="Again")


def test_active_grants_are_live_ones_for_the_agency(world: World) -> None:
    live = share(world)
    expired = share(world, ShareScope.MINUTES)
    expire(expired)
    revoked = share(world, ShareScope.ACTIONS)
    sharing.revoke(actor=Actor(world.coordinator), grant=revoked, reason="Shared by mistake")
    elsewhere = share(world, agency=agency(AgencyKind.EDUCATION))
    assert world.spoc.agency is not None
    assert list(sharing.active_grants(agency=world.spoc.agency)) == [live]
    assert list(sharing.active_grants(agency=world.spoc.agency, nominal=world.other)) == []
    assert list(sharing.active_grants(agency=agency(AgencyKind.EDUCATION))) == [elsewhere]


# --- The policy --------------------------------------------------------------------------------


def test_shared_scopes_are_what_is_live_for_the_spoc(world: World) -> None:
    assert policy.shared_scopes(world.spoc, world.person) == set()
    share(world)
    minutes = share(world, ShareScope.MINUTES)
    assert policy.shared_scopes(world.spoc, world.person) == {"referral_summary", "minutes"}
    assert policy.shared_scopes(world.spoc, world.other) == set()
    sharing.revoke(actor=Actor(world.coordinator), grant=minutes, reason="Chair withdrew approval")
    assert policy.shared_scopes(world.spoc, world.person) == {"referral_summary"}
    expire(ShareGrant.objects.get(scope="referral_summary"))
    assert policy.shared_scopes(world.spoc, world.person) == set()
    assert not policy.shared_nominals(world.spoc).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_receiving_agencys_spoc_sees_shared_material(world: World, role: str) -> None:
    share(world)
    # The role in the receiving agency itself, so only the role decides.
    user = make_user(role, kind=AgencyKind.HOUSING_AUTHORITY)
    allowed = role == Role.DTC_SPOC
    assert (policy.shared_scopes(user, world.person) == {"referral_summary"}) is allowed
    assert policy.can_view_shared(user, world.person, "referral_summary") is allowed
    assert list(policy.shared_nominals(user)) == ([world.person] if allowed else [])


def test_a_spoc_of_another_agency_sees_nothing(world: World) -> None:
    share(world)
    for kind, area in ((AgencyKind.CHILDRENS_SOCIAL_CARE, "DEMO"), (AgencyKind.HOUSING_AUTHORITY, "KEN")):
        other_spoc = make_user(Role.DTC_SPOC, kind=kind, area=area)
        assert policy.shared_scopes(other_spoc, world.person) == set()
        assert not policy.shared_nominals(other_spoc).exists()
    # A "SPOC" placed in a Responsible Authority agency is not a DTC contact.
    assert not policy.is_dtc_contact(make_user(Role.DTC_SPOC, kind=AgencyKind.POLICE))


def test_a_grant_for_one_object_covers_only_that_object(world: World) -> None:
    @dataclass
    class Meeting:
        pk: int

    share(world, ShareScope.MINUTES, obj=("Meeting", "12"))
    assert policy.can_view_shared(world.spoc, world.person, "minutes", obj=Meeting(12))
    assert not policy.can_view_shared(world.spoc, world.person, "minutes", obj=Meeting(13))
    assert not policy.can_view_shared(world.spoc, world.person, "actions", obj=Meeting(12))
    assert policy.can_view_shared(world.spoc, world.person, "minutes", obj=("Meeting", 12))
    assert not policy.can_view_shared(world.spoc, world.person, "minutes", obj=("Referral", "12"))
    share(world, ShareScope.ACTIONS)  # the whole scope
    assert policy.can_view_shared(world.spoc, world.person, "actions", obj=Meeting(99))


def test_sharing_gives_no_sight_of_the_record(world: World) -> None:
    share(world)
    assert not policy.can_view_nominal(world.spoc, world.person)
    assert not policy.visible_nominals(world.spoc).exists()


# --- The SPOC's pages and endpoints ------------------------------------------------------------

ORDINARY_PAGES = [
    "/people/{pk}/",
    "/people/{pk}/personal-details/",
    "/people/{pk}/addresses/",
    "/people/{pk}/convictions/",
    "/people/{pk}/mappa/",
    "/people/{pk}/sharing/",
    "/people/{pk}/restricted-access/",
    "/api/v1/nominals/{pk}/",
    "/api/v1/nominals/{pk}/share-grants/",
]


def test_the_spoc_sees_exactly_what_was_shared(world: World) -> None:
    share(world)
    client = client_for(world.spoc)
    listing = client.get("/shared/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert world.person.reference in page and world.person.family_name.upper() in page
    assert world.other.reference not in page
    # Only what identifies the person: not their PNC, category or level.
    assert world.person.pnc not in page and "Category" not in page
    assert f"/shared/{world.person.pk}/referral_summary/" in page

    person_page = client.get(f"/shared/{world.person.pk}/")
    assert person_page.status_code == 200
    assert "Referral summary" in person_page.content.decode()
    assert "Approved minutes" not in person_page.content.decode()
    assert client.get(f"/shared/{world.person.pk}/referral_summary/").status_code == 200
    # Not another scope, not another person, not a made-up scope.
    assert client.get(f"/shared/{world.person.pk}/minutes/").status_code == 404
    assert client.get(f"/shared/{world.person.pk}/nonsense/").status_code == 404
    assert client.get(f"/shared/{world.other.pk}/").status_code == 404
    assert client.get("/shared/999999/").status_code == 404
    for url in ORDINARY_PAGES:
        assert client.get(url.format(pk=world.person.pk)).status_code == 404, url
    assert client.get("/people/", {"q": world.person.family_name}).status_code == 404
    assert client.get("/api/v1/nominals/", {"q": world.person.family_name}).status_code == 404


def test_every_read_of_shared_material_is_audited(world: World) -> None:
    share(world)
    client = client_for(world.spoc)
    client.get("/shared/")
    client.get(f"/shared/{world.person.pk}/")
    client.get(f"/shared/{world.person.pk}/referral_summary/")
    client.get("/api/v1/shared/")
    client.get(f"/api/v1/shared/{world.person.pk}/")
    lists = events("share.list", actor=world.spoc)
    assert [e.detail["shown"] for e in lists] == [[world.person.pk], [world.person.pk]]
    views = events("share.view", actor=world.spoc, nominal_id=world.person.pk)
    assert [e.detail["scope"] for e in views] == ["", "referral_summary", ""]


@pytest.mark.parametrize("ended", ["expired", "revoked"])
def test_nothing_is_visible_once_a_share_ends(world: World, ended: str) -> None:
    granted = share(world)
    if ended == "expired":
        expire(granted)
    else:
        sharing.revoke(actor=Actor(world.coordinator), grant=granted, reason="No longer needed")
    client = client_for(world.spoc)
    assert world.person.reference not in client.get("/shared/").content.decode()
    assert client.get(f"/shared/{world.person.pk}/").status_code == 404
    assert client.get(f"/shared/{world.person.pk}/referral_summary/").status_code == 404
    assert client.get(f"/api/v1/shared/{world.person.pk}/").status_code == 404
    assert client.get("/api/v1/shared/").json() == []


def test_the_shared_api_gives_identity_and_shared_items_only(world: World) -> None:
    share(world)
    share(world, ShareScope.MINUTES, obj=("Meeting", "12"))
    body = client_for(world.spoc).get("/api/v1/shared/").json()
    assert len(body) == 1
    person = body[0]
    assert set(person) == {"id", "reference", "family_name", "given_names", "date_of_birth", "shared"}
    assert sorted((s["scope"], s["object_id"]) for s in person["shared"]) == [
        ("minutes", "12"),
        ("referral_summary", ""),
    ]


def test_an_items_link_comes_from_the_app_that_owns_it(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    share(world, ShareScope.DISCLOSURE, obj=("Decision", "7"))
    # The disclosure app registers its own link at start-up; monkeypatch puts it back after.
    monkeypatch.setitem(sharing._ITEM_LINKS, ShareScope.DISCLOSURE, lambda g: f"/elsewhere/{g.object_id}/")
    page = client_for(world.spoc).get(f"/shared/{world.person.pk}/").content.decode()
    assert 'href="/elsewhere/7/"' in page


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url", ["/shared/", "/shared/{pk}/", "/shared/{pk}/referral_summary/"])
def test_shared_pages_are_for_dtc_spocs_only(world: World, role: str, url: str) -> None:
    share(world)
    user = make_user(role, kind=AgencyKind.HOUSING_AUTHORITY)
    expected = 200 if role == Role.DTC_SPOC else 404
    assert client_for(user).get(url.format(pk=world.person.pk)).status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url", ["/api/v1/shared/", "/api/v1/shared/{pk}/"])
def test_shared_endpoints_are_for_dtc_spocs_only(world: World, role: str, url: str) -> None:
    share(world)
    user = make_user(role, kind=AgencyKind.HOUSING_AUTHORITY)
    expected = 200 if role == Role.DTC_SPOC else 404
    assert client_for(user).get(url.format(pk=world.person.pk)).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    share(world)
    anonymous = client_for(None)
    for url in ("/shared/", f"/shared/{world.person.pk}/", f"/people/{world.person.pk}/sharing/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url
    for url in (
        "/api/v1/shared/",
        f"/api/v1/shared/{world.person.pk}/",
        f"/api/v1/nominals/{world.person.pk}/share-grants/",
        f"/api/v1/share-grants/{ShareGrant.objects.get().pk}/revoke/",
    ):
        assert anonymous.get(url).status_code == 401, url


# --- Sharing by hand: the people who manage the record ----------------------------------------

# Against a record led by DEMO police with a DEMO police OM as record manager: the lead
# agency (police OM) and the area co-ordinator manage sharing; nobody else does.
MANAGES_SHARING = {Role.POLICE_OM, Role.COORDINATOR}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_manage_sharing(world: World, role: str) -> None:
    user = make_user(role)
    allowed = role in MANAGES_SHARING
    assert policy.can_manage_sharing(user, world.person) is allowed
    client = client_for(user)
    assert client.get(f"/people/{world.person.pk}/sharing/").status_code == (200 if allowed else 404)
    api = client.get(f"/api/v1/nominals/{world.person.pk}/share-grants/")
    assert api.status_code == (200 if allowed else 404)
    posted = client.post(
        f"/api/v1/nominals/{world.person.pk}/share-grants/",
        {"agency": world.spoc.agency.code, "scope": "referral_summary", "reason": "Invited"},  # type: ignore[union-attr]
        content_type="application/json",
    )
    assert posted.status_code == (201 if allowed else 404)
    assert ShareGrant.objects.exists() is allowed


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_revoke_a_share(world: World, role: str) -> None:
    granted = share(world)
    user = make_user(role)
    allowed = role in MANAGES_SHARING
    client = client_for(user)
    page = client.get(f"/people/{world.person.pk}/sharing/{granted.pk}/revoke/")
    assert page.status_code == (200 if allowed else 404)
    api = client.post(
        f"/api/v1/share-grants/{granted.pk}/revoke/",
        {"reason": "Not needed"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert api.status_code == (200 if allowed else 404)
    granted.refresh_from_db()
    assert (granted.revoked_at is not None) is allowed


def test_sharing_through_the_page(world: World) -> None:
    client = client_for(world.manager)
    url = f"/people/{world.person.pk}/sharing/"
    assert world.spoc.agency is not None
    refused = client.post(url, {"agency": world.spoc.agency.pk, "scope": "risk_plan", "reason": ""})
    assert refused.status_code == 200
    assert "Enter the reason for sharing" in refused.content.decode()
    # Police are not offered: they are not a DTC agency.
    assert f'value="{agency(AgencyKind.POLICE).pk}"' not in refused.content.decode()
    done = client.post(
        url,
        {
            "agency": world.spoc.agency.pk,
            "scope": "risk_plan",
            "reason": "Housing placement review",
            "expires_on-day": "1",
            "expires_on-month": "1",
            "expires_on-year": str(timezone.localdate().year + 1),
        },
    )
    assert done.status_code == 302
    granted = ShareGrant.objects.get()
    assert (granted.scope, granted.agency, granted.granted_by) == ("risk_plan", world.spoc.agency, world.manager)
    assert timezone.localtime(granted.expires_at).date() == date(timezone.localdate().year + 1, 1, 1)
    assert "Housing placement review" in client.get(url).content.decode()

    revoke_url = f"/people/{world.person.pk}/sharing/{granted.pk}/revoke/"
    assert client.post(revoke_url, {"reason": ""}).status_code == 200
    assert client.post(revoke_url, {"reason": "Placement found"}).status_code == 302
    granted.refresh_from_db()
    assert granted.revoke_reason == "Placement found"
    # An ended share cannot be revoked again.
    assert client.get(revoke_url).status_code == 404


def test_sharing_through_the_api(world: World) -> None:
    client = client_for(world.coordinator)
    url = f"/api/v1/nominals/{world.person.pk}/share-grants/"
    bad = client.post(url, {"agency": "DEMO-POL", "scope": "minutes", "reason": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "agency"
    assert world.spoc.agency is not None
    made = client.post(
        url,
        {
            "agency": world.spoc.agency.code,
            "scope": "minutes",
            "reason": "Chair approved sharing the minutes",
            "object_type": "Meeting",
            "object_id": "12",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["object_id"] == "12" and made.json()["is_live"] is True
    listed = client.get(url).json()
    assert [g["scope"] for g in listed] == ["minutes"]
    revoked = client.post(
        f"/api/v1/share-grants/{made.json()['id']}/revoke/",
        {"reason": ""},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert revoked.status_code == 400


def test_the_sharing_sub_navigation_link_shows_only_to_managers(world: World) -> None:
    link = f'href="/people/{world.person.pk}/sharing/"'
    assert link in client_for(world.manager).get(f"/people/{world.person.pk}/").content.decode()
    colleague = make_user(Role.PROBATION_OM)
    add_partner(world.person, colleague)
    page = client_for(colleague).get(f"/people/{world.person.pk}/")
    assert page.status_code == 200
    assert link not in page.content.decode()


def add_partner(nominal: Nominal, user: User) -> None:
    """Make the user's agency a partner of the person's registration."""
    assert user.agency is not None
    PartnerAgency.objects.create(
        registration=nominal.registrations.get(), agency=user.agency, since=timezone.localdate()
    )
