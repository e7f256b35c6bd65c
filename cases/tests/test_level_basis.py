"""Level 2 or 3 management starts only from an accepted referral or a MAPP meeting's
decision, or by the emergency route with its reason, the co-ordinator told
(rules.level_basis); every level decision shows its basis in the history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cases import services
from cases.models import LevelBasis, LevelChange, Registration
from cases.worklist import emergency_level_starts
from kernel.actor import Actor
from kernel.worklist_sources import WorklistScope
from referrals.tests.helpers import World, make_world, submitted_referral
from referrals.tests.helpers import accepted_referral as accept
from register.models import Nominal

pytestmark = pytest.mark.django_db
RULE = "levels.level_2_3_needs_referral_or_meeting"
TODAY = timezone.localdate


@pytest.fixture
def world(db: None) -> World:
    built = make_world()
    # The person is managed at level 1 until something raises the level.
    Registration.objects.filter(nominal=built.nominal).update(level=1)
    return built


def _registration(world: World) -> Registration:
    return Registration.objects.get(nominal=world.nominal)


def _raise(world: World, **basis: Any) -> Registration:
    return services.change_level(
        actor=Actor(world[Role.POLICE_OM]),
        registration=_registration(world),
        to_level=2,
        decided_on=TODAY(),
        reason="Risk has increased",
        **basis,
    )


def _refused(world: World, **basis: Any) -> dict[str, list[str]]:
    before = _registration(world).version
    with pytest.raises(ValidationError) as error:
        _raise(world, **basis)
    assert _registration(world).version == before and _registration(world).level == 1
    return error.value.message_dict


def _emergency_items(world: World) -> list[str]:
    scope = WorklistScope(today=TODAY(), due_by=TODAY() + timedelta(days=30), area_id=world.nominal.area_id)
    return [item.label for item in emergency_level_starts(scope)]


def test_raising_level_1_to_2_directly_is_refused_naming_the_rule(world: World) -> None:
    # Seen: police.om raised a person from level 1 to 2 with no referral or meeting.
    assert RULE in _refused(world)["basis"][0]


def test_an_accepted_referral_starts_level_2(world: World) -> None:
    referral = accept(world)
    changed = _raise(world, basis="referral", basis_reference=str(referral.pk))
    change = LevelChange.objects.filter(registration=changed).first()
    assert changed.level == 2
    assert change is not None and (change.basis, change.basis_reference) == (LevelBasis.REFERRAL, str(referral.pk))


def test_a_referral_not_yet_accepted_does_not(world: World) -> None:
    referral = submitted_referral(world)
    assert "not accepted" in _refused(world, basis="referral", basis_reference=str(referral.pk))["basis_reference"][0]
    assert "referral" in _refused(world, basis="referral", basis_reference="")["basis_reference"][0]


def test_a_referral_about_someone_else_does_not(world: World) -> None:
    referral = accept(world)
    other = make_world()
    Registration.objects.filter(nominal=other.nominal).update(level=1)
    with pytest.raises(ValidationError) as error:
        _raise(other, basis="referral", basis_reference=str(referral.pk))
    assert "about this person" in error.value.message_dict["basis_reference"][0]


def test_a_meeting_reference_must_be_an_approved_decision_about_the_person(world: World) -> None:
    assert "MAPP meeting" in _refused(world, basis="meeting", basis_reference="DEMO-MTG-99999")["basis_reference"][0]


def test_the_emergency_route_needs_a_reason_and_tells_the_coordinator(world: World) -> None:
    assert RULE in _refused(world, basis="emergency")["emergency_reason"][0]
    assert _emergency_items(world) == []
    changed = _raise(world, basis="emergency", emergency_reason="Threats to the victim last night")
    change = LevelChange.objects.filter(registration=changed).first()
    assert change is not None and change.emergency_reason == "Threats to the victim last night"
    assert _emergency_items(world) == ["Level 2 started by the emergency route: follow with a referral or a meeting"]
    # Another area's co-ordinator is not told.
    scope = WorklistScope(today=TODAY(), due_by=TODAY(), area_id=world.nominal.area_id + 1000)
    assert list(emergency_level_starts(scope)) == []
    # An accepted referral followed: off the co-ordinator's list.
    referral = accept(world)
    services.change_level(
        actor=Actor(world[Role.POLICE_OM]),
        registration=_registration(world),
        to_level=2,
        decided_on=TODAY(),
        reason="Referral accepted",
        basis="referral",
        basis_reference=str(referral.pk),
    )
    assert _emergency_items(world) == []


def test_a_review_keeping_or_lowering_the_level_needs_no_referral(world: World) -> None:
    Registration.objects.filter(nominal=world.nominal).update(level=2)
    kept = services.change_level(
        actor=Actor(world[Role.POLICE_OM]),
        registration=_registration(world),
        to_level=2,
        decided_on=TODAY(),
        reason="x",
    )
    assert LevelChange.objects.filter(registration=kept).first().basis == LevelBasis.REVIEW  # type: ignore[union-attr]


def test_registering_at_level_2_needs_its_basis(world: World) -> None:
    nominal = world.nominal
    Registration.objects.filter(nominal=nominal).delete()
    kwargs = {
        "actor": Actor(world[Role.PROBATION_OM]),
        "nominal": Nominal.objects.get(pk=nominal.pk),
        "category": 2,
        "level": 2,
        "lead_agency": world[Role.PROBATION_OM].agency,
        "record_manager": world[Role.PROBATION_OM],
        "start_date": TODAY() - timedelta(days=3),
        "reason": "Sentenced for wounding",
    }
    with pytest.raises(ValidationError) as error:
        services.register(**kwargs)  # type: ignore[arg-type]
    assert RULE in error.value.message_dict["basis"][0]
    registration = services.register(**kwargs, basis="emergency", emergency_reason="Released today")  # type: ignore[arg-type]
    assert registration.level == 2
    assert LevelChange.objects.get(registration=registration).basis == LevelBasis.EMERGENCY


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _form(level: int, **extra: str) -> dict[str, str]:
    today = TODAY()
    return {
        "level": str(level),
        "reason": "Risk has increased",
        "version": "1",
        "decided_on-day": str(today.day),
        "decided_on-month": str(today.month),
        "decided_on-year": str(today.year),
    } | extra


def test_the_page_refuses_a_direct_raise_and_shows_the_basis_in_the_history(world: World) -> None:
    client = _client(world[Role.PROBATION_OM])
    url = reverse("cases:change-level", args=[world.nominal.pk])
    version = str(_registration(world).version)
    page = client.post(url, _form(2, basis="review", version=version))
    assert page.status_code == 200 and RULE in page.content.decode()
    assert _registration(world).level == 1
    done = client.post(
        url, _form(2, basis="emergency", emergency_reason="Threats last night", version=version), follow=True
    )
    assert done.status_code == 200 and _registration(world).level == 2
    history = client.get(reverse("cases:registration", args=[world.nominal.pk])).content.decode()
    assert "Emergency: the co-ordinator told" in history and "Threats last night" in history


def test_the_api_refuses_a_direct_raise_naming_the_field_and_rule(world: World) -> None:
    client = _client(world[Role.PROBATION_OM])
    url = f"/api/v1/registrations/{_registration(world).pk}/level/"
    body = {"level": 2, "decided_on": TODAY().isoformat(), "reason": "Risk has increased"}
    refused = client.post(url, body, content_type="application/json", HTTP_IF_MATCH="*")
    assert refused.status_code == 400
    assert any(e["field"] == "basis" and RULE in e["message"] for e in refused.json()["errors"])
    referral = accept(world)
    done = client.post(
        url,
        body | {"basis": "referral", "basis_reference": str(referral.pk)},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["level_history"][0]["basis"] == "referral"
