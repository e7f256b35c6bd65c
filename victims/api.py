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
from accounts.models import User
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, answer, listing, versioned_create
from kernel.api_steps import record_api
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


def _editable_victim(user: User, pk: int) -> Victim:
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


VictimDetailApi = record_api(
    "victims",
    access_rule="people",
    read=lambda actor, pk: selectors.read_victim(actor=actor, pk=pk),
    editable=_editable_victim,
    update=services.update_victim,
    record="victim",
    output=VictimSerializer,
    write=VictimWriteSerializer,
    reply=_answer,
)


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

        return versioned_create(
            request, NotificationWriteSerializer, lambda: _editable_victim(signed_in_user(request), pk), save
        )
