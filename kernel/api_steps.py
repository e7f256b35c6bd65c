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
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    if_match,
    precondition_required,
    unchanged_since_read,
    validated,
    versioned_update,
)
from .idempotency import idempotent_create
from .if_match import ANY_VERSION

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
    """The answer of a step that makes a new record: such a step takes an Idempotency-Key
    (a retry replays the first answer) instead of If-Match."""

    def reply(user: User, made: Any) -> Response:
        return Response(serializer(made, many=many).data, status=status.HTTP_201_CREATED)

    reply.creates = True  # type: ignore[attr-defined]
    return reply


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
    `find` gives. A step that changes the record needs If-Match (428 without it, 412 when
    stale): `versioned` steps pass its version on as `expected_version`; for the others the
    record is locked and checked here, around the service. A step whose `reply` is
    `created(...)` makes a new record instead and takes an Idempotency-Key. `schema`
    (responses, parameters, description) goes to the OpenAPI operation; `base` holds the
    endpoint's other methods, if any."""
    creates = getattr(reply, "creates", False) and not versioned
    parameters = [
        p for p in schema.pop("parameters", []) if getattr(p, "name", None) not in ("If-Match", "Idempotency-Key")
    ]
    parameters.append(IDEMPOTENCY_PARAMETER if creates else IF_MATCH_PARAMETER)

    @extend_schema(operation_id=operation_id, request=write, parameters=parameters, **schema)
    def handle(self: APIView, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        target = find(actor.user, pk)

        def run(**versions: Any) -> Any:
            body = validated(write, request) if write is not None else {}
            return service(actor=actor, **{record: target}, **versions, **arguments(body))

        if creates:
            return idempotent_create(request, lambda: reply(actor.user, run()), check=lambda: find(actor.user, pk))
        if versioned:
            expected = if_match(request)
            if expected is None and (request.headers.get("If-Match") or "").strip() != ANY_VERSION:
                return precondition_required()
            return reply(actor.user, run(expected_version=expected))
        with unchanged_since_read(request, target):
            result = run()
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
