"""Versioned records in the API: nothing lost between two people editing at once.

Every versioned answer carries the record's version as its ETag. A create accepts an
Idempotency-Key (a retry replays the first answer); an edit needs If-Match with the ETag
from GET: 428 without it, 412 when it is stale (the service raises VersionConflict, which
openmappa.api_errors turns into the 412). Bad input is a 400 naming the field.

The functions are the building blocks; PersonRecordsApi and RecordApi put them together
for the common case of records about a person: a collection under /people/<pk>/ and one
record under its own id. Access is asked of access.policy: reading needs sight of the
person (the "people" rule and the selectors' scoping), writing the policy function named
by `write_rule`. A refusal is the same 404 as a missing record.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import audit, policy
from access.declare import signed_in_user
from access.idempotency import idempotent_create
from accounts.models import User
from register import selectors as register_selectors
from register.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match
from register.models import Nominal
from rules.clocks import Clock

from .api_errors import errors_response

IF_MATCH_NEEDED = "Send If-Match with the ETag from GET"
# What the schema says of the two kinds of endpoint, unless told otherwise.
PERSON_RECORDS_DESCRIPTION = "GET the person's records (with any clocks); POST a new one."
RECORD_DESCRIPTION = "GET one record with its ETag; PATCH it with If-Match."

Target = TypeVar("Target")
SerializerClass = type[serializers.Serializer[Any]]


def versioned(data: Any, version: int, code: int = status.HTTP_200_OK) -> Response:
    """An answer whose ETag is the record's version, to send back as If-Match."""
    response = Response(data, status=code)
    response["ETag"] = etag_for(version)
    return response


def answer(serializer: SerializerClass, record: Any, code: int = status.HTTP_200_OK) -> Response:
    return versioned(serializer(record).data, record.version, code)


def if_match(request: Request) -> int | None:
    """The version the caller last saw, or None when If-Match is missing or unreadable."""
    return version_from_if_match(request.headers.get("If-Match"))


def precondition_required() -> Response:
    return errors_response([{"field": "If-Match", "message": IF_MATCH_NEEDED}], status.HTTP_428_PRECONDITION_REQUIRED)


def validated(
    write: SerializerClass, request: Request, *, partial: bool = False, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The request body checked by `write`; a 400 naming each field and its rule otherwise."""
    form = write(data=request.data, partial=partial, context=context or {})
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def versioned_create(
    request: Request,
    write: SerializerClass,
    find: Callable[[], Target],
    save: Callable[[Target, dict[str, Any]], Response],
    *,
    context: Callable[[Target], dict[str, Any]] | None = None,
) -> Response:
    """POST a new record once per Idempotency-Key: `find` what it is recorded against
    (raising Http404 when the caller may not write there), check the body, then `save`."""

    def create() -> Response:
        target = find()
        values = validated(write, request, context=context(target) if context else None)
        return save(target, values)

    return idempotent_create(request, create)


def versioned_update(
    request: Request,
    write: SerializerClass,
    save: Callable[[dict[str, Any], int], Response],
    *,
    context: dict[str, Any] | None = None,
) -> Response:
    """PATCH a record the caller may change: 428 without If-Match, then the body checked as
    a partial update and `save(values, expected_version)`."""
    expected = if_match(request)
    if expected is None:
        return precondition_required()
    return save(validated(write, request, partial=True, context=context), expected)


class ClockSerializer(serializers.Serializer[Any]):
    """A deadline from rules/: the last day on time, its status and its source."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the clock's label, not the field's
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    citation = serializers.CharField()
    detail = serializers.CharField()


def clocks_data(clocks: list[Clock]) -> list[dict[str, Any]]:
    """The clocks a person's records carry in their list answer (PersonRecordsApi.additions)."""
    return list(ClockSerializer(clocks, many=True).data)


def listing(name: str, item: SerializerClass, **extra: Any) -> Any:
    """The schema of a list answer: {"count": n, "results": [...], ...extra}."""
    return inline_serializer(name, {"count": serializers.IntegerField(), "results": item(many=True), **extra})


def person_records_schema(
    name: str,
    *,
    item: SerializerClass,
    write: SerializerClass,
    list_name: str,
    tags: list[str] | None = None,
    list_summary: str | None = None,
    create_summary: str | None = None,
    description: str | None = PERSON_RECORDS_DESCRIPTION,
    create_description: str | None = None,
    leading: dict[str, Any] | None = None,
    **extra: Any,
) -> Any:
    """The OpenAPI operations of a PersonRecordsApi: `<name>_list` and `<name>_create`.
    `extra` fields of the list answer follow count and results (copies keep that order);
    `leading` fields come before them (a serializer orders fields by when they were made,
    and these were made first), for answers whose published schema has them there.
    `create_description`, when given, says more of the create than `description`."""
    fields = dict(leading or {})
    fields |= {"count": serializers.IntegerField(), "results": item(many=True)}
    fields |= {key: copy.deepcopy(field) for key, field in extra.items()}
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{name}_list",
            tags=tags,
            summary=list_summary,
            description=description,
            responses=inline_serializer(list_name, fields),
        ),
        post=extend_schema(
            operation_id=f"{name}_create",
            tags=tags,
            summary=create_summary,
            description=create_description or description,
            request=write,
            responses={201: item},
            parameters=[IDEMPOTENCY_PARAMETER],
        ),
    )


