"""The shape shared by the notification, civil order and home visit endpoints.

A collection under a person (GET lists, POST creates with an Idempotency-Key) and a
record (GET with an ETag, PATCH needing If-Match: 428 without it, 412 when stale). Reads
and writes are audit events; access is asked of access.policy (read: whoever sees the
person; write: can_record_rso), and refusals are the same 404 as a missing record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import Http404
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import audit, policy
from access.declare import signed_in_user
from access.idempotency import idempotent_create
from accounts.models import User
from openmappa.api_errors import errors_response
from register import selectors as register_selectors
from register.api import etag_for, version_from_if_match
from register.models import Nominal
from rules.clocks import Clock

IF_MATCH_NEEDED = "Send If-Match with the ETag from GET"


class ClockSerializer(serializers.Serializer[Any]):
    """A deadline from rules/: the last day on time, its status and its source."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the clock's label, not the field's
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    citation = serializers.CharField()
    detail = serializers.CharField()


def answer(serializer: type[serializers.Serializer[Any]], obj: Any, code: int = status.HTTP_200_OK) -> Response:
    response = Response(serializer(obj).data, status=code)
    response["ETag"] = etag_for(obj.version)
    return response


def clocks_data(clocks: list[Clock]) -> list[dict[str, Any]]:
    return list(ClockSerializer(clocks, many=True).data)


class PersonCollectionApi(APIView):
    """GET the person's records (with any clocks); POST a new one."""

    access_rule = "people"
    output: type[serializers.Serializer[Any]]
    write: type[serializers.Serializer[Any]]
    read_action = ""

    def records(self, user: User, nominal: Nominal) -> Any:
        raise NotImplementedError

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {}

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> Any:
        raise NotImplementedError

    def may_write(self, user: User, nominal: Nominal) -> bool:
        """Who may create or change these records (the policy's answer)."""
        return policy.can_record_rso(user, nominal)

    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        found = list(self.records(user, nominal))
        audit.record(
            actor=user,
            action=self.read_action,
            obj=nominal,
            nominal_id=nominal.pk,
            request=request._request,
            detail={"count": len(found)},
        )
        body = {"count": len(found), "results": self.output(found, many=True).data} | self.additions(user, nominal)
        return Response(body)

    def post(self, request: Request, pk: int) -> Response:
        def create() -> Response:
            user = signed_in_user(request)
            nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
            if not self.may_write(user, nominal):
                raise Http404
            form = self.write(data=request.data, context={"nominal": nominal, "user": user})
            form.is_valid(raise_exception=True)
            created = self.create(user, nominal, dict(form.validated_data), request)
            return answer(self.output, created, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class RecordApi(APIView):
    """GET one record with its ETag; PATCH it with If-Match."""

    access_rule = "people"
    output: type[serializers.Serializer[Any]]
    write: type[serializers.Serializer[Any]]
    read_action = ""

    def fetch(self, user: User, pk: int) -> Any:
        raise NotImplementedError

    def nominal_of(self, record: Any) -> Nominal:
        nominal: Nominal = record.nominal
        return nominal

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        raise NotImplementedError

    def may_write(self, user: User, nominal: Nominal) -> bool:
        """Who may create or change these records (the policy's answer)."""
        return policy.can_record_rso(user, nominal)

    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        record: Model = self.fetch(user, pk)
        audit.record(
            actor=user,
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
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return errors_response(
                [{"field": "If-Match", "message": IF_MATCH_NEEDED}], status.HTTP_428_PRECONDITION_REQUIRED
            )
        form = self.write(data=request.data, partial=True, context={"nominal": nominal, "user": user})
        form.is_valid(raise_exception=True)
        updated = self.update(user, record, dict(form.validated_data), expected, request)
        return answer(self.output, updated)
