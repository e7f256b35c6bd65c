"""Every API error has one shape: {"errors": [{"field", "message"}]} with a 4xx status."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient

from accounts.models import User
from kernel.api_errors import exception_handler
from kernel.errors import VersionConflict, collect, field_error


def handled(exc: Exception) -> tuple[int, Any]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_a_service_validation_error_names_each_field() -> None:
    with pytest.raises(DjangoValidationError) as raised:
        collect({"date_of_birth": ["Must be in the past"], "pnc": ["Already used", "Too long"]})
    assert handled(raised.value) == (
        400,
        {
            "errors": [
                {"field": "date_of_birth", "message": "Must be in the past"},
                {"field": "pnc", "message": "Already used"},
                {"field": "pnc", "message": "Too long"},
            ]
        },
    )


def test_nothing_to_collect_raises_nothing() -> None:
    collect({})


def test_a_message_without_a_field_is_a_non_field_error() -> None:
    assert handled(DjangoValidationError("Wrong")) == (
        400,
        {"errors": [{"field": "non_field_errors", "message": "Wrong"}]},
    )
    assert handled(field_error("__all__", "Whole form"))[1] == {
        "errors": [{"field": "non_field_errors", "message": "Whole form"}]
    }


def test_nested_serializer_errors_are_named_by_path() -> None:
    exc = exceptions.ValidationError({"aliases": [{}, {"name": ["This field may not be blank."]}]})
    assert handled(exc) == (400, {"errors": [{"field": "aliases.name", "message": "This field may not be blank."}]})


def test_a_version_conflict_is_412_on_if_match() -> None:
    status, body = handled(VersionConflict(3))
    assert status == 412
    assert body["errors"][0]["field"] == "If-Match" and "version 3" in body["errors"][0]["message"]


def test_not_found_and_other_refusals_keep_the_shape() -> None:
    assert handled(Http404()) == (404, {"errors": [{"field": "non_field_errors", "message": "Not found"}]})
    assert handled(exceptions.NotAuthenticated())[0] == 401
    status, body = handled(exceptions.Throttled(wait=5))
    assert status == 429 and body["errors"][0]["field"] == "non_field_errors"


def test_an_unexpected_error_is_left_to_the_server() -> None:
    assert exception_handler(RuntimeError("bug"), {}) is None


@pytest.mark.django_db
def test_a_nested_bad_alias_is_named_through_the_api(police_om: User) -> None:
    client = APIClient()
    client.force_authenticate(police_om)
    response = client.post(
        "/api/v1/nominals/",
        {
            "family_name": "A",
            "given_names": "B",
            "date_of_birth": "1990-01-01",
            "gender": "male",
            "aliases": [{"kind": "alias", "name": ""}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["aliases.0.name"]
