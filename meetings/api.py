"""Meeting endpoints: schedule and change meetings, invitations and information requests,
attendance, attendees and the action list. The minutes and requests for them are in
minutes_api.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from kernel.actor import Actor, actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    listing,
    unchanged_since_read,
    validated,
    versioned_update,
)
from kernel.api_errors import errors_response
from kernel.api_steps import Reply, created, step_api
from kernel.idempotency import idempotent_create
from referrals import selectors as referral_selectors
from register import selectors as register_selectors
from register.models import Nominal

from . import selectors, services
from .models import Meeting
from .serializers import (
    AttendanceRequestSerializer,
    AttendeeRequestSerializer,
    AttendeeSerializer,
    CancelRequestSerializer,
    DeliverySerializer,
    InformationRequestSerializer,
    InformationResponseSerializer,
    InvitationSerializer,
    InviteRequestSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    SharedMeetingSerializer,
    meeting_as_seen,
)

LIST_LIMIT = 500
# The meeting's own wording of the If-Match it requires, as published.
REQUIRED_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from GET: 428 without it, 412 when it is stale.",
)


def _date(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def _meeting_answer(user: User, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    """The meeting in full, or what was shared of it with a duty-to-co-operate agency."""
    full = policy.sees_meeting_in_full(user, meeting)
    return answer(MeetingSerializer if full else SharedMeetingSerializer, meeting, code)


def meeting_for(rule: Callable[[User, Meeting], bool] = policy.can_manage_meeting) -> Callable[[User, int], Meeting]:
    """Finds the meeting for a user who may do this with it (404 otherwise, as if missing)."""

    def find(user: User, pk: int) -> Meeting:
        meeting = selectors.get_meeting(requested_by=user, pk=pk)
        if not rule(user, meeting):
            raise Http404
        return meeting

    return find


def meeting_step(operation_id: str, service: Callable[..., Any], reply: Reply, **options: Any) -> type[APIView]:
    """A step on a meeting the user manages (unless `find` says otherwise)."""
    options.setdefault("find", meeting_for())
    return step_api(operation_id, access_rule="meetings", record="meeting", service=service, reply=reply, **options)


def create_for_named_person(
    request: Request,
    write: SerializerClass,
    allowed: Callable[[User, Nominal], bool],
    make: Callable[[Actor, Nominal, dict[str, Any]], Response],
) -> Response:
    """POST a record about the person the body names (`nominal`, taken out of the values
    `make` gets), once per Idempotency-Key; 404 when `allowed` says the user may not."""
    actor = actor_of(request)

    def find() -> tuple[dict[str, Any], Nominal]:
        data = validated(write, request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=data.pop("nominal"))
        if not allowed(actor.user, nominal):
            raise Http404
        return data, nominal

    def create() -> Response:
        data, nominal = find()
        return make(actor, nominal, data)

    return idempotent_create(request, create, check=find)


class MeetingListCreateApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_list",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Held on or after (default: today)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Held on or before"),
            OpenApiParameter("nominal", OpenApiTypes.INT, description="Only meetings about this person"),
        ],
        responses=listing("MeetingList", meeting_as_seen),  # type: ignore[arg-type]  # a proxy, built like one
    )
    def get(self, request: Request) -> Response:
        user = actor_of(request).user
        meetings = policy.visible_meetings(user).select_related("nominal", "chair")
        start = _date(request.query_params.get("from") or timezone.localdate().isoformat())
        end = _date(request.query_params.get("to") or "9999-12-31")
        nominal = request.query_params.get("nominal") or "0"
        if start is None or end is None or not nominal.isdigit():
            return errors_response(
                [{"field": "from", "message": "Dates are YYYY-MM-DD and nominal is a number"}],
                status.HTTP_400_BAD_REQUEST,
            )
        meetings = meetings.filter(held_on__range=(start, end))
        if int(nominal):
            meetings = meetings.filter(nominal_id=int(nominal))
        page = list(meetings.order_by("held_on", "starts_at", "pk")[:LIST_LIMIT])
        results = [
            (MeetingSerializer if policy.sees_meeting_in_full(user, m) else SharedMeetingSerializer)(m).data
            for m in page
        ]
        return Response({"count": len(results), "results": results})

    @extend_schema(
        operation_id="meetings_create",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        def schedule(actor: Actor, nominal: Nominal, data: dict[str, Any]) -> Response:
            data.setdefault("invited_agencies", [])
            referral_id = data.pop("referral")
            referral = referral_selectors.get_referral(requested_by=actor.user, pk=referral_id) if referral_id else None
            meeting = services.schedule_meeting(actor=actor, nominal=nominal, referral=referral, **data)
            return _meeting_answer(actor.user, meeting, status.HTTP_201_CREATED)

        return create_for_named_person(request, MeetingCreateSerializer, policy.can_schedule_meeting, schedule)


class MeetingDetailApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="meetings_retrieve", responses=meeting_as_seen())
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        return _meeting_answer(actor.user, selectors.read_meeting(actor=actor, pk=pk))

    @extend_schema(
        operation_id="meetings_partial_update",
        request=MeetingUpdateSerializer,
        responses=MeetingSerializer,
        parameters=[REQUIRED_IF_MATCH],
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        meeting = meeting_for()(actor.user, pk)

        def save(changes: dict[str, Any], expected: int) -> Response:
            updated = services.update_meeting(actor=actor, meeting=meeting, changes=changes, expected_version=expected)
            return _meeting_answer(actor.user, updated)

        return versioned_update(request, MeetingUpdateSerializer, save)


MeetingCancelApi = meeting_step(
    "meetings_cancel",
    services.cancel_meeting,
    _meeting_answer,
    write=CancelRequestSerializer,
    versioned="required",
    responses=MeetingSerializer,
    parameters=[REQUIRED_IF_MATCH],
    description="Cancel the meeting with a reason. The sharing grants its invitations made "
    "(the referral summary for each invited duty-to-co-operate agency) are revoked.",
)
InvitationApi = meeting_step(
    "meetings_invite",
    services.invite_agency,
    created(InvitationSerializer),
    write=InviteRequestSerializer,
    responses={201: InvitationSerializer},
)
AttendeeApi = meeting_step(
    "meetings_attendee_add",
    services.add_attendee,
    created(AttendeeSerializer),
    write=AttendeeRequestSerializer,
    responses={201: AttendeeSerializer},
)


class AttendanceApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_attendance",
        request=AttendanceRequestSerializer,
        responses=InvitationSerializer(many=True),
        parameters=[IF_MATCH_PARAMETER],  # the meeting's ETag
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        meeting = meeting_for()(actor.user, pk)
        rows = validated(AttendanceRequestSerializer, request)["attendance"]
        by_agency = {i.agency.code: i.pk for i in meeting.invitations.select_related("agency")}
        unknown = [row["agency"] for row in rows if row["agency"] not in by_agency]
        if unknown:
            return errors_response(
                [{"field": "attendance", "message": f"Not invited to this meeting: {', '.join(unknown)}"}], 400
            )
        attendance = {by_agency[row["agency"]]: (row["attendance"], row["represented_by"]) for row in rows}
        with unchanged_since_read(request, meeting):
            services.record_attendance(actor=actor, meeting=meeting, attendance=attendance)
        return Response(InvitationSerializer(selectors.invitations(meeting=meeting), many=True).data)


class _ActionListLog(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="action_list_log", responses=DeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        meeting = meeting_for()(actor_of(request).user, pk)
        return Response(DeliverySerializer(selectors.delivery_log(meeting=meeting), many=True).data)


# GET the log of who the action list went to; POST sends it to every attendee.
ActionListApi = meeting_step(
    "action_list_distribute",
    services.distribute_action_list,
    created(DeliverySerializer, many=True),
    responses={201: DeliverySerializer(many=True)},
    base=_ActionListLog,
)


class InformationRequestListApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="information_requests_list", responses=InformationRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        requests = selectors.information_requests(requested_by=actor_of(request).user)[:LIST_LIMIT]
        return Response(InformationRequestSerializer(requests, many=True).data)


InformationResponseApi = step_api(
    "information_request_respond",
    access_rule="meetings",
    find=lambda user, pk: selectors.get_information_request(requested_by=user, pk=pk),
    record="information_request",
    service=services.respond_to_information_request,
    reply=lambda user, answered: Response(InformationRequestSerializer(answered).data),
    write=InformationResponseSerializer,
    responses=InformationRequestSerializer,
)
