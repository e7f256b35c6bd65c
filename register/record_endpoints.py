"""Versioned endpoints for records about a person: a collection under /people/<pk>/ and one
record under its own id, built from kernel.api's blocks. Access is asked of access.policy:
reading needs sight of the person (the "people" rule and the selectors' scoping), writing
the policy function named by `write_rule`. A refusal is the same 404 as a missing record.

Subclasses say how to find the records (`records`, `fetch`, with the user the selectors
scope by) and how to write them (`create`, `update`, with the Actor their services take).
Every read is audited here, as `read_action`. Most kinds of record need nothing more than
naming their selectors and services: `PersonRecordKind` declares such a pair of endpoints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.http import Http404
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from audit import trail
from kernel.actor import Actor, actor_of
from kernel.api import (
    SerializerClass,
    answer,
    clocks_data,
    person_records_schema,
    record_schema,
    versioned_create,
    versioned_update,
)

from . import selectors as register_selectors
from .models import Nominal


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

    def listed(self, actor: Actor, nominal: Nominal, found: list[Any]) -> None:
        """The read of the person's records, as an audit event."""
        trail.record(
            actor=actor, action=self.read_action, obj=nominal, nominal_id=nominal.pk, detail={"count": len(found)}
        )

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
        found = list(self.records(actor.user, nominal))
        self.listed(actor, nominal, found)
        body = {"count": len(found), "results": self.output(found, many=True).data} | self.additions(
            actor.user, nominal
        )
        return Response(body)

    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)

        def writable_person() -> Nominal:
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
            if not self.may_write(actor.user, nominal):
                raise Http404
            return nominal

        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            return answer(self.output, self.create(actor, nominal, values), status.HTTP_201_CREATED)

        return versioned_create(
            request, self.write, writable_person, save, context=lambda nominal: self.write_context(actor.user, nominal)
        )


# GET one record with its ETag; PATCH it with If-Match. (No docstring, as above.)
class RecordApi(_VersionedApi):
    def fetch(self, user: User, pk: int) -> Any:
        raise NotImplementedError

    def nominal_of(self, record: Any) -> Nominal:
        nominal: Nominal = record.nominal
        return nominal

    def read(self, actor: Actor, pk: int) -> Any:
        """The record (404 when missing or not the actor's to see), its read audited."""
        record = self.fetch(actor.user, pk)
        trail.record(actor=actor, action=self.read_action, obj=record, nominal_id=self.nominal_of(record).pk)
        return record

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        return answer(self.output, self.read(actor_of(request), pk))

    def patch(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        record = self.fetch(actor.user, pk)
        nominal = self.nominal_of(record)
        if not self.may_write(actor.user, nominal):
            raise Http404

        def save(values: dict[str, Any], expected: int) -> Response:
            return answer(self.output, self.update(actor, record, values, expected))

        return versioned_update(request, self.write, save, context=self.write_context(actor.user, nominal))


# --- Endpoints declared by naming their selectors and services -----------------------------
# (No docstrings on the endpoint classes: the schema would show them for every endpoint.)


class DeclaredPersonRecordsApi(PersonRecordsApi):
    selector: Callable[..., Any]  # (requested_by=, nominal=) -> the person's records
    service: Callable[..., Any]  # (actor=, nominal=, values=) -> the new record
    clock_selector: Callable[..., Any] | None = None  # (requested_by=, nominal=) -> the list's clocks

    def records(self, user: User, nominal: Nominal) -> Any:
        return type(self).selector(requested_by=user, nominal=nominal)

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        clocks = type(self).clock_selector
        return {"clocks": clocks_data(clocks(requested_by=user, nominal=nominal))} if clocks else {}

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Any:
        return type(self).service(actor=actor, nominal=nominal, values=values)


class DeclaredRecordApi(RecordApi):
    selector: Callable[..., Any]  # (requested_by=, pk=) -> the record, or Http404
    service: Callable[..., Any]  # (actor=, <record_keyword>=, values=, expected_version=)
    record_keyword = ""  # what the update service calls the record ("visit", "order", ...)
    person_path = "nominal"  # the attribute path from a record to the person it is about

    def fetch(self, user: User, pk: int) -> Any:
        return type(self).selector(requested_by=user, pk=pk)

    def nominal_of(self, record: Any) -> Nominal:
        nominal: Nominal = attrgetter(self.person_path)(record)
        return nominal

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return type(self).service(
            actor=actor, **{self.record_keyword: record}, values=values, expected_version=expected
        )


def _endpoint_name(operation: str) -> str:
    # As kernel.api_steps names its endpoints: "nominal_visits" -> "NominalVisitsApi".
    return "".join(part.title() for part in operation.split("_")) + "Api"


@dataclass(frozen=True)
class PersonRecordKind:
    """A kind of record about a person, as its two endpoints serve it: shown by `output`,
    written from `write`, allowed by the access.policy function `write_rule`, its reads
    audited as "<audited_as>.list" and "<audited_as>.view"."""

    output: SerializerClass
    write: SerializerClass
    audited_as: str
    write_rule: str = "can_record_rso"

    def person_records_api(
        self,
        name: str,
        *,
        selector: Callable[..., Any],
        service: Callable[..., Any],
        clock_selector: Callable[..., Any] | None = None,
        **schema: Any,
    ) -> type[PersonRecordsApi]:
        """GET the person's records from `selector` (with `clock_selector`'s clocks, if
        any); POST a new one through `service`. `schema`: person_records_schema's other
        arguments, for the operations `<name>_list` and `<name>_create`."""
        declared = {"selector": selector, "service": service, "clock_selector": clock_selector}
        api = self._declared(DeclaredPersonRecordsApi, name, "list", self.write, declared)
        describe = person_records_schema(name, item=self.output, write=self.write, **schema)
        endpoint: type[PersonRecordsApi] = describe(api)
        return endpoint

    def record_api(
        self,
        name: str,
        *,
        selector: Callable[..., Any],
        service: Callable[..., Any],
        record_keyword: str,
        write: SerializerClass | None = None,
        person_path: str = "nominal",
        **schema: Any,
    ) -> type[RecordApi]:
        """GET one record from `selector`; PATCH it through `service`, which takes it as
        `record_keyword`, from `write` (when an edit is not written as a create is).
        `schema`: record_schema's other arguments, for `<name>_retrieve` and the update."""
        write = write or self.write
        declared = {
            "selector": selector,
            "service": service,
            "record_keyword": record_keyword,
            "person_path": person_path,
        }
        api = self._declared(DeclaredRecordApi, name, "view", write, declared)
        endpoint: type[RecordApi] = record_schema(name, item=self.output, write=write, **schema)(api)
        return endpoint

    def _declared(
        self, base: type[Any], name: str, read: str, write: SerializerClass, declared: dict[str, Any]
    ) -> type[Any]:
        """A subclass of `base` serving this kind, its reads audited as "<audited_as>.<read>"."""
        shared = {
            "output": self.output,
            "write": write,
            "write_rule": self.write_rule,
            "read_action": f"{self.audited_as}.{read}",
            "__module__": __name__,
        }
        return type(_endpoint_name(name), (base,), shared | declared)