def record_schema(
    name: str,
    *,
    item: SerializerClass,
    write: SerializerClass,
    tags: list[str] | None = None,
    update_summary: str | None = None,
    description: str | None = RECORD_DESCRIPTION,
    update_operation: str = "partial_update",
    update_description: str | None = None,
) -> Any:
    """The OpenAPI operations of a RecordApi: `<name>_retrieve` and `<name>_<update_operation>`
    (an edit that is one step, such as a decision, may name itself); `update_description`,
    when given, says more of the edit than `description`."""
    return extend_schema_view(
        get=extend_schema(operation_id=f"{name}_retrieve", tags=tags, description=description, responses=item),
        patch=extend_schema(
            operation_id=f"{name}_{update_operation}",
            tags=tags,
            summary=update_summary,
            description=update_description or description,
            request=write,
            responses=item,
            parameters=[IF_MATCH_PARAMETER],
        ),
    )


class _VersionedApi(APIView):
    access_rule = "people"
    write_rule = ""  # the access.policy function, (user, nominal) -> bool, that allows writes
    output: SerializerClass
    write: SerializerClass
    read_action = ""

    def may_write(self, user: User, nominal: Nominal) -> bool:
        allowed: bool = getattr(policy, self.write_rule)(user, nominal)
        return allowed

    def write_context(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {"nominal": nominal, "user": user}


# GET the person's records (with any additions, such as clocks); POST a new one. (No
# docstring: the schema would show it for every subclass; person_records_schema says it.)
class PersonRecordsApi(_VersionedApi):
    def records(self, user: User, nominal: Nominal) -> Any:
        raise NotImplementedError

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {}

    def listed(self, request: Request, nominal: Nominal, found: list[Any]) -> None:
        """The read of the person's records, as an audit event."""
        audit.record(
            actor=request.user,
            action=self.read_action,
            obj=nominal,
            nominal_id=nominal.pk,
            request=request._request,
            detail={"count": len(found)},
        )

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> Any:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        found = list(self.records(user, nominal))
        self.listed(request, nominal, found)
        body = {"count": len(found), "results": self.output(found, many=True).data} | self.additions(user, nominal)
        return Response(body)

    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)

        def writable_person() -> Nominal:
            nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
            if not self.may_write(user, nominal):
                raise Http404
            return nominal

        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            return answer(self.output, self.create(user, nominal, values, request), status.HTTP_201_CREATED)

        return versioned_create(
            request, self.write, writable_person, save, context=lambda nominal: self.write_context(user, nominal)
        )


# GET one record with its ETag; PATCH it with If-Match. (No docstring, as above.)
class RecordApi(_VersionedApi):
    def fetch(self, user: User, pk: int) -> Any:
        raise NotImplementedError

    def nominal_of(self, record: Any) -> Nominal:
        nominal: Nominal = record.nominal
        return nominal

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        record = self.fetch(signed_in_user(request), pk)
        audit.record(
            actor=request.user,
            action=self.read_action,
            obj=record,
            nominal_id=self.nominal_of(record).pk,
            request=request._request,
        )
        return answer(self.output, record)

    def patch(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        record = self.fetch(user, pk)
        nominal = self.nominal_of(record)
        if not self.may_write(user, nominal):
            raise Http404

        def save(values: dict[str, Any], expected: int) -> Response:
            return answer(self.output, self.update(user, record, values, expected, request))

        return versioned_update(request, self.write, save, context=self.write_context(user, nominal))
