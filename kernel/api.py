"""Versioned records in the API: nothing lost between two people editing at once.

Every versioned answer carries the record's version as its ETag. A create accepts an
Idempotency-Key (a retry replays the first answer); an edit needs If-Match with the ETag
from GET: 428 without it, 412 when it is stale (the service raises VersionConflict, which
kernel.api_errors turns into the 412). Bad input is a 400 naming the field.

These are the building blocks; register.record_endpoints puts them together for the common
case of records about a person.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from rules.clocks import Clock, ClockStatus

from .api_errors import errors_response
from .errors import VersionConflict
from .idempotency import idempotent_create

# Re-exported: the header's parsing lives in kernel.if_match, which DRF loads early.
from .if_match import ANY_VERSION as ANY_VERSION
from .if_match import IF_MATCH_NEEDED as IF_MATCH_NEEDED
from .if_match import version_from_if_match as version_from_if_match

# What the schema says of the two kinds of endpoint, unless told otherwise.
PERSON_RECORDS_DESCRIPTION = "GET the person's records (with any clocks); POST a new one."
RECORD_DESCRIPTION = "GET one record with its ETag; PATCH it with If-Match."

Target = TypeVar("Target")
SerializerClass = type[serializers.Serializer[Any]]

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Retrying a create with the same key returns the first answer instead of a duplicate.",
)
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from GET: 428 without it, 412 when it is stale (`*` matches any version).",
)
# Only for a PUT that may start the record (a draft): once it exists, If-Match is required.
OPTIONAL_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag from GET; a stale one gets 412.",
)


def etag_for(version: int) -> str:
    return f'"{version}"'


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


@contextmanager
def unchanged_since_read(request: Request, record: Any) -> Iterator[Any]:
    """For a step whose service takes no version: one transaction in which the record is
    locked and checked against If-Match (412 when stale; `*` matches any version). The
    service runs inside it, so nobody changes the record between the check and the step."""
    header = (request.headers.get("If-Match") or "").strip()
    with transaction.atomic():
        fresh = type(record)._default_manager.select_for_update().get(pk=record.pk)
        current = getattr(fresh, "version", None)
        if header != ANY_VERSION and (current is None or version_from_if_match(header) != current):
            raise VersionConflict(current)
        yield fresh


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

    return idempotent_create(request, create, check=find)


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
    status = serializers.ChoiceField(
        choices=[s.value for s in ClockStatus],
        help_text="The state rules/clocks.py decides: not_due (not yet due), due, overdue, met (on time), "
        "met_late, ended. Only not_due, due and overdue are still owed.",
    )
    status_text = serializers.CharField(help_text='The state in words, e.g. "Met 2 days late".')
    met_on = serializers.DateField(allow_null=True, help_text="The day the event happened, when it has.")
    days_late = serializers.IntegerField(allow_null=True, help_text="Days after due_on it was met (met_late only).")
    ended_on = serializers.DateField(allow_null=True, help_text="The day the clock ended unmet (ended only).")
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
