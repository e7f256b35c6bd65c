"""Two requests at once: the database constraints hold, and every loser gets a clear 4xx
(409 for a constraint race, 412 for a stale If-Match, 428 without one), never a 500."""

# ruff: noqa: B023  (each lambda runs at once, inside the loop round that made it)
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import LevelChange, Registration, RegistrationStatus
from kernel.actor import Actor
from register.models import Nominal

from .conftest import record, statuses, together

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

Bearer = Callable[[User | None], APIClient]
NOMINALS = "/api/v1/nominals/"
PNC = "2010/0000042X"


def today() -> Any:
    return timezone.localdate()


def registration_body(user: User) -> dict[str, Any]:
    return {
        "category": 2,
        "level": 2,
        "lead_agency": "DEMO-POL",
        "record_manager": user.username,
        "start_date": (today() - timedelta(days=7)).isoformat(),
        "reason": "Convicted of wounding; level 2 for multi-agency management",
        "basis": "continuation",
    }


def person_body(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "family_name": f"Racer{n}",
        "given_names": "Rita",
        "date_of_birth": "1985-05-05",
        "gender": "female",
        "confirm_not_duplicate": True,  # the race is for the database's constraint, not the warning
    } | extra


def test_two_registrations_of_one_person(police_om: User, bearer: Bearer, make_person: Any, rounds: range) -> None:
    for n in rounds:
        person = make_person(police_om, family_name=f"Twice{n}")
        url = f"{NOMINALS}{person.pk}/registrations/"
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(url, registration_body(police_om), format="json", HTTP_IDEMPOTENCY_KEY=f"a{n}"),
            lambda: two.post(url, registration_body(police_om), format="json", HTTP_IDEMPOTENCY_KEY=f"b{n}"),
        )
        codes = statuses("registrations, different keys", answers)
        assert codes[0] == 201 and codes[1] in (400, 409), [a.json() for a in answers]
        loser = next(a for a in answers if a.status_code != 201).json()["errors"]
        assert loser and all(e["field"] and e["message"] for e in loser)
        assert Registration.objects.filter(nominal=person, status=RegistrationStatus.ACTIVE).count() == 1
        record("registrations, different keys", duplicates=0)


def test_two_people_with_one_pnc(police_om: User, bearer: Bearer, rounds: range) -> None:
    for n in rounds:
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(NOMINALS, person_body(n, pnc=PNC), format="json", HTTP_IDEMPOTENCY_KEY=f"p{n}"),
            lambda: two.post(NOMINALS, person_body(n, pnc=PNC), format="json", HTTP_IDEMPOTENCY_KEY=f"q{n}"),
        )
        codes = statuses("same PNC", answers)
        assert codes[0] == 201 and codes[1] in (400, 409), [a.json() for a in answers]
        loser = next(a for a in answers if a.status_code != 201).json()["errors"]
        assert loser[0]["field"] == "pnc", loser
        assert Nominal.objects.filter(pnc=PNC).count() == 1
        Nominal.objects.filter(pnc=PNC).update(pnc="")  # the next round races for the PNC again


def test_two_posts_of_the_register_form(
    police_om: User, make_person: Any, rounds: range, signed_in: Callable[[User], Client]
) -> None:
    form = {
        "category": "2",
        "level": "2",
        "lead_agency": str(police_om.agency_id),
        "record_manager": str(police_om.pk),
        "reason": "Violent offence; multi-agency management needed",
        "basis": "emergency",
        "emergency_reason": "Released today; no meeting can be held in time",
        "start_date-day": str((today() - timedelta(days=3)).day),
        "start_date-month": str((today() - timedelta(days=3)).month),
        "start_date-year": str((today() - timedelta(days=3)).year),
    }
    for n in rounds:
        person = make_person(police_om, family_name=f"Form{n}")
        url = reverse("cases:register", args=[person.pk])
        one, two = signed_in(police_om), signed_in(police_om)
        answers = together(lambda: one.post(url, form), lambda: two.post(url, form))
        codes = statuses("register form, two posts", answers)
        assert codes == [200, 302], codes
        page = next(a for a in answers if a.status_code == 200).content.decode()
        assert "govuk-error-summary" in page
        assert Registration.objects.filter(nominal=person, status=RegistrationStatus.ACTIVE).count() == 1


