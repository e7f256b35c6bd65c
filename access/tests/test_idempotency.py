"""Idempotency-Key: a retried create returns the first answer and creates nothing more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from access.models import IdempotentRequest
from accounts.models import User
from audit.models import AuditEvent
from kernel.idempotency import HEADER, MAX_KEY_LENGTH
from register.models import Nominal

pytestmark = pytest.mark.django_db

NOMINALS = "/api/v1/nominals/"
Bearer = Callable[[User | None], APIClient]


def create(client: APIClient, key: str | None, family_name: str = "Retry") -> Any:
    body: dict[str, Any] = {"family_name": family_name, "given_names": "Rita", "date_of_birth": "1991-04-04"}
    body |= {"gender": "female", "confirm_not_duplicate": True}  # retries of one person, not a duplicate
    headers: dict[str, Any] = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(NOMINALS, body, format="json", **headers)


def test_the_header_name_and_length_match_what_is_stored() -> None:
    assert HEADER == "Idempotency-Key"
    assert IdempotentRequest._meta.get_field("key").max_length == MAX_KEY_LENGTH


def test_three_retries_make_one_person(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    answers = [create(client, "one-person") for _ in range(3)]
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert [a.get("Idempotent-Replayed") for a in answers] == [None, "true", "true"]
    assert Nominal.objects.count() == 1
    assert AuditEvent.objects.filter(action="nominal.create").count() == 1
    stored = IdempotentRequest.objects.get()
    assert (stored.user, stored.key, stored.path, stored.status_code) == (police_om, "one-person", NOMINALS, 201)


def test_without_a_key_every_request_creates(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    create(client, None)
    create(client, "   ")  # a blank key is no key
    assert Nominal.objects.count() == 2 and not IdempotentRequest.objects.exists()


def test_surrounding_spaces_do_not_make_another_key(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    first = create(client, "spaced")
    again = create(client, "  spaced  ")
    assert again.json()["id"] == first.json()["id"] and Nominal.objects.count() == 1


def test_a_key_too_long_to_store_is_refused_not_cut_short(police_om: User, bearer: Bearer) -> None:
    """Cut short, two keys that differ only after the 100th character would replay each
    other's answer: the second create would silently return the first person."""
    client = bearer(police_om)
    prefix = "k" * 100
    for suffix, name in (("-first", "First"), ("-second", "Second")):
        response = create(client, prefix + suffix, family_name=name)
        assert response.status_code == 400
        assert response.json() == {
            "errors": [{"field": HEADER, "message": f"An Idempotency-Key is at most {MAX_KEY_LENGTH} characters"}]
        }
    assert not Nominal.objects.exists() and not IdempotentRequest.objects.exists()


def test_a_key_of_the_longest_stored_length_works(police_om: User, bearer: Bearer) -> None:
    client = bearer(police_om)
    key = "x" * MAX_KEY_LENGTH
    assert create(client, key).status_code == 201
    assert create(client, key).json()["id"] == Nominal.objects.get().pk
    assert IdempotentRequest.objects.get().key == key
