"""Versioned endpoints for records about a person: a collection under /people/<pk>/ and one
record under its own id, built from kernel.api's blocks. Access is asked of access.policy:
reading needs sight of the person (the "people" rule and the selectors' scoping), writing
the policy function named by `write_rule`. A refusal is the same 404 as a missing record.

Subclasses say how to find the records (`records`, `fetch`, with the user the selectors
scope by) and how to write them (`create`, `update`, with the Actor their services take).
Every read is audited here, as `read_action`.
"""

from __future__ import annotations

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
from kernel.api import SerializerClass, answer, versioned_create, versioned_update

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