def test_two_level_changes_at_once(
    police_om: User, bearer: Bearer, make_person: Any, make_registration: Any, rounds: range
) -> None:
    """Both sent with the ETag they read: one wins, the other is stale (412)."""
    for n in rounds:
        case = make_registration(make_person(police_om, family_name=f"Level{n}"), police_om, category=2, level=1)
        url = f"/api/v1/registrations/{case.pk}/level/"
        up = {"level": 2, "decided_on": today().isoformat(), "reason": "Risk has increased", "basis": "continuation"}
        stay = {"level": 1, "decided_on": today().isoformat(), "reason": "Reviewed: level 1 stays"}
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(url, up, format="json", HTTP_IF_MATCH='"1"'),
            lambda: two.post(url, stay, format="json", HTTP_IF_MATCH='"1"'),
        )
        assert statuses("level changes, same ETag", answers) == [200, 412]
    skipped = LevelChange.objects.filter(from_level__in=[2, 3], to_level=1, plan_agreed_on__isnull=True).count()
    record("level changes, same ETag", rule_skips=skipped)
    assert skipped == 0


def test_level_changes_decide_on_the_locked_row(
    police_om: User, make_person: Any, make_registration: Any, rounds: range
) -> None:
    """Without a version to compare (the service called directly, as a page's one-click
    step might), the rule for leaving level 2 is still decided on the row as it is when
    locked: a change to level 1 after a change to level 2 needs the agreed plan."""
    actor = Actor(police_om)
    for n in rounds:
        case = make_registration(make_person(police_om, family_name=f"Locked{n}"), police_om, category=2, level=1)

        def change(level: int, reason: str) -> str:
            try:
                case_services.change_level(
                    actor=actor,
                    registration=case,
                    to_level=level,
                    decided_on=today(),
                    reason=reason,
                    basis="continuation" if level > 1 else "review",
                )
            except Exception as error:  # a refusal naming the rule
                return type(error).__name__
            return "changed"

        outcomes = together(lambda: change(2, "Risk has increased"), lambda: change(1, "Reviewed: level 1 stays"))
        record("level changes, no ETag (service)", **{o: 1 for o in outcomes})
    skipped = LevelChange.objects.filter(from_level__in=[2, 3], to_level=1, plan_agreed_on__isnull=True).count()
    record("level changes, no ETag (service)", rule_skips=skipped)
    assert skipped == 0


def test_two_reactivations(
    police_om: User, bearer: Bearer, make_person: Any, make_registration: Any, rounds: range
) -> None:
    for n in rounds:
        case = make_registration(make_person(police_om, family_name=f"Again{n}"), police_om, category=2, level=1)
        case = case_services.archive(
            actor=Actor(police_om), registration=case, archived_on=today(), reason="Period ended", exit_basis="died"
        )
        url = f"/api/v1/registrations/{case.pk}/reactivate/"
        body = {"reactivated_on": today().isoformat(), "reason": "Convicted again"}
        etag = f'"{case.version}"'
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(url, body, format="json", HTTP_IF_MATCH=etag),
            lambda: two.post(url, body, format="json", HTTP_IF_MATCH=etag),
        )
        codes = statuses("reactivations, same ETag", answers)
        assert codes[0] == 200 and codes[1] in (400, 409, 412), codes
        assert Registration.objects.filter(nominal=case.nominal, status=RegistrationStatus.ACTIVE).count() == 1
        without = bearer(police_om).post(url, body, format="json")
        assert statuses("reactivation without If-Match", [without]) == [428]


def test_archive_and_an_edit_of_the_person_at_once(
    police_om: User, bearer: Bearer, make_person: Any, make_registration: Any, rounds: range
) -> None:
    """Archiving locks the person; an edit re-checks the archived state under its lock:
    an edit lands before the archive or is refused (409), never after it."""
    late_edits = 0
    for n in rounds:
        person = make_person(police_om, family_name=f"Archive{n}")
        case = make_registration(person, police_om, category=2, level=1)
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(
                f"/api/v1/registrations/{case.pk}/archive/",
                {"archived_on": today().isoformat(), "reason": "Died", "exit_basis": "died"},
                format="json",
                HTTP_IF_MATCH=f'"{case.version}"',
            ),
            lambda: two.patch(
                f"{NOMINALS}{person.pk}/",
                {"given_names": "Edited"},
                format="json",
                HTTP_IF_MATCH=f'"{person.version}"',
            ),
        )
        archived, edited = answers
        statuses("archive vs person edit", answers)
        assert archived.status_code == 200, archived.json()
        assert edited.status_code in (200, 409), edited.json()
        events = AuditEvent.objects.filter(nominal_id=person.pk, action__in=["registration.archive", "nominal.update"])
        order = list(events.order_by("pk").values_list("action", flat=True))
        late_edits += int(order[-1] == "nominal.update")
    record("archive vs person edit", edits_of_archived=late_edits)
    assert late_edits == 0
