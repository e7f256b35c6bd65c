"""Versioned records in the API: ETags, If-Match (428/412), Idempotency-Key replays, and the
schema of the shared person-records and record endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from accounts.models import User
from kernel.api import IF_MATCH_NEEDED, if_match, validated, versioned, versioned_create, versioned_update


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()
    urgent = serializers.BooleanField(required=False)


def api_request(method: str, *, user: User | None = None, data: Any = None, **headers: Any) -> Request:
    raw = getattr(APIRequestFactory(), method)("/api/v1/things/1/", data, format="json", **headers)
    request = Request(raw, parsers=[JSONParser()])
    if user is not None:
        request.user = user
    return request


def test_a_versioned_answer_carries_the_version_as_its_etag() -> None:
    response = versioned({"id": 1}, 7, 201)
    assert (response.status_code, response["ETag"], response.data) == (201, '"7"', {"id": 1})


@pytest.mark.parametrize(("header", "version"), [('"4"', 4), ('W/"4"', 4), ("4", 4), ("", None), ('"four"', None)])
def test_if_match_reads_the_etag_from_get_and_nothing_else(header: str, version: int | None) -> None:
    headers: dict[str, Any] = {"HTTP_IF_MATCH": header} if header else {}
    assert if_match(api_request("patch", data={}, **headers)) == version


def test_an_edit_without_if_match_is_428_and_nothing_is_saved() -> None:
    saved: list[Any] = []

    def save(values: dict[str, Any], expected: int) -> Response:
        saved.append(values)
        return Response(values)

    response = versioned_update(api_request("patch", data={"note": "x"}), NoteSerializer, save)
    assert response.status_code == 428
    assert response.data == {"errors": [{"field": "If-Match", "message": IF_MATCH_NEEDED}]}
    assert saved == []


def test_an_edit_saves_the_checked_fields_sent_with_the_version_seen() -> None:
    seen: list[Any] = []

    def save(values: dict[str, Any], expected: int) -> Response:
        seen.append((values, expected))
        return versioned(values, expected + 1)

    response = versioned_update(
        api_request("patch", data={"urgent": "true"}, HTTP_IF_MATCH='"3"'), NoteSerializer, save
    )
    assert response.status_code == 200 and response["ETag"] == '"4"'
    assert seen == [({"urgent": True}, 3)]  # partial: the required note may be left out of an edit


def test_a_body_that_breaks_a_rule_names_the_field() -> None:
    with pytest.raises(serializers.ValidationError) as raised:
        validated(NoteSerializer, api_request("post", data={"urgent": "maybe"}))
    assert set(raised.value.detail) == {"note", "urgent"}


@pytest.mark.django_db
def test_a_create_retried_with_its_key_replays_the_first_answer(police_om: User) -> None:
    made: list[dict[str, Any]] = []

    def save(target: str, values: dict[str, Any]) -> Response:
        made.append(values)
        return versioned({"target": target, "n": len(made)}, 1, 201)

    def post() -> Response:
        request = api_request("post", user=police_om, data={"note": "first"}, HTTP_IDEMPOTENCY_KEY="k-1")
        return versioned_create(request, NoteSerializer, lambda: "person", save)

    first, again = post(), post()
    assert (first.status_code, first.data) == (201, {"target": "person", "n": 1})
    assert (again.status_code, again.data, again["Idempotent-Replayed"]) == (201, {"target": "person", "n": 1}, "true")
    assert made == [{"note": "first"}]


@pytest.mark.django_db
def test_a_create_where_the_caller_may_not_write_is_404_before_the_body_is_read(police_om: User) -> None:
    def refuse() -> str:
        raise Http404

    def save(target: str, values: dict[str, Any]) -> Response:
        raise AssertionError("nothing is saved for a caller who may not write")

    with pytest.raises(Http404):
        versioned_create(api_request("post", user=police_om, data={}), NoteSerializer, refuse, save)


def test_the_shared_endpoints_keep_their_operations_and_list_shape() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    operations = {
        operation["operationId"]: operation
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for name in ("nominal_visits_list", "nominal_visits_create", "visits_retrieve", "visits_partial_update"):
        assert name in operations
    assert [p["name"] for p in operations["visits_partial_update"]["parameters"] if p["in"] == "header"] == ["If-Match"]
    assert [p["name"] for p in operations["nominal_visits_create"]["parameters"] if p["in"] == "header"] == [
        "Idempotency-Key"
    ]
    assert list(schema["components"]["schemas"]["HomeVisitList"]["properties"]) == ["count", "results", "clocks"]
    # The plan's conditions say nothing of the rso endpoints' description.
    assert "description" not in operations["external_controls_list"]
    assert operations["orders_retrieve"]["description"] == "GET one record with its ETag; PATCH it with If-Match."


def test_an_endpoint_may_keep_its_published_list_order_and_name_and_describe_its_edit() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    operations = {
        operation["operationId"]: operation
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    # `leading` fields stand before count and results, as the notifications answer has always had them.
    assert list(schema["components"]["schemas"]["SexOffenderNotificationList"]["properties"]) == [
        "clocks",
        "count",
        "results",
    ]
    # A decision names its own update operation and says more of it than of the read.
    assert "indefinite_reviews_partial_update" not in operations
    decision, read = operations["indefinite_reviews_determination"], operations["indefinite_reviews_retrieve"]
    assert [p["name"] for p in decision["parameters"] if p["in"] == "header"] == ["If-Match"]
    assert decision["description"].startswith("Once per application.")
    assert read["description"] == "GET one record with its ETag; PATCH it with If-Match."
    create, listed = operations["nominal_indefinite_reviews_create"], operations["nominal_indefinite_reviews_list"]
    assert create["description"].startswith("Police public protection staff")
    assert listed["description"] == "GET the person's records (with any clocks); POST a new one."
