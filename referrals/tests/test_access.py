"""The access matrix: every role on every referral page and endpoint, allowed and denied.

Denied looks exactly like missing (404); signed out goes to sign-in (pages) or 401/403 (API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Role
from kernel.actor import Actor
from referrals.models import Referral

from .helpers import ALL_ROLES, World, countersigned_referral, submitted_referral

pytestmark = pytest.mark.django_db

CASEWORKERS: set[str] = {Role.POLICE_OM, Role.PROBATION_OM, Role.PRISON_OM, Role.CHAIR}
PEOPLE: set[str] = CASEWORKERS | {Role.COORDINATOR}

Url = Callable[[World, Referral, Referral], str]
# (url, roles allowed). `countersigned` is the probation officer's countersigned referral,
# `submitted` one awaiting countersignature.
MATRIX: list[tuple[str, Url, set[Any]]] = [
    ("queue page", lambda w, c, s: "/referrals/", PEOPLE),
    (
        "new referral",
        lambda w, c, s: f"/referrals/new/{w.nominal.pk}/",
        {Role.PROBATION_OM, Role.CHAIR, Role.POLICE_OM},
    ),
    ("referral page", lambda w, c, s: f"/referrals/{c.pk}/", {Role.PROBATION_OM, Role.CHAIR, Role.COORDINATOR}),
    ("edit (not a draft)", lambda w, c, s: f"/referrals/{c.pk}/edit/", set()),
    ("countersign", lambda w, c, s: f"/referrals/{s.pk}/countersign/", {Role.CHAIR}),
    ("gatekeep", lambda w, c, s: f"/referrals/{c.pk}/gatekeep/", {Role.COORDINATOR}),
    ("dispute (not refused)", lambda w, c, s: f"/referrals/{c.pk}/dispute/", set()),
    ("resolve (not disputed)", lambda w, c, s: f"/referrals/{c.pk}/resolve/", set()),
    ("ranks", lambda w, c, s: "/referrals/ranks/", {Role.COORDINATOR}),
    ("API list", lambda w, c, s: "/api/v1/referrals/", PEOPLE),
    ("API referral", lambda w, c, s: f"/api/v1/referrals/{c.pk}/", {Role.PROBATION_OM, Role.CHAIR, Role.COORDINATOR}),
]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_on_every_referral_route(world: World, role: str) -> None:
    countersigned = countersigned_referral(world)
    submitted = submitted_referral(world)
    client = Client()
    client.force_login(world[role])
    for name, url, allowed in MATRIX:
        response = client.get(url(world, countersigned, submitted))
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, f"{role} on {name}: {response.status_code}"


def test_signed_out_users_are_sent_to_sign_in(world: World) -> None:
    referral = countersigned_referral(world)
    client = Client()
    assert client.get("/referrals/").status_code == 302
    assert client.get(f"/referrals/{referral.pk}/").status_code == 302
    assert client.get("/api/v1/referrals/").status_code in (401, 403)


def test_the_referrer_and_their_agency_managers_may_dispute(world: World) -> None:
    from referrals import services

    referral = services.gatekeep(
        actor=Actor(world[Role.COORDINATOR]),
        referral=countersigned_referral(world),
        decision="not_accepted",
        reason="Manageable at level 1",
    )
    for user, allowed in (
        (world[Role.PROBATION_OM], True),
        (world.manager, True),
        (world[Role.POLICE_OM], False),
        (world[Role.COORDINATOR], False),
    ):
        client = Client()
        client.force_login(user)
        assert (client.get(f"/referrals/{referral.pk}/dispute/").status_code == 200) is allowed
    services.dispute(actor=Actor(world[Role.PROBATION_OM]), referral=referral, reason="Imminent")
    for user, allowed in ((world.senior, True), (world.manager, False), (world[Role.CHAIR], False)):
        client = Client()
        client.force_login(user)
        assert (client.get(f"/referrals/{referral.pk}/resolve/").status_code == 200) is allowed
