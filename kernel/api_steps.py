"""Step endpoints: a POST (or PUT) on one record that runs one service and answers with what
it made or changed. Each endpoint is declared once, with its schema, instead of repeating
the same look-up, body check, version check and answer. `record_api` does the same for
the GET and PATCH of one versioned record."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .actor import Actor, actor_of
from .api import (
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    if_match,
    precondition_required,
    validated,
    versioned_update,
)

if TYPE_CHECKING:  # the project's user model (AUTH_USER_MODEL), named for type checks only
    from accounts.models import User

Record = TypeVar("Record")
# (the user, the record's id) -> the record, or Http404 when it is not theirs to change
Find = Callable[["User", int], Any]
# (the user, what the service returned) -> the answer
Reply = Callable[["User", Any], Response]


def permitted(fetch: Callable[..., Record], allowed: Callable[[User, Record], bool]) -> Callable[[User, int], Record]:
    """A `find`: the record `fetch(requested_by=user, pk=pk)` gives, for a user `allowed` to
    do this with it; Http404 otherwise, the same answer as for a record that is missing."""

    def find(user: User, pk: int) -> Record:
        record = fetch(requested_by=user, pk=pk)
        if not allowed(user, record):
            raise Http404
        return record

    return find


def created(serializer: SerializerClass, *, many: bool = False) -> Reply:
    return lambda user, made: Response(serializer(made, many=many).data, status=status.HTTP_201_CREATED)


def answered(serializer: SerializerClass) -> Reply:
    return lambda user, changed: Response(serializer(changed).data)


def with_etag(serializer: SerializerClass) -> Reply:
    """The changed versioned record, with its new version as the ETag."""
    return lambda user, changed: answer(serializer, changed)


def step_api(
    operation_id: str,
    *,
    access_rule: str,
    find: Find,
    record: str,
    service: Callable[..., Any],
    reply: Reply,
    write: SerializerClass | None = None,
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
    versioned: Literal["required", "optional"] | None = None,
    method: str = "post",
    base: type[APIView] = APIView,
    **schema: Any,
) -> type[APIView]:
    """The endpoint calls `service(actor=..., <record>=..., **arguments(body))` on the record
    `find` gives. `versioned` steps pass the If-Match version on as `expected_version`: a
    required one answers 428 without it; an optional one is a one-click step. `schema`
    (responses, parameters, description) goes to the OpenAPI operation as it is; `base`
    holds the endpoint's other methods, if any."""

    @extend_schema(operation_id=operation_id, request=write, **schema)
    def handle(self: APIView, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        target = find(actor.user, pk)
        expected = if_match(request)
        if versioned == "required" and expected is None:
            return precondition_required()
        body = validated(write, request) if write is not None else {}
        versions = {"expected_version": expected} if versioned else {}
        result = service(actor=actor, **{record: target}, **versions, **arguments(body))
        return reply(actor.user, result)

    name = "".join(part.title() for part in operation_id.split("_")) + "Api"
    return type(name, (base,), {"access_rule": access_rule, method: handle, "__module__": __name__})


def record_api(
    name: str,
    *,
    access_rule: str,
    read: Callable[[Actor, int], Any],
    editable: Find,
    update: Callable[..., Any],
    record: str,
    output: SerializerClass,
    write: SerializerClass,
    reply: Callable[[Any], Response] | None = None,
    update_operation: str = "partial_update",
) -> type[APIView]:
    """One versioned record: GET it with its ETag (`read` audits the read); PATCH it with
    If-Match, which calls `update(actor=..., <record>=..., values=..., expected_version=...)`
    on the record `editable` gives. Both answer `reply(record)`: the record as `output`
    shows it, unless told otherwise. The operations are `<name>_retrieve` and
    `<name>_<update_operation>`."""
    respond = reply or (lambda found: answer(output, found))

    @extend_schema(operation_id=f"{name}_retrieve", responses=output)
    def get(self: APIView, request: Request, pk: int) -> Response:
        return respond(read(actor_of(request), pk))

    @extend_schema(
        operation_id=f"{name}_{update_operation}", request=write, responses=output, parameters=[IF_MATCH_PARAMETER]
    )
    def patch(self: APIView, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        target = editable(actor.user, pk)

        def save(values: dict[str, Any], expected: int) -> Response:
            return respond(update(actor=actor, **{record: target}, values=values, expected_version=expected))

        return versioned_update(request, write, save)

    class_name = "".join(part.title() for part in name.split("_")) + "RecordApi"
    attributes = {"access_rule": access_rule, "get": get, "patch": patch, "__module__": __name__}
    return type(class_name, (APIView,), attributes)
