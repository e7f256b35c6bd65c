"""The access matrix: every role on every meeting page and endpoint, allowed and denied.

Visible to those who see the person, the chair and the area's co-ordinator; to a DTC SPOC
only through what was shared; to lay advisers, SMB members, auditors and admins never.
Denied looks exactly like missing (404)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from kernel.actor import Actor
from meetings import services
from meetings.models import InformationRequest, Meeting, MinutesRequest
from referrals.tests.helpers import ALL_ROLES, World, agency

from .builders import approved_meeting, complete_draft, held_meeting

pytestmark = pytest.mark.django_db

CASEWORKERS = {Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR}
PEOPLE = CASEWORKERS | {Role.COORDINATOR}
MEETING_USERS = PEOPLE | {Role.DTC_SPOC}
# Who sees this person: probation leads, police partner, the co-ordinator; the chair works for probation.
SEE_PERSON = {Role.PROBATION_OM, Role.POLICE_OM, Role.CHAIR, Role.COORDINATOR}
MANAGERS = {Role.CHAIR, Role.COORDINATOR}


@dataclass
class Scene:
    world: World
    approved: Meeting  # minutes approved and shared with housing
    draft: Meeting  # minutes in draft
    housing_request: InformationRequest
    police_request: InformationRequest
    minutes_request: MinutesRequest


def _scene(world: World) -> Scene:
    approved = approved_meeting(world)
    services.approve_sharing(
        actor=Actor(world[Role.CHAIR]),
        meeting=approved,
        agency=agency("DEMO-HSG"),
        recipient_name="Housing SPOC",
        purpose="Housing actions",
    )
    draft = held_meeting(world, days_ago=1)
    complete_draft(world, draft)
    minutes_request = services.log_minutes_request(
        actor=Actor(world[Role.COORDINATOR]),
        nominal=world.nominal,
        requester_kind="court",
        requester="Demotown Crown Court",
        purpose="Sentencing",
        received_on=timezone.localdate(),
    )
    requests = InformationRequest.objects.filter(invitation__meeting=draft)
    return Scene(
        world=world,
        approved=approved,
        draft=draft,
        housing_request=requests.get(invitation__agency__code="DEMO-HSG"),
        police_request=requests.get(invitation__agency__code="DEMO-POL"),
        minutes_request=minutes_request,
    )


Url = Callable[[Scene], str]
MATRIX: list[tuple[str, Url, set[Any]]] = [
    ("meetings list", lambda s: "/meetings/", MEETING_USERS),
    ("past meetings", lambda s: "/meetings/?when=past", MEETING_USERS),
    ("calendar", lambda s: "/meetings/calendar/", MEETING_USERS),
    ("person's meetings", lambda s: f"/meetings/person/{s.world.nominal.pk}/", SEE_PERSON),
    ("schedule", lambda s: f"/meetings/new/{s.world.nominal.pk}/", {Role.COORDINATOR}),
    ("meeting page", lambda s: f"/meetings/{s.approved.pk}/", SEE_PERSON | {Role.DTC_SPOC}),
    ("approved minutes", lambda s: f"/meetings/{s.approved.pk}/minutes/", SEE_PERSON | {Role.DTC_SPOC}),
    ("minutes PDF", lambda s: f"/meetings/{s.approved.pk}/minutes.pdf", SEE_PERSON | {Role.DTC_SPOC}),
    ("draft minutes", lambda s: f"/meetings/{s.draft.pk}/minutes/", MANAGERS),
    ("draft minutes PDF", lambda s: f"/meetings/{s.draft.pk}/minutes.pdf", MANAGERS),
    ("minutes editor", lambda s: f"/meetings/{s.draft.pk}/minutes/edit/", MANAGERS),
    ("chair approval", lambda s: f"/meetings/{s.draft.pk}/minutes/approve/", {Role.CHAIR}),
    ("change meeting", lambda s: f"/meetings/{s.draft.pk}/edit/", MANAGERS),
    ("cancel meeting", lambda s: f"/meetings/{s.draft.pk}/cancel/", MANAGERS),
    ("invite", lambda s: f"/meetings/{s.draft.pk}/invite/", MANAGERS),
    ("attendance", lambda s: f"/meetings/{s.draft.pk}/attendance/", MANAGERS),
    ("addendum", lambda s: f"/meetings/{s.approved.pk}/minutes/addenda/new/", MANAGERS),
    ("share", lambda s: f"/meetings/{s.approved.pk}/minutes/share/", {Role.CHAIR}),
    ("information requests", lambda s: "/meetings/information-requests/", MEETING_USERS),
    ("housing's request", lambda s: f"/meetings/information-requests/{s.housing_request.pk}/", {Role.DTC_SPOC}),
    ("police's request", lambda s: f"/meetings/information-requests/{s.police_request.pk}/", {Role.POLICE_OM}),
    ("minutes requests", lambda s: "/meetings/minutes-requests/", PEOPLE),
    ("log a request", lambda s: "/meetings/minutes-requests/new/", {Role.COORDINATOR}),
    ("a request", lambda s: f"/meetings/minutes-requests/{s.minutes_request.pk}/", {Role.COORDINATOR, Role.CHAIR}),
    ("API meetings", lambda s: "/api/v1/meetings/?from=2000-01-01", MEETING_USERS),
    ("API meeting", lambda s: f"/api/v1/meetings/{s.approved.pk}/", SEE_PERSON | {Role.DTC_SPOC}),
    ("API minutes", lambda s: f"/api/v1/meetings/{s.approved.pk}/minutes/", SEE_PERSON | {Role.DTC_SPOC}),
    ("API draft minutes", lambda s: f"/api/v1/meetings/{s.draft.pk}/minutes/", MANAGERS),
    ("API minutes PDF", lambda s: f"/api/v1/meetings/{s.approved.pk}/minutes/pdf/", SEE_PERSON | {Role.DTC_SPOC}),
    ("API action list log", lambda s: f"/api/v1/meetings/{s.approved.pk}/action-list/", MANAGERS),
    ("API information requests", lambda s: "/api/v1/meetings/information-requests/", MEETING_USERS),
    ("API minutes requests", lambda s: "/api/v1/meetings/minutes-requests/", PEOPLE),
    (
        "API a request",
        lambda s: f"/api/v1/meetings/minutes-requests/{s.minutes_request.pk}/",
        {Role.COORDINATOR, Role.CHAIR},
    ),
]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_on_every_meeting_route(world: World, role: str) -> None:
    scene = _scene(world)
    client = Client()
    client.force_login(world[role])
    for name, url, allowed in MATRIX:
        response = client.get(url(scene))
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, f"{role} on {name}: {response.status_code}"


def test_a_spoc_sees_the_referral_summary_not_the_full_meeting(world: World) -> None:
    scene = _scene(world)
    client = Client()
    client.force_login(world[Role.DTC_SPOC])
    page = client.get(f"/meetings/{scene.draft.pk}/").content.decode()
    assert "Shared with your agency" in page and "Distribution log" not in page
    api = client.get(f"/api/v1/meetings/{scene.draft.pk}/").json()
    assert "invitations" not in api and api["reference"] == scene.draft.reference
    # Draft minutes and minutes not shared with housing stay out of reach.
    assert client.get(f"/meetings/{scene.draft.pk}/minutes/").status_code == 404


def test_signed_out_users_are_sent_to_sign_in(world: World) -> None:
    scene = _scene(world)
    client = Client()
    assert client.get(f"/meetings/{scene.approved.pk}/").status_code == 302
    assert client.get(f"/api/v1/meetings/{scene.approved.pk}/").status_code in (401, 403)


def test_writes_are_refused_to_the_wrong_roles(world: World) -> None:
    scene = _scene(world)
    for role in (Role.PROBATION_OM, Role.DTC_SPOC, Role.LAY_ADVISER):
        client = Client()
        client.force_login(world[role])
        assert client.post(f"/api/v1/meetings/{scene.draft.pk}/minutes/approve/", HTTP_IF_MATCH="*").status_code == 404
        assert client.post(f"/meetings/{scene.draft.pk}/minutes/approve/").status_code == 404
        assert client.post(f"/api/v1/meetings/{scene.draft.pk}/action-list/").status_code == 404
        response = client.post(
            f"/api/v1/meetings/minutes-requests/{scene.minutes_request.pk}/decision/",
            {"decision": "release", "reason": "x"},
            content_type="application/json",
            HTTP_IF_MATCH="*",
        )
        assert response.status_code == 404
