"""Meeting endpoints: schedule and change meetings, invitations and information requests,
attendance, minutes (draft, approval, addenda, PDF), the action list, sharing, and
requests for minutes with their executive summaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy, sharing
from access.models import ShareScope
from audit import trail
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, etag_for, version_from_if_match
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from referrals import selectors as referral_selectors
from register import selectors as register_selectors

from . import documents, selectors, services
from .models import Meeting, Minutes
from .serializers import (
    AddendumRequestSerializer,
    AddendumSerializer,
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
    MinutesDraftSerializer,
    MinutesRequestCreateSerializer,
    MinutesRequestDecisionSerializer,
    MinutesRequestSerializer,
    MinutesSerializer,
    SharedMeetingSerializer,
    ShareRequestSerializer,
    ShareSerializer,
)

LIST_LIMIT = 500
OPTIONAL_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag from GET; a stale one gets 412.",
)
REQUIRED_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from GET: 428 without it, 412 when it is stale.",
)
PDF = OpenApiTypes.BINARY


def _date(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def _if_match_required() -> Response:
    return errors_response(
        [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
        status.HTTP_428_PRECONDITION_REQUIRED,
    )


def _meeting_answer(request: Request, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    full = policy.sees_meeting_in_full(request.user, meeting)
    data = (MeetingSerializer if full else SharedMeetingSerializer)(meeting).data
    response = Response(data, status=code)
    response["ETag"] = etag_for(meeting.version)
    return response


def _manageable(request: Request, pk: int) -> Meeting:
    meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
    if not policy.can_manage_meeting(request.user, meeting):
        raise Http404
    return meeting


def _readable_minutes(request: Request, pk: int) -> tuple[Meeting, Minutes]:
    user = signed_in_user(request)
    meeting = selectors.get_meeting(requested_by=user, pk=pk)
    minutes = services.minutes_for(meeting)
    if minutes is None or not policy.can_view_minutes(user, meeting):
        raise Http404
    if policy.sees_meeting_in_full(user, meeting):
        trail.record(
            actor=user, action="minutes.view", obj=minutes, nominal_id=meeting.nominal_id, request=request._request
        )
    else:
        sharing.record_shared_view(
            actor=actor_of(request), nominal=meeting.nominal, scope=ShareScope.MINUTES, obj=meeting
        )
    return meeting, minutes


def _minutes_answer(minutes: Minutes) -> Response:
    minutes.refresh_from_db()
    response = Response(MinutesSerializer(minutes).data)
    response["ETag"] = etag_for(minutes.version)
    return response


class MeetingListCreateApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_list",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Held on or after (default: today)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Held on or before"),
            OpenApiParameter("nominal", OpenApiTypes.INT, description="Only meetings about this person"),
        ],
        responses=inline_serializer(
            "MeetingList", {"count": serializers.IntegerField(), "results": MeetingSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        meetings = policy.visible_meetings(request.user).select_related("nominal", "chair")
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
            (MeetingSerializer if policy.sees_meeting_in_full(request.user, m) else SharedMeetingSerializer)(m).data
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
        def create() -> Response:
            form = MeetingCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = dict(form.validated_data)
            nominal = register_selectors.get_nominal(requested_by=request.user, pk=data.pop("nominal"))
            if not policy.can_schedule_meeting(request.user, nominal):
                raise Http404
            data.setdefault("invited_agencies", [])
            referral_id = data.pop("referral")
            referral = (
                referral_selectors.get_referral(requested_by=request.user, pk=referral_id) if referral_id else None
            )
            meeting = services.schedule_meeting(
                acting_user=signed_in_user(request),
                nominal=nominal,
                referral=referral,
                request=request._request,
                **data,
            )
            return _meeting_answer(request, meeting, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class MeetingDetailApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="meetings_retrieve", responses=MeetingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        meeting = selectors.get_meeting(requested_by=user, pk=pk)
        if policy.sees_meeting_in_full(user, meeting):
            trail.record(
                actor=user, action="meeting.view", obj=meeting, nominal_id=meeting.nominal_id, request=request._request
            )
        else:
            sharing.record_shared_view(
                actor=actor_of(request), nominal=meeting.nominal, scope=ShareScope.REFERRAL_SUMMARY, obj=meeting
            )
        return _meeting_answer(request, meeting)

    @extend_schema(
        operation_id="meetings_partial_update",
        request=MeetingUpdateSerializer,
        responses=MeetingSerializer,
        parameters=[REQUIRED_IF_MATCH],
    )
    def patch(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return _if_match_required()
        form = MeetingUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        updated = services.update_meeting(
            acting_user=signed_in_user(request),
            meeting=meeting,
            changes=dict(form.validated_data),
            expected_version=expected,
            request=request._request,
        )
        return _meeting_answer(request, updated)


class MeetingCancelApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_cancel",
        request=CancelRequestSerializer,
        responses=MeetingSerializer,
        parameters=[REQUIRED_IF_MATCH],
        description="Cancel the meeting with a reason. The sharing grants its invitations made "
        "(the referral summary for each invited duty-to-co-operate agency) are revoked.",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return _if_match_required()
        form = CancelRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cancelled = services.cancel_meeting(
            acting_user=signed_in_user(request),
            meeting=meeting,
            reason=form.validated_data["reason"],
            expected_version=expected,
            request=request._request,
        )
        return _meeting_answer(request, cancelled)


class InvitationApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_invite", request=InviteRequestSerializer, responses={201: InvitationSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        form = InviteRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        invitation = services.invite_agency(
            acting_user=signed_in_user(request),
            meeting=meeting,
            agency=form.validated_data["agency"],
            request=request._request,
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class AttendanceApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_attendance",
        request=AttendanceRequestSerializer,
        responses=InvitationSerializer(many=True),
    )
    def put(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        form = AttendanceRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        by_agency = {i.agency.code: i.pk for i in meeting.invitations.select_related("agency")}
        unknown = [row["agency"] for row in form.validated_data["attendance"] if row["agency"] not in by_agency]
        if unknown:
            return errors_response(
                [{"field": "attendance", "message": f"Not invited to this meeting: {', '.join(unknown)}"}], 400
            )
        services.record_attendance(
            acting_user=signed_in_user(request),
            meeting=meeting,
            attendance={
                by_agency[row["agency"]]: (row["attendance"], row["represented_by"])
                for row in form.validated_data["attendance"]
            },
            request=request._request,
        )
        return Response(InvitationSerializer(selectors.invitations(meeting=meeting), many=True).data)


class AttendeeApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="meetings_attendee_add", request=AttendeeRequestSerializer, responses={201: AttendeeSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        form = AttendeeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        attendee = services.add_attendee(
            acting_user=signed_in_user(request), meeting=meeting, request=request._request, **form.validated_data
        )
        return Response(AttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)


class MinutesApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="minutes_retrieve", responses=MinutesSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _, minutes = _readable_minutes(request, pk)
        return _minutes_answer(minutes)

    @extend_schema(
        operation_id="minutes_save_draft",
        request=MinutesDraftSerializer,
        responses=MinutesSerializer,
        parameters=[OPTIONAL_IF_MATCH],
        description="Starts the draft, or saves it again: once a draft exists, If-Match (its ETag) is "
        "required (428 without it, 412 when stale).",
    )
    def put(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None and services.minutes_for(meeting) is not None:
            return _if_match_required()
        form = MinutesDraftSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        actions = values.pop("actions", None)
        minutes = services.save_minutes_draft(
            acting_user=signed_in_user(request),
            meeting=meeting,
            values=values,
            actions=[dict(a) for a in actions] if actions is not None else None,
            expected_version=expected,
            request=request._request,
        )
        return _minutes_answer(minutes)


class MinutesApproveApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="minutes_approve", request=None, responses=MinutesSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
        if not policy.can_approve_minutes(request.user, meeting):
            raise Http404
        minutes = services.approve_minutes(
            acting_user=signed_in_user(request),
            meeting=meeting,
            expected_version=version_from_if_match(request.headers.get("If-Match")),
            request=request._request,
        )
        return _minutes_answer(minutes)


class MinutesAddendumApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="minutes_addendum", request=AddendumRequestSerializer, responses={201: AddendumSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        form = AddendumRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        addendum = services.add_addendum(
            acting_user=signed_in_user(request),
            meeting=meeting,
            text=form.validated_data["text"],
            request=request._request,
        )
        return Response(AddendumSerializer(addendum).data, status=status.HTTP_201_CREATED)


class MinutesPdfApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="minutes_pdf", responses={(200, "application/pdf"): PDF})
    def get(self, request: Request, pk: int) -> HttpResponse:
        meeting, minutes = _readable_minutes(request, pk)
        content = documents.render_pdf(
            "meetings/documents/minutes_pdf.html", documents.minutes_context(meeting, minutes)
        )
        return documents.pdf_response(content, f"{meeting.reference}-minutes.pdf")


class MinutesShareApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="minutes_share", request=ShareRequestSerializer, responses={201: ShareSerializer})
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
        if not policy.can_approve_minutes(request.user, meeting):
            raise Http404
        form = ShareRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        share = services.approve_sharing(
            acting_user=signed_in_user(request), meeting=meeting, request=request._request, **form.validated_data
        )
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ActionListApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="action_list_log", responses=DeliverySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        return Response(DeliverySerializer(selectors.delivery_log(meeting=meeting), many=True).data)

    @extend_schema(operation_id="action_list_distribute", request=None, responses={201: DeliverySerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        meeting = _manageable(request, pk)
        deliveries = services.distribute_action_list(
            acting_user=signed_in_user(request), meeting=meeting, request=request._request
        )
        return Response(DeliverySerializer(deliveries, many=True).data, status=status.HTTP_201_CREATED)


class InformationRequestListApi(APIView):
    access_rule = "meetings"

    @extend_schema(operation_id="information_requests_list", responses=InformationRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        requests = selectors.information_requests(requested_by=request.user)[:LIST_LIMIT]
        return Response(InformationRequestSerializer(requests, many=True).data)


class InformationResponseApi(APIView):
    access_rule = "meetings"

    @extend_schema(
        operation_id="information_request_respond",
        request=InformationResponseSerializer,
        responses=InformationRequestSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        information_request = selectors.get_information_request(requested_by=request.user, pk=pk)
        form = InformationResponseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answered = services.respond_to_information_request(
            acting_user=signed_in_user(request),
            information_request=information_request,
            request=request._request,
            **form.validated_data,
        )
        return Response(InformationRequestSerializer(answered).data)


class MinutesRequestListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="minutes_requests_list", responses=MinutesRequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        requests = selectors.minutes_requests(requested_by=request.user)[:LIST_LIMIT]
        return Response(MinutesRequestSerializer(requests, many=True).data)

    @extend_schema(
        operation_id="minutes_requests_create",
        request=MinutesRequestCreateSerializer,
        responses={201: MinutesRequestSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        def create() -> Response:
            form = MinutesRequestCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = dict(form.validated_data)
            nominal = register_selectors.get_nominal(requested_by=request.user, pk=data.pop("nominal"))
            if not policy.can_log_minutes_request(request.user, nominal):
                raise Http404
            logged = services.log_minutes_request(
                acting_user=signed_in_user(request), nominal=nominal, request=request._request, **data
            )
            return Response(MinutesRequestSerializer(logged).data, status=status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class MinutesRequestDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="minutes_requests_retrieve", responses=MinutesRequestSerializer)
    def get(self, request: Request, pk: int) -> Response:
        minutes_request = selectors.get_minutes_request(requested_by=request.user, pk=pk)
        return Response(MinutesRequestSerializer(minutes_request).data)


class MinutesRequestDecisionApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="minutes_requests_decide",
        request=MinutesRequestDecisionSerializer,
        responses=MinutesRequestSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        minutes_request = selectors.get_minutes_request(requested_by=request.user, pk=pk)
        if not policy.can_decide_minutes_request(request.user, minutes_request):
            raise Http404
        form = MinutesRequestDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(form.validated_data)
        decided = services.decide_minutes_request(
            acting_user=signed_in_user(request),
            minutes_request=minutes_request,
            release=data["decision"] == "release",
            reason=data["reason"],
            specific_risks=data["specific_risks"],
            request=request._request,
        )
        return Response(MinutesRequestSerializer(decided).data)


class ExecutiveSummaryPdfApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="executive_summary_pdf", responses={(200, "application/pdf"): PDF})
    def get(self, request: Request, pk: int) -> HttpResponse:
        minutes_request = selectors.get_minutes_request(requested_by=request.user, pk=pk)
        summary = getattr(minutes_request, "executive_summary", None)
        if summary is None:
            raise Http404
        trail.record(
            actor=request.user,
            action="executive_summary.pdf",
            obj=summary,
            nominal_id=minutes_request.nominal_id,
            request=request._request,
        )
        content = documents.render_pdf(
            "meetings/documents/executive_summary_pdf.html",
            {
                "summary": summary,
                "meeting": summary.meeting,
                "minutes_request": minutes_request,
                "generated_at": timezone.now(),
            },
        )
        return documents.pdf_response(content, f"{summary.meeting.reference}-executive-summary.pdf")
