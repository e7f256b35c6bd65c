"""Endpoints for risk assessments, agreed levels, the plan and its actions, external
controls and controlled-disclosure contracts. Creates accept an Idempotency-Key; edits need
If-Match with the ETag from GET (428 without, 412 when stale)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from audit import trail
from cases.models import Registration
from kernel.actor import Actor, actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    if_match,
    listing,
    person_records_schema,
    record_schema,
    versioned,
    versioned_create,
    versioned_update,
)
from kernel.api_errors import errors_response
from kernel.api_steps import permitted, record_api
from kernel.declare import signed_in_user
from meetings.models import Meeting
from register import selectors as register_selectors
from register.models import Nominal
from register.record_endpoints import PersonRecordsApi, RecordApi

from . import assessments, controls, selectors, services
from .models import PlanAction
from .serializers import (
    AgreedRiskLevelCreateSerializer,
    AgreedRiskLevelSerializer,
    DisclosureContractSerializer,
    DisclosureContractWriteSerializer,
    ExternalControlSerializer,
    ExternalControlWriteSerializer,
    OverallRiskSerializer,
    PlanActionCreateSerializer,
    PlanActionSerializer,
    PlanActionWriteSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    ProgressSerializer,
    RiskAssessmentCreateSerializer,
    RiskAssessmentSerializer,
)

LIST_LIMIT = 500


def _person(request: Request, pk: int) -> Nominal:
    return register_selectors.get_nominal(requested_by=signed_in_user(request), pk=pk)


def _editable_person(request: Request, pk: int) -> Nominal:
    nominal = _person(request, pk)
    if not policy.can_edit_plans(signed_in_user(request), nominal):
        raise Http404
    return nominal


def _read(request: Request, action: str, nominal_id: int, **detail: Any) -> None:
    """Audit a read of the person's records (a list, or the plan)."""
    trail.record(actor=actor_of(request), action=action, nominal_id=nominal_id, detail=detail)


# --- Risk assessments and agreed levels ---------------------------------------------------


class RiskAssessmentsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="risk_assessments_list",
        responses=listing(
            "RiskAssessmentList",
            RiskAssessmentSerializer,
            overall=OverallRiskSerializer(allow_null=True, help_text="The latest overall risk, as the badge shows it"),
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = _person(request, pk)
        history = list(selectors.assessments(requested_by=user, nominal=nominal)[:LIST_LIMIT])
        overall = selectors.overall_risk(requested_by=user, nominal=nominal)
        _read(request, "risk_assessment.list", nominal.pk, shown=[a.pk for a in history])
        return Response(
            {
                "count": len(history),
                "results": RiskAssessmentSerializer(history, many=True).data,
                "overall": OverallRiskSerializer(overall).data if overall else None,
            }
        )

    @extend_schema(
        operation_id="risk_assessments_create",
        request=RiskAssessmentCreateSerializer,
        responses={201: RiskAssessmentSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            assessment = assessments.record_assessment(actor=actor_of(request), nominal=nominal, values=values)
            return Response(RiskAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

        return versioned_create(request, RiskAssessmentCreateSerializer, lambda: _editable_person(request, pk), save)


class RiskAssessmentApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="risk_assessments_retrieve", responses=RiskAssessmentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        assessment = selectors.read_assessment(actor=actor_of(request), pk=pk)
        return Response(RiskAssessmentSerializer(assessment).data)


class AgreedRiskLevelsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="agreed_risk_levels_list", responses=listing("AgreedRiskLevelList", AgreedRiskLevelSerializer)
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = _person(request, pk)
        agreed = list(selectors.agreed_levels(requested_by=signed_in_user(request), nominal=nominal)[:LIST_LIMIT])
        _read(request, "risk_level.list", nominal.pk)
        return Response({"count": len(agreed), "results": AgreedRiskLevelSerializer(agreed, many=True).data})

    @extend_schema(
        operation_id="agreed_risk_levels_create",
        request=AgreedRiskLevelCreateSerializer,
        responses={201: AgreedRiskLevelSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            agreed = assessments.agree_risk_level(actor=actor_of(request), nominal=nominal, **values)
            return Response(AgreedRiskLevelSerializer(agreed).data, status=status.HTTP_201_CREATED)

        return versioned_create(request, AgreedRiskLevelCreateSerializer, lambda: _editable_person(request, pk), save)


# --- The plan and its actions ----------------------------------------------------------------


def _registration(nominal: Nominal) -> Any:
    registration = selectors.plan_registration(nominal)
    if registration is None:
        raise Http404
    return registration


def _plan_response(request: Request, nominal: Nominal) -> Response:
    user = signed_in_user(request)
    plan = selectors.plan_for(requested_by=user, registration=_registration(nominal))
    context = {
        "actions": selectors.plan_actions(requested_by=user, plan=plan),
        "changes": selectors.plan_changes(requested_by=user, plan=plan),
    }
    return versioned(PlanSerializer(plan, context=context).data, plan.version)


class PlanApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="risk_plan_retrieve", responses=PlanSerializer)
    def get(self, request: Request, pk: int) -> Response:
        nominal = _person(request, pk)
        response = _plan_response(request, nominal)
        _read(request, "risk_plan.view", nominal.pk)
        return response

    @extend_schema(
        operation_id="risk_plan_partial_update",
        request=PlanWriteSerializer,
        responses=PlanSerializer,
        parameters=[IF_MATCH_PARAMETER],
        description='The ETag of a plan not yet started is "0"; the first edit starts it.',
    )
    def patch(self, request: Request, pk: int) -> Response:
        nominal = _editable_person(request, pk)
        registration = _registration(nominal)
        if not registration.is_active:
            raise Http404

        def save(values: dict[str, Any], expected: int) -> Response:
            services.update_plan(
                actor=actor_of(request), registration=registration, values=values, expected_version=expected
            )
            return _plan_response(request, nominal)

        return versioned_update(request, PlanWriteSerializer, save)


class PlanActionsApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="plan_actions_list", responses=listing("PlanActionList", PlanActionSerializer))
    def get(self, request: Request, pk: int) -> Response:
        nominal = _person(request, pk)
        user = signed_in_user(request)
        plan = selectors.plan_for(requested_by=user, registration=_registration(nominal))
        found = selectors.plan_actions(requested_by=user, plan=plan)
        _read(request, "plan_action.list", nominal.pk, shown=[a.pk for a in found])
        return Response({"count": len(found), "results": PlanActionSerializer(found, many=True).data})

    @extend_schema(
        operation_id="plan_actions_create",
        request=PlanActionCreateSerializer,
        responses={201: PlanActionSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)

        def active_registration() -> Registration:
            registration: Registration = _registration(_editable_person(request, pk))
            if not registration.is_active:
                raise Http404
            return registration

        def save(registration: Registration, values: dict[str, Any]) -> Response:
            meeting_id = values.pop("meeting", None)
            meeting = None
            if meeting_id is not None:
                try:
                    meeting = policy.visible_meetings(user).get(pk=meeting_id)
                except Meeting.DoesNotExist:
                    return errors_response([{"field": "meeting", "message": "No such meeting you can see"}], 400)
            action = services.add_action(
                actor=actor_of(request), registration=registration, values=values, meeting=meeting
            )
            return answer(PlanActionSerializer, action, status.HTTP_201_CREATED)

        return versioned_create(request, PlanActionCreateSerializer, active_registration, save)


class MyPlanActionsApi(APIView):
    access_rule = "plan_actions"

    @extend_schema(
        operation_id="plan_actions_mine",
        description="Open actions owned by the caller's agency that the caller may see (a DTC SPOC: those shared).",
        responses=listing("MyPlanActionList", PlanActionSerializer),
    )
    def get(self, request: Request) -> Response:
        found = selectors.read_my_agency_actions(actor=actor_of(request), limit=LIST_LIMIT)
        return Response({"count": len(found), "results": PlanActionSerializer(found, many=True).data})


PlanActionApi = record_api(
    "plan_actions",
    access_rule="plan_actions",
    read=lambda actor, pk: selectors.read_action(actor=actor, pk=pk),
    editable=permitted(selectors.get_action, policy.can_edit_plan_action),
    update=services.update_action,
    record="action",
    output=PlanActionSerializer,
    write=PlanActionWriteSerializer,
)


class PlanActionProgressApi(APIView):
    access_rule = "plan_actions"

    @extend_schema(
        operation_id="plan_actions_progress",
        request=ProgressSerializer,
        responses={201: PlanActionSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Progress by the owning agency. If-Match is optional: a stale one gets 412.",
    )
    def post(self, request: Request, pk: int) -> Response:
        def progressable_action() -> PlanAction:
            return permitted(selectors.get_action, policy.can_update_action_progress)(signed_in_user(request), pk)

        def save(action: PlanAction, values: dict[str, Any]) -> Response:
            update = services.record_progress(
                actor=actor_of(request),
                action=action,
                note=values["note"],
                status=values["status"],
                expected_version=if_match(request),
            )
            return answer(PlanActionSerializer, update.action, status.HTTP_201_CREATED)

        return versioned_create(request, ProgressSerializer, progressable_action, save)


# --- External controls and contracts ---------------------------------------------------------


def _plan_record_endpoints(
    name: str,
    *,
    item: SerializerClass,
    write_serializer: SerializerClass,
    audited_as: str,
    list_selector: Callable[..., Any],
    record_selector: Callable[..., Any],
    create: Callable[..., Any],
    update: Callable[..., Any],
    record: str,
) -> tuple[type[PersonRecordsApi], type[RecordApi]]:
    """The endpoints of one kind of record on the person's Risk and plan tab (conditions,
    contracts): the person's records, to GET or POST one to (Idempotency-Key); and one
    record, to GET with its ETag or PATCH with If-Match. `update` takes the record as
    `record`."""

    @person_records_schema(name, item=item, write=write_serializer, list_name=f"{item.__name__}List", description=None)
    class PersonsRecords(PersonRecordsApi):
        write_rule = "can_edit_plans"
        output = item
        write = write_serializer
        read_action = f"{audited_as}.list"

        def records(self, user: User, nominal: Nominal) -> Any:
            return list_selector(requested_by=user, nominal=nominal)[:LIST_LIMIT]

        def listed(self, actor: Actor, nominal: Nominal, found: list[Any]) -> None:
            # Plans lists are audited against the person alone, with no count.
            trail.record(actor=actor, action=self.read_action, nominal_id=nominal.pk)

        def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Any:
            return create(actor=actor, nominal=nominal, values=values)

    @record_schema(name, item=item, write=write_serializer, description=None)
    class OneRecord(RecordApi):
        write_rule = "can_edit_plans"
        output = item
        write = write_serializer
        read_action = f"{audited_as}.view"

        def fetch(self, user: User, pk: int) -> Any:
            return record_selector(requested_by=user, pk=pk)

        def update(self, actor: Actor, found: Any, values: dict[str, Any], expected: int) -> Any:
            return update(actor=actor, **{record: found}, values=values, expected_version=expected)

    return PersonsRecords, OneRecord


ExternalControlsApi, ExternalControlApi = _plan_record_endpoints(
    "external_controls",
    item=ExternalControlSerializer,
    write_serializer=ExternalControlWriteSerializer,
    audited_as="external_control",
    list_selector=selectors.controls,
    record_selector=selectors.get_control,
    create=controls.record_control,
    update=controls.update_control,
    record="control",
)
DisclosureContractsApi, DisclosureContractApi = _plan_record_endpoints(
    "disclosure_contracts",
    item=DisclosureContractSerializer,
    write_serializer=DisclosureContractWriteSerializer,
    audited_as="disclosure_contract",
    list_selector=selectors.contracts,
    record_selector=selectors.get_contract,
    create=controls.record_contract,
    update=controls.update_contract,
    record="contract",
)
