"""The person's timeline, exit dates, the PDP register and the retention review (API)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import Agency, AgencyKind
from audit import trail
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, OPTIONAL_IF_MATCH, etag_for, version_from_if_match
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from kernel.timeline import timeline_for
from register import selectors as register_selectors
from register import services as register_services

from . import selectors, services
from .models import PoliceRank, PotentiallyDangerousPerson, Registration, RetentionDecision, RetentionOutcome


class TimelineEventSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()


class TimelineApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="nominal_timeline",
        responses=inline_serializer(
            "Timeline", {"count": serializers.IntegerField(), "results": TimelineEventSerializer(many=True)}
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.timeline")
        events = timeline_for(nominal, request.user)
        return Response({"count": len(events), "results": TimelineEventSerializer(events, many=True).data})


class ExitSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField()
    category = serializers.IntegerField()
    exit_on = serializers.DateField(allow_null=True)
    rule = serializers.CharField()
    detail = serializers.CharField()


class ExitApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="registrations_exit", responses=ExitSerializer)
    def get(self, request: Request, pk: int) -> Response:
        registration = Registration.objects.filter(pk=pk).first()
        if registration is None:
            raise Http404
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=registration.nominal_id)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.exit")
        registration = nominal.registrations.get(pk=pk)
        leaving = selectors.exit_date(requested_by=signed_in_user(request), registration=registration)
        return Response(
            {
                "registration": registration.pk,
                "category": registration.category,
                "exit_on": leaving.exit_on,
                "rule": leaving.rule_label,
                "detail": leaving.detail,
            }
        )


class PdpSerializer(serializers.ModelSerializer[PotentiallyDangerousPerson]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    lead_agency = serializers.CharField(source="lead_agency.code", read_only=True)

    class Meta:
        model = PotentiallyDangerousPerson
        fields = [
            "id",
            "nominal",
            "lead_agency",
            "authorised_by",
            "authoriser_rank",
            "authorised_on",
            "reason",
            "status",
            "ended_on",
            "end_reason",
            "version",
        ]
        read_only_fields = fields


class PdpCreateSerializer(serializers.Serializer[Any]):
    lead_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(kind=AgencyKind.POLICE)
    )
    authorised_by = serializers.CharField()
    authoriser_rank = serializers.ChoiceField(choices=PoliceRank.choices)
    authorised_on = serializers.DateField()
    reason = serializers.CharField()


class PdpEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    reason = serializers.CharField()


def _pdp_answer(record: PotentiallyDangerousPerson, code: int = status.HTTP_200_OK) -> Response:
    response = Response(PdpSerializer(record).data, status=code)
    response["ETag"] = etag_for(record.version)
    return response


class NominalPdpApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_for_nominal",
        responses=inline_serializer(
            "PdpList", {"count": serializers.IntegerField(), "results": PdpSerializer(many=True)}
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.pdp")
        records = list(nominal.pdp_records.select_related("lead_agency"))
        return Response({"count": len(records), "results": PdpSerializer(records, many=True).data})

    @extend_schema(
        operation_id="pdp_create",
        request=PdpCreateSerializer,
        responses={201: PdpSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_record_pdp(request.user, nominal):
            raise Http404

        def create() -> Response:
            form = PdpCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            record = services.record_pdp(
                acting_user=signed_in_user(request), nominal=nominal, request=request._request, **form.validated_data
            )
            return _pdp_answer(record, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class PdpListApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_list",
        responses=inline_serializer(
            "PdpRegister", {"count": serializers.IntegerField(), "results": PdpSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        records = list(selectors.pdps(requested_by=signed_in_user(request))[:200])
        trail.record(
            actor=request.user,
            action="pdp.list",
            request=request._request,
            detail={"shown": [r.nominal_id for r in records]},
        )
        return Response({"count": len(records), "results": PdpSerializer(records, many=True).data})


class PdpEndApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_end", request=PdpEndSerializer, responses=PdpSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    def post(self, request: Request, pk: int) -> Response:
        record = policy.visible_pdps(request.user).select_related("nominal").filter(pk=pk).first()
        if record is None or not policy.can_end_pdp(request.user, record):
            raise Http404
        form = PdpEndSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ended = services.end_pdp(
            acting_user=signed_in_user(request),
            pdp=record,
            ended_on=form.validated_data["ended_on"],
            reason=form.validated_data["reason"],
            expected_version=version_from_if_match(request.headers.get("If-Match")),
            request=request._request,
        )
        return _pdp_answer(ended)


class RetentionDueSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField(source="nominal.pk")
    name = serializers.CharField(source="nominal")
    date_of_birth = serializers.DateField(source="nominal.date_of_birth")
    due_on = serializers.DateField()


class RetentionDecisionSerializer(serializers.ModelSerializer[RetentionDecision]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)

    class Meta:
        model = RetentionDecision
        fields = ["id", "nominal", "outcome", "decided_on", "reason", "review_again_on", "decided_by"]
        read_only_fields = fields


class RetentionDecisionRequestSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=RetentionOutcome.choices)
    decided_on = serializers.DateField()
    reason = serializers.CharField()
    review_again_on = serializers.DateField(required=False, allow_null=True)


class RetentionReviewListApi(APIView):
    access_rule = "retention"

    @extend_schema(
        operation_id="retention_reviews_list",
        responses=inline_serializer(
            "RetentionReviewList",
            {"count": serializers.IntegerField(), "results": RetentionDueSerializer(many=True)},
        ),
    )
    def get(self, request: Request) -> Response:
        due = selectors.retention_reviews(requested_by=signed_in_user(request), today=timezone.localdate())
        return Response({"count": len(due), "results": RetentionDueSerializer(due, many=True).data})


class RetentionDecisionApi(APIView):
    access_rule = "retention"

    @extend_schema(
        operation_id="retention_decision_create",
        request=RetentionDecisionRequestSerializer,
        responses={201: RetentionDecisionSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_decide_retention(request.user, nominal):
            raise Http404

        def create() -> Response:
            form = RetentionDecisionRequestSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            decision = services.record_retention_decision(
                acting_user=signed_in_user(request), nominal=nominal, request=request._request, **form.validated_data
            )
            return Response(RetentionDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

        return idempotent_create(request, create)
