"""Emergency access: reason first, read-only, time-limited, audited, reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from access import emergency, policy
from access.models import EmergencyAccess, ReviewOutcome
from accounts.models import AgencyKind, Role, User
from audit.models import AuditEvent
from kernel.actor import Actor
from register.models import Nominal

from .test_sharing import ALL_ROLES, SIGN_IN, client_for, events, make_person, make_user, register

pytestmark = pytest.mark.django_db

REASON = "Reported near a primary school this morning; checking his conditions"
BREAK_GLASS_ROLES = {Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM}


@dataclass
class Scene:
    person: Nominal  # a probation-led DEMO case
    outsider: User  # a DEMO police OM with no part in it
    coordinator: User  # DEMO co-ordinator


@pytest.fixture
def scene() -> Scene:
    manager = make_user(Role.PROBATION_OM)
    person = make_person(manager, pnc="2010/0000042X")
    register(person, manager=manager)
    return Scene(person, make_user(Role.POLICE_OM), make_user(Role.COORDINATOR))


def break_glass(client: Client, identifier: str, reason: str = REASON) -> Any:
    return client.post("/people/emergency-access/", {"identifier": identifier, "reason": reason})


def open_for(scene: Scene, user: User | None = None) -> EmergencyAccess:
    opened = emergency.open_access(
        actor=Actor(user or scene.outsider), identifier=scene.person.reference, reason=REASON
    )
    assert opened.access is not None
    return opened.access


def end(access: EmergencyAccess) -> None:
    past = timezone.now() - timedelta(minutes=1)
    EmergencyAccess.objects.filter(pk=access.pk).update(started_at=past - timedelta(hours=4), expires_at=past)


# --- Asking --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_break_glass(scene: Scene, role: str) -> None:
    user = make_user(role)
    allowed = role in BREAK_GLASS_ROLES
    assert policy.may_request_emergency_access(user) is allowed
    client = client_for(user)
    assert client.get("/people/emergency-access/").status_code == (200 if allowed else 404)
    api = client.post(
        "/api/v1/emergency-access/",
        {"identifier": scene.person.reference, "reason": REASON},
        content_type="application/json",
    )
    assert api.status_code == (201 if allowed and role != Role.PROBATION_OM else 200 if allowed else 404)
    # The chair works for probation, the lead agency, so sees the record anyway.
    assert policy.can_view_nominal(user, scene.person) is (allowed or role in {Role.COORDINATOR, Role.CHAIR})


def test_offender_managers_outside_the_responsible_authority_may_not_break_glass() -> None:
    for kind in (AgencyKind.YOUTH_OFFENDING, AgencyKind.MENTAL_HEALTH, AgencyKind.HOUSING_AUTHORITY):
        assert not policy.may_request_emergency_access(make_user(Role.POLICE_OM, kind=kind))


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    anonymous = client_for(None)
    for url in ("/people/emergency-access/", "/emergency-access/review/", "/emergency-access/review/1/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN), url
    assert anonymous.post("/api/v1/emergency-access/", {}).status_code == 401
    assert anonymous.get("/api/v1/emergency-access/review/").status_code == 401
    assert anonymous.post("/api/v1/emergency-access/1/review/", {}, HTTP_IF_MATCH="*").status_code == 401


def test_nothing_is_revealed_until_a_reason_is_given(scene: Scene) -> None:
    client = client_for(scene.outsider)
    known = break_glass(client, scene.person.reference, reason="Urgent")
    unknown = break_glass(client, "DEMO-999999", reason="Urgent")
    for response in (known, unknown):
        assert response.status_code == 200
        page = response.content.decode()
        assert "in at least 20 characters" in page
        assert "No record matches" not in page
        assert scene.person.family_name.upper() not in page
    assert not EmergencyAccess.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="emergency_access").exists()


def test_an_unknown_identifier_is_reported_and_audited(scene: Scene) -> None:
    response = break_glass(client_for(scene.outsider), "DEMO-999999")
    assert "No record matches this reference or PNC number" in response.content.decode()
    [event] = events("emergency_access.not_found", actor=scene.outsider)
    assert event.reason == REASON
    assert event.detail["identifier"] == "DEMO-999999"
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("how", ["reference", "pnc"])
def test_a_reason_opens_the_record_read_only_for_four_hours(scene: Scene, how: str) -> None:
    identifier = scene.person.reference.lower() if how == "reference" else " 2010/0000042x "
    client = client_for(scene.outsider)
    assert client.get(f"/people/{scene.person.pk}/").status_code == 404
    response = break_glass(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == f"/people/{scene.person.pk}/"
    access = EmergencyAccess.objects.get()
    assert (access.user, access.nominal, access.reason) == (scene.outsider, scene.person, REASON)
    assert access.expires_at - access.started_at == timedelta(hours=4)
    assert access.reviewed_at is None
    [opened] = events("emergency_access.open")
    assert opened.reason == REASON and opened.detail["emergency"] is True
    assert opened.object_id == str(access.pk)

    page = client.get(f"/people/{scene.person.pk}/")
    assert page.status_code == 200
    assert "You are viewing this record by emergency access" in page.content.decode()
    assert policy.can_view_nominal(scene.outsider, scene.person)
    assert not policy.can_edit_nominal(scene.outsider, scene.person)
    assert not policy.can_manage_registration(scene.outsider, scene.person)


def test_the_access_length_is_a_setting(scene: Scene, settings: Any) -> None:
    settings.EMERGENCY_ACCESS_HOURS = 1
    access = open_for(scene)
    assert access.expires_at - access.started_at == timedelta(hours=1)


def test_a_reason_is_required_by_the_service_too(scene: Scene) -> None:
    with pytest.raises(ValidationError) as raised:
        emergency.open_access(actor=Actor(scene.outsider), identifier=scene.person.reference, reason="  too short  ")
    assert set(raised.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError) as raised:
        emergency.open_access(actor=Actor(scene.outsider), identifier=" ", reason=REASON)
    assert "identifier" in raised.value.message_dict


def test_someone_who_already_sees_the_record_needs_no_emergency_access(scene: Scene) -> None:
    response = break_glass(client_for(scene.coordinator), scene.person.reference)
    assert response.status_code == 404  # co-ordinators cannot break glass at all
    colleague = make_user(Role.PROBATION_OM)  # the lead agency: sees it already
    response = break_glass(client_for(colleague), scene.person.reference)
    assert response["Location"] == f"/people/{scene.person.pk}/"
    assert not EmergencyAccess.objects.exists()


def test_it_works_across_areas(scene: Scene) -> None:
    kent_officer = make_user(Role.POLICE_OM, area="KEN")
    access = open_for(scene, kent_officer)
    assert policy.can_view_nominal(kent_officer, scene.person)
    # Reviewed by the co-ordinator of the record's area, not the officer's.
    assert list(emergency.review_queue(requested_by=scene.coordinator)) == [access]
    assert not emergency.review_queue(requested_by=make_user(Role.COORDINATOR, area="KEN")).exists()


# --- While it lasts --------------------------------------------------------------------------------

READ_PAGES = [
    "/people/{pk}/",
    "/people/{pk}/personal-details/",
    "/people/{pk}/addresses/",
    "/people/{pk}/convictions/",
    "/people/{pk}/mappa/",
]
WRITE_PAGES = [
    "/people/{pk}/personal-details/edit/",
    "/people/{pk}/aliases/new/",
    "/people/{pk}/addresses/new/",
    "/people/{pk}/convictions/new/",
    "/people/{pk}/mappa/level/",
    "/people/{pk}/mappa/archive/",
    "/people/{pk}/sharing/",
    "/people/{pk}/restricted-access/",
]


def test_every_page_viewed_is_audited_with_the_reason(scene: Scene) -> None:
    access = open_for(scene)
    client = client_for(scene.outsider)
    for url in READ_PAGES:
        assert client.get(url.format(pk=scene.person.pk)).status_code == 200, url
    assert client.get(f"/api/v1/nominals/{scene.person.pk}/").status_code == 200
    views = events("nominal.view", actor=scene.outsider)
    assert len(views) == len(READ_PAGES) + 1
    for view in views:
        assert view.reason == REASON
        assert view.detail["emergency_access"] == access.pk


def test_it_is_read_only(scene: Scene) -> None:
    open_for(scene)
    client = client_for(scene.outsider)
    for url in WRITE_PAGES:
        assert client.get(url.format(pk=scene.person.pk)).status_code == 404, url
    before = Nominal.objects.get(pk=scene.person.pk)
    patched = client.patch(
        f"/api/v1/nominals/{scene.person.pk}/",
        {"family_name": "Changed"},
        content_type="application/json",
        headers={"If-Match": f'"{before.version}"'},
    )
    assert patched.status_code in (404, 409)
    assert Nominal.objects.get(pk=scene.person.pk).family_name == before.family_name
    for endpoint in ("share-grants", "restricted-access"):
        assert client.get(f"/api/v1/nominals/{scene.person.pk}/{endpoint}/").status_code == 404


def test_it_expires(scene: Scene) -> None:
    access = open_for(scene)
    client = client_for(scene.outsider)
    assert client.get(f"/people/{scene.person.pk}/").status_code == 200
    end(access)
    assert client.get(f"/people/{scene.person.pk}/").status_code == 404
    assert not policy.can_view_nominal(scene.outsider, scene.person)
    assert client.get("/people/", {"q": scene.person.reference}).context["count"] == 0
    assert client.get("/api/v1/emergency-access/").json() == []
    # An expired access still waits for its review.
    assert list(emergency.review_queue(requested_by=scene.coordinator)) == [access]


def test_it_reaches_only_the_named_person_and_user(scene: Scene) -> None:
    open_for(scene)
    someone_else = make_person(make_user(Role.PROBATION_OM))
    colleague = make_user(Role.POLICE_OM)
    assert not policy.can_view_nominal(scene.outsider, someone_else)
    assert not policy.can_view_nominal(colleague, scene.person)
    for few in (False, True):
        found = policy.visible_nominals(scene.outsider, few=few).filter(pk__in=[scene.person.pk, someone_else.pk])
        assert list(found) == [scene.person]


# --- Review ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_review(scene: Scene, role: str) -> None:
    access = open_for(scene)
    user = make_user(role)
    allowed = role == Role.COORDINATOR
    client = client_for(user)
    assert client.get("/emergency-access/review/").status_code == (200 if allowed else 404)
    assert client.get(f"/emergency-access/review/{access.pk}/").status_code == (200 if allowed else 404)
    assert client.get("/api/v1/emergency-access/review/").status_code == (200 if allowed else 404)
    reviewed = client.post(
        f"/api/v1/emergency-access/{access.pk}/review/",
        {"outcome": "justified", "note": "Confirmed with the duty inspector"},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert reviewed.status_code == (200 if allowed else 404)


def test_the_review_queue_and_a_review(scene: Scene) -> None:
    access = open_for(scene)
    client = client_for(scene.outsider)
    client.get(f"/people/{scene.person.pk}/convictions/")
    reviewer = client_for(scene.coordinator)
    queue = reviewer.get("/emergency-access/review/").content.decode()
    assert REASON in queue and scene.person.reference in queue
    detail = reviewer.get(f"/emergency-access/review/{access.pk}/").content.decode()
    assert "nominal.view: convictions" in detail
    refused = reviewer.post(f"/emergency-access/review/{access.pk}/", {"outcome": "not_justified", "note": ""})
    assert "Enter a note explaining the decision" in refused.content.decode()
    done = reviewer.post(
        f"/emergency-access/review/{access.pk}/", {"outcome": "not_justified", "note": "Could have asked the OM"}
    )
    assert done.status_code == 302
    access.refresh_from_db()
    assert (access.review_outcome, access.reviewed_by, access.review_note) == (
        ReviewOutcome.NOT_JUSTIFIED,
        scene.coordinator,
        "Could have asked the OM",
    )
    [event] = events("emergency_access.review")
    assert event.detail["outcome"] == "not_justified" and event.reason == "Could have asked the OM"
    # Once only; then it leaves the queue.
    assert reviewer.get(f"/emergency-access/review/{access.pk}/").status_code == 404
    assert reviewer.get("/api/v1/emergency-access/review/").json() == []
    with pytest.raises(ValidationError):
        emergency.review(actor=Actor(scene.coordinator), access=access, outcome="justified", note="Changed my mind")


def test_the_api(scene: Scene) -> None:
    client = client_for(scene.outsider)
    short = client.post(
        "/api/v1/emergency-access/", {"identifier": "DEMO-999999", "reason": "x"}, content_type="application/json"
    )
    assert short.status_code == 400
    assert [e["field"] for e in short.json()["errors"]] == ["reason"]
    unknown = client.post(
        "/api/v1/emergency-access/", {"identifier": "DEMO-999999", "reason": REASON}, content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "identifier"
    made = client.post(
        "/api/v1/emergency-access/",
        {"identifier": scene.person.pnc, "reason": REASON},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert body["nominal"] == scene.person.pk
    assert body["emergency_access"]["reason"] == REASON
    assert [a["id"] for a in client.get("/api/v1/emergency-access/").json()] == [body["emergency_access"]["id"]]
    assert client.get(f"/api/v1/nominals/{scene.person.pk}/").status_code == 200
    queue = client_for(scene.coordinator).get("/api/v1/emergency-access/review/").json()
    assert [(a["user"], a["reference"]) for a in queue] == [(scene.outsider.username, scene.person.reference)]
    bad = client_for(scene.coordinator).post(
        f"/api/v1/emergency-access/{body['emergency_access']['id']}/review/",
        {"outcome": "maybe", "note": ""},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert bad.status_code == 400
