"""Idempotency-Key under retries (draft-ietf-httpapi-idempotency-key-header): a retry at the
same moment replays the first answer; the key with another body is a 422; an expired
answer no longer replays; a replay is audited and asks access again."""

# ruff: noqa: B023  (each lambda runs at once, inside the loop round that made it)
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from access.models import IdempotentRequest
from accounts.models import Agency, User
from audit.models import AuditEvent
from cases.models import Registration
from register.models import Nominal

from .conftest import record, statuses, together

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

Bearer = Callable[[User | None], APIClient]
NOMINALS = "/api/v1/nominals/"


def body(n: int, given: str = "Rita") -> dict[str, Any]:
    return {"family_name": f"Retry{n}", "given_names": given, "date_of_birth": "1991-04-04", "gender": "female"} | {
        "confirm_not_duplicate": True
    }


def test_a_retry_at_the_same_moment_replays(police_om: User, bearer: Bearer, rounds: range) -> None:
    for n in rounds:
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(NOMINALS, body(n), format="json", HTTP_IDEMPOTENCY_KEY=f"same-{n}"),
            lambda: two.post(NOMINALS, body(n), format="json", HTTP_IDEMPOTENCY_KEY=f"same-{n}"),
        )
        assert statuses("same key, same body, at once", answers) == [201, 201]
        assert answers[0].json()["id"] == answers[1].json()["id"]
        assert sorted(str(a.get("Idempotent-Replayed")) for a in answers) == ["None", "true"]
        duplicates = Nominal.objects.filter(family_name=f"Retry{n}").count() - 1
        record("same key, same body, at once", duplicates=duplicates)
        assert duplicates == 0


def test_the_key_with_another_body_is_refused(police_om: User, bearer: Bearer, rounds: range) -> None:
    for n in rounds:
        one, two = bearer(police_om), bearer(police_om)
        answers = together(
            lambda: one.post(NOMINALS, body(n), format="json", HTTP_IDEMPOTENCY_KEY=f"reused-{n}"),
            lambda: two.post(NOMINALS, body(n, "Other"), format="json", HTTP_IDEMPOTENCY_KEY=f"reused-{n}"),
        )
        assert statuses("same key, other body, at once", answers) == [201, 422]
        refused = next(a for a in answers if a.status_code == 422).json()
        assert refused["errors"][0]["field"] == "Idempotency-Key"
        assert Nominal.objects.filter(family_name=f"Retry{n}").count() == 1


def test_a_replay_is_audited(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    first = client.post(NOMINALS, body(0), format="json", HTTP_IDEMPOTENCY_KEY="audited")
    again = client.post(NOMINALS, body(0), format="json", HTTP_IDEMPOTENCY_KEY="audited")
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert AuditEvent.objects.filter(action="idempotency.replay", actor=police_om).count() == 1
    event = AuditEvent.objects.get(action="idempotency.replay")
    assert event.detail["path"] == NOMINALS and event.detail["status_code"] == 201


def test_a_replay_asks_access_again(police_om: User, probation_om: User, bearer: Bearer, make_person: Any) -> None:
    """A registration made with a key; then the case moves to probation and the officer to
    another area's force. The retry gets the 404 any request of theirs would get, not the
    stored answer."""
    client = bearer(police_om)
    person = make_person(police_om)
    url = f"{NOMINALS}{person.pk}/registrations/"
    registration = {
        "category": 2,
        "level": 2,
        "lead_agency": "DEMO-POL",
        "record_manager": police_om.username,
        "start_date": (timezone.localdate() - timedelta(days=7)).isoformat(),
        "reason": "Convicted of wounding",
        "basis": "continuation",
    }
    assert client.post(url, registration, format="json", HTTP_IDEMPOTENCY_KEY="moved").status_code == 201
    Registration.objects.filter(nominal=person).update(lead_agency=probation_om.agency, record_manager=probation_om)
    police_om.agency = Agency.objects.get(code="KEN-POL")
    police_om.save()
    replay = client.post(url, registration, format="json", HTTP_IDEMPOTENCY_KEY="moved")
    record("replay after access lost", **{str(replay.status_code): 1})
    assert replay.status_code == 404 and replay.get("Idempotent-Replayed") is None


def test_expired_answers_stop_replaying_and_are_purged(police_om: User, bearer: Bearer, settings: Any) -> None:
    client = bearer(police_om)
    first = client.post(NOMINALS, body(1), format="json", HTTP_IDEMPOTENCY_KEY="old")
    IdempotentRequest.objects.update(created_at=first_time() - timedelta(hours=25))
    again = client.post(NOMINALS, body(1), format="json", HTTP_IDEMPOTENCY_KEY="old")
    assert again.status_code == 201 and again.get("Idempotent-Replayed") is None
    assert again.json()["id"] != first.json()["id"]
    IdempotentRequest.objects.update(created_at=first_time() - timedelta(hours=25))
    call_command("purge_idempotency_keys")
    assert not IdempotentRequest.objects.exists()
    record("expired keys", replays_after_expiry=0)


def first_time() -> Any:
    return timezone.now()
