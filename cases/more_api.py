"""The person's timeline, exit dates, the PDP register and the retention review (API)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import Agency, AgencyKind
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, answer, if_match, listing, validated, versioned_create
from kernel.timeline import timeline_for
from register import selectors as register_selectors
from register import services as register_services

from . import selectors, services
from .models import PoliceRank, PotentiallyDangerousPerson, RetentionDecision, RetentionOutcome


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
        responses=listing("Timeline", TimelineEventSerializer),
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = register_services.read_person(actor=actor, pk=pk, section="api.timeline")
        events = timeline_for(nominal, actor.user)
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
        actor = actor_of(request)
        registration = selectors.read_registration(actor=actor, pk=pk, section="api.exit")
        leaving = selectors.exit_date(requested_by=actor.user, registration=registration)
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


class NominalPdpApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_for_nominal",
        responses=listing("PdpList", PdpSerializer),
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = register_services.read_person(actor=actor_of(request), pk=pk, section="api.pdp")
        records = list(nominal.pdp_records.select_related("lead_agency"))
        return Response({"count": len(records), "results": PdpSerializer(records, many=True).data})

    @extend_schema(
        operation_id="pdp_create",
        request=PdpCreateSerializer,
        responses={201: PdpSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
        if not policy.can_record_pdp(actor.user, nominal):
            raise Http404

        def save(_: object, data: dict[str, Any]) -> Response:
            record = services.record_pdp(actor=actor, nominal=nominal, **data)
            return answer(PdpSerializer, record, status.HTTP_201_CREATED)

        return versioned_create(request, PdpCreateSerializer, lambda: nominal, save)


class PdpListApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_list",
        responses=listing("PdpRegister", PdpSerializer),
    )
    def get(self, request: Request) -> Response:
        records = selectors.read_pdps(actor=actor_of(request))
        return Response({"count": len(records), "results": PdpSerializer(records, many=True).data})


class PdpEndApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="pdp_end", request=PdpEndSerializer, responses=PdpSerializer, parameters=[IF_MATCH_PARAMETER]
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        record = selectors.pdp_to_end(requested_by=actor.user, pk=pk)
        data = validated(PdpEndSerializer, request)
        ended = services.end_pdp(
            actor=actor,
            pdp=record,
            ended_on=data["ended_on"],
            reason=data["reason"],
            expected_version=if_match(request),
        )
        return answer(PdpSerializer, ended)


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
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Check the decision and answer 200 with what it would delete, writing nothing.",
    )


class RetentionDryRunSerializer(serializers.Serializer[Any]):
    would_delete = serializers.DictField(
        child=serializers.IntegerField(), help_text="Kind of record (app.Model): how many would be deleted."
    )


class RetentionReviewListApi(APIView):
    access_rule = "retention"

    @extend_schema(
        operation_id="retention_reviews_list",
        responses=listing("RetentionReviewList", RetentionDueSerializer),
    )
    def get(self, request: Request) -> Response:
        due = selectors.retention_reviews(requested_by=actor_of(request).user, today=timezone.localdate())
        return Response({"count": len(due), "results": RetentionDueSerializer(due, many=True).data})


class RetentionDecisionApi(APIView):
    access_rule = "retention"

    @extend_schema(
        operation_id="retention_decision_create",
        request=RetentionDecisionRequestSerializer,
        responses={201: RetentionDecisionSerializer, 200: RetentionDryRunSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Record the keep-or-delete decision. A decision to delete is carried out at once: the "
        "person's record and every record that hangs from it are deleted, and the audit trail keeps the "
        "reference and the counts. With `dry_run` true, nothing is written: the answer (200) lists what "
        "would be deleted.",
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
        if not policy.can_decide_retention(actor.user, nominal):
            raise Http404
        asked = RetentionDecisionRequestSerializer(data=request.data)
        if asked.is_valid() and asked.validated_data.get("dry_run"):
            data = {key: value for key, value in asked.validated_data.items() if key != "dry_run"}
            would = services.retention_dry_run(actor=actor, nominal=nominal, **data)
            return Response({"would_delete": would})

        def save(_: object, data: dict[str, Any]) -> Response:
            data.pop("dry_run", None)
            decision = services.record_retention_decision(actor=actor, nominal=nominal, **data)
            # A decision is never edited, so it carries no version to send back.
            return Response(RetentionDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

        return versioned_create(request, RetentionDecisionRequestSerializer, lambda: nominal, save)
