"""Victims endpoints: the restricted section of a person's record. Without the grant every
endpoint answers 404, as for a record that does not exist."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from audit import trail
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from register import selectors as register_selectors

from . import selectors, services
from .models import Victim
from .serializers import NotificationWriteSerializer, VictimSerializer, VictimWriteSerializer


def _answer(victim: Victim, code: int = status.HTTP_200_OK) -> Response:
    victim = Victim.objects.prefetch_related("notifications").select_related("recorded_by").get(pk=victim.pk)
    response = Response(VictimSerializer(victim).data, status=code)
    response["ETag"] = etag_for(victim.version)
    return response


class PersonVictimsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="nominal_victims_list",
        responses=inline_serializer(
            "VictimList", {"count": serializers.IntegerField(), "results": VictimSerializer(many=True)}
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        victims = list(selectors.victims_of(requested_by=user, nominal=nominal).select_related("recorded_by"))
        trail.record(
            actor=user,
            action="victim.list_view",
            obj=nominal,
            nominal_id=nominal.pk,
            request=request._request,
            detail={"shown": [v.pk for v in victims]},
        )
        return Response({"count": len(victims), "results": VictimSerializer(victims, many=True).data})

    @extend_schema(
        operation_id="nominal_victims_create",
        request=VictimWriteSerializer,
        responses={201: VictimSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        if not policy.can_edit_victims(user, nominal):
            raise Http404

        def create() -> Response:
            form = VictimWriteSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            victim = services.record_victim(
                acting_user=user, nominal=nominal, values=dict(form.validated_data), request=request._request
            )
            return _answer(victim, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class VictimDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="victims_retrieve", responses=VictimSerializer)
    def get(self, request: Request, pk: int) -> Response:
        victim = selectors.get_victim(requested_by=request.user, pk=pk)
        trail.record(
            actor=request.user, action="victim.view", obj=victim, nominal_id=victim.nominal_id, request=request._request
        )
        return _answer(victim)

    @extend_schema(
        operation_id="victims_partial_update",
        request=VictimWriteSerializer,
        responses=VictimSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        victim = selectors.get_victim(requested_by=user, pk=pk)
        if not policy.can_edit_victims(user, victim.nominal):
            raise Http404
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return errors_response(
                [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
                status.HTTP_428_PRECONDITION_REQUIRED,
            )
        form = VictimWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        updated = services.update_victim(
            acting_user=user,
            victim=victim,
            values=dict(form.validated_data),
            expected_version=expected,
            request=request._request,
        )
        return _answer(updated)


class VictimNotificationsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="victims_notifications_create",
        request=NotificationWriteSerializer,
        responses={201: VictimSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        victim = selectors.get_victim(requested_by=user, pk=pk)
        if not policy.can_edit_victims(user, victim.nominal):
            raise Http404

        def create() -> Response:
            form = NotificationWriteSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            services.add_notification(
                acting_user=user, victim=victim, values=dict(form.validated_data), request=request._request
            )
            return _answer(victim, status.HTTP_201_CREATED)

        return idempotent_create(request, create)
