"""Every change to an existing record through the API needs If-Match: the OpenAPI schema
declares it required on every PATCH, PUT and DELETE and on every POST to /{id}/... that does
not make a new record (those take an Idempotency-Key), and each answers 428 without it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db

# A PUT that may start the record: there is nothing to match until the draft exists, and
# once it does the endpoint answers 428 without If-Match (meetings.tests).
STARTS_THE_RECORD = {"minutes_save_draft"}
# Users whose route rules between them reach every endpoint.
CALLERS = ("coordinator", "police_om", "probation_om", "prison_om", "chair", "dtc_spoc", "admin")


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("patch", "put", "delete") or (method == "post" and "{" in path):
                found.append((path, method, operation))
    return found


def _headers(operation: dict[str, Any]) -> dict[str, bool]:
    return {p["name"]: p.get("required", False) for p in operation.get("parameters", []) if p["in"] == "header"}


def test_every_change_to_a_record_declares_a_required_if_match() -> None:
    operations = _operations()
    assert len(operations) > 60  # the walk found the API
    missing = []
    for path, method, operation in operations:
        headers = _headers(operation)
        creates = method == "post" and "Idempotency-Key" in headers
        if creates or operation["operationId"] in STARTS_THE_RECORD:
            continue
        if not headers.get("If-Match"):
            missing.append(f"{method.upper()} {path} ({operation['operationId']})")
    assert missing == []


def test_each_answers_428_without_if_match(users: dict[str, User]) -> None:
    clients = {}
    for name in CALLERS:
        clients[name] = APIClient()
        clients[name].force_authenticate(users[name])
    unchecked = []
    for path, method, operation in _operations():
        if not _headers(operation).get("If-Match"):
            continue
        url = re.sub(r"\{[^}]+\}", "999999", path)
        answers = {getattr(client, method)(url, {}, format="json").status_code for client in clients.values()}
        # A caller the route's rule refuses gets 404; one it admits gets 428, whatever the id.
        if 428 not in answers or not answers <= {404, 428}:
            unchecked.append(f"{method.upper()} {path}: {sorted(answers)}")
    assert unchecked == []


def test_a_stale_if_match_is_412_and_star_matches(users: dict[str, User], make_person: Any) -> None:
    client = APIClient()
    client.force_authenticate(users["police_om"])
    person = make_person(users["police_om"])
    url = f"/api/v1/nominals/{person.pk}/"
    stale = client.patch(url, {"given_names": "Stale"}, format="json", HTTP_IF_MATCH='"7"')
    assert stale.status_code == 412 and stale.json()["errors"][0]["field"] == "If-Match"
    unreadable = client.patch(url, {"given_names": "Odd"}, format="json", HTTP_IF_MATCH="yesterday")
    assert unreadable.status_code == 428
