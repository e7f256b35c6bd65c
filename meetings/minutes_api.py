"""Minutes endpoints: the draft, approval, addenda, the PDF and sharing beyond the meeting;
requests for minutes, the chair's decision and the executive summary PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from kernel.actor import Actor, actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, OPTIONAL_IF_MATCH, answer, if_match, precondition_required, validated
from kernel.api_steps import created, step_api
from register.models import Nominal

from . import documents, selectors, services
from .api import LIST_LIMIT, create_for_named_person, meeting_for, meeting_step
from .models import Minutes, MinutesRequest
from .serializers import (
    AddendumRequestSerializer,
    AddendumSerializer,
    MinutesDraftSerializer,
    MinutesRequestCreateSerializer,
    MinutesRequestDecisionSerializer,
    MinutesRequestSerializer,
    MinutesSerializer,
    ShareRequestSerializer,
    ShareSerializer,
)

PDF = OpenApiTypes.BINARY


def _minutes_answer(user: User, minutes: Minutes) -> Response:
    minutes.refresh_from_db()
    return answer(MinutesSerializer, minutes)


class MinutesApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="minutes_retrieve", responses=MinutesSerializer)
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        _, minutes = selectors.read_minutes(actor=actor, pk=pk)
        return _minutes_answer(actor.user, minutes)

    @extend_schema(
        operation_id="minutes_save_draft",
        request=MinutesDraftSerializer,
        responses=MinutesSerializer,
        parameters=[OPTIONAL_IF_MATCH],
        description="Starts the draft, or saves it again: once a draft exists, If-Match (its ETag) is "
        "required (428 without it, 412 when stale).",
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        meeting = meeting_for()(actor.user, pk)
        expected = if_match(request)
        if expected is None and services.minutes_for(meeting) is not None:
            return precondition_required()
        values = validated(MinutesDraftSerializer, request)
        actions = values.pop("actions", None)
        minutes = services.save_minutes_draft(
            actor=actor,
            meeting=meeting,
            values=values,
            actions=[dict(a) for a in actions] if actions is not None else None,
            expected_version=expected,
        )
        return _minutes_answer(actor.user, minutes)


MinutesApproveApi = meeting_step(
    "minutes_approve",
    services.approve_minutes,
    _minutes_answer,
    find=meeting_for(policy.can_approve_minutes),
    versioned="required",
    responses=MinutesSerializer,
)
MinutesAddendumApi = meeting_step(
    "minutes_addendum",
    services.add_addendum,
    created(AddendumSerializer),
    write=AddendumRequestSerializer,
    arguments=lambda body: {"text": body["text"], "actions": [dict(a) for a in body.get("actions", [])]},
    responses={201: AddendumSerializer},
)
MinutesShareApi = meeting_step(
    "minutes_share",
    services.approve_sharing,
    created(ShareSerializer),
    find=meeting_for(policy.can_approve_minutes),
    write=ShareRequestSerializer,
    responses={201: ShareSerializer},
)


class MinutesPdfApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="minutes_pdf", responses={(200, "application/pdf"): PDF})
    def get(self, request: Request, pk: int) -> HttpResponse:
        return documents.minutes_pdf(*selectors.read_minutes(actor=actor_of(request), pk=pk))


class MinutesRequestListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="minutes_requests_list", responses=MinutesRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        requests = selectors.minutes_requests(requested_by=actor_of(request).user)[:LIST_LIMIT]
        return Response(MinutesRequestSerializer(requests, many=True).data)

    @extend_schema(
        operation_id="minutes_requests_create",
        request=MinutesRequestCreateSerializer,
        responses={201: MinutesRequestSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        def log(actor: Actor, nominal: Nominal, data: dict[str, Any]) -> Response:
            logged = services.log_minutes_request(actor=actor, nominal=nominal, **data)
            return created(MinutesRequestSerializer)(actor.user, logged)

        return create_for_named_person(request, MinutesRequestCreateSerializer, policy.can_log_minutes_request, log)


class MinutesRequestDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="minutes_requests_retrieve", responses=MinutesRequestSerializer)
    def get(self, request: Request, pk: int) -> Response:
        minutes_request = selectors.read_minutes_request(actor=actor_of(request), pk=pk)
        return Response(MinutesRequestSerializer(minutes_request).data)


def _decidable(user: User, pk: int) -> MinutesRequest:
    minutes_request = selectors.get_minutes_request(requested_by=user, pk=pk)
    if not policy.can_decide_minutes_request(user, minutes_request):
        raise Http404
    return minutes_request


def _decision_arguments(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "release": body["decision"] == "release",
        "reason": body["reason"],
        "specific_risks": body["specific_risks"],
    }


MinutesRequestDecisionApi = step_api(
    "minutes_requests_decide",
    access_rule="people",
    find=_decidable,
    record="minutes_request",
    service=services.decide_minutes_request,
    reply=lambda user, decided: Response(MinutesRequestSerializer(decided).data),
    write=MinutesRequestDecisionSerializer,
    arguments=_decision_arguments,
    responses=MinutesRequestSerializer,
)


class ExecutiveSummaryPdfApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="executive_summary_pdf", responses={(200, "application/pdf"): PDF})
    def get(self, request: Request, pk: int) -> HttpResponse:
        return documents.executive_summary_pdf(*selectors.read_executive_summary(actor=actor_of(request), pk=pk))
