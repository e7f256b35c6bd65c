"""Victims endpoints: the restricted section of a person's record. Without the grant every
endpoint answers 404, as for a record that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, answer, listing, versioned_create, versioned_update
from kernel.declare import signed_in_user
from register import selectors as register_selectors
from register.models import Nominal

from . import selectors, services
from .models import Victim
from .serializers import NotificationWriteSerializer, VictimSerializer, VictimWriteSerializer


def _answer(victim: Victim, code: int = status.HTTP_200_OK) -> Response:
    """The victim as stored now, with what they must be told."""
    victim = Victim.objects.prefetch_related("notifications").select_related("recorded_by").get(pk=victim.pk)
    return answer(VictimSerializer, victim, code)


def _editable_victim(request: Request, pk: int) -> Victim:
    user = signed_in_user(request)
    victim = selectors.get_victim(requested_by=user, pk=pk)
    if not policy.can_edit_victims(user, victim.nominal):
        raise Http404
    return victim


class PersonVictimsApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="nominal_victims_list", responses=listing("VictimList", VictimSerializer))
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
        victims = selectors.read_victims_of(actor=actor, nominal=nominal)
        return Response({"count": len(victims), "results": VictimSerializer(victims, many=True).data})

    @extend_schema(
        operation_id="nominal_victims_create",
        request=VictimWriteSerializer,
        responses={201: VictimSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)

        def editable_person() -> Nominal:
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
            if not policy.can_edit_victims(actor.user, nominal):
                raise Http404
            return nominal

        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            victim = services.record_victim(actor=actor, nominal=nominal, values=values)
            return _answer(victim, status.HTTP_201_CREATED)

        return versioned_create(request, VictimWriteSerializer, editable_person, save)


class VictimDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="victims_retrieve", responses=VictimSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _answer(selectors.read_victim(actor=actor_of(request), pk=pk))

    @extend_schema(
        operation_id="victims_partial_update",
        request=VictimWriteSerializer,
        responses=VictimSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        victim = _editable_victim(request, pk)

        def save(values: dict[str, Any], expected: int) -> Response:
            updated = services.update_victim(
                actor=actor_of(request), victim=victim, values=values, expected_version=expected
            )
            return _answer(updated)

        return versioned_update(request, VictimWriteSerializer, save)


class VictimNotificationsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="victims_notifications_create",
        request=NotificationWriteSerializer,
        responses={201: VictimSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(victim: Victim, values: dict[str, Any]) -> Response:
            services.add_notification(actor=actor_of(request), victim=victim, values=values)
            return _answer(victim, status.HTTP_201_CREATED)

        return versioned_create(request, NotificationWriteSerializer, lambda: _editable_victim(request, pk), save)
