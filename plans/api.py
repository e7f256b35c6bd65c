"""Endpoints for risk assessments, agreed levels, the plan and its actions, external
controls and controlled-disclosure contracts. Creates accept an Idempotency-Key; edits need
If-Match with the ETag from GET (428 without, 412 when stale)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import audit, policy, sharing
from access.declare import signed_in_user
from access.idempotency import idempotent_create
from access.models import ShareScope
from meetings.models import Meeting
from openmappa.api_errors import errors_response
from register import selectors as register_selectors
from register.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match
from register.models import Nominal

from . import selectors, services
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


def _versioned(data: Any, version: int, code: int = status.HTTP_200_OK) -> Response:
    response = Response(data, status=code)
    response["ETag"] = etag_for(version)
    return response


def _if_match(request: Request) -> int | None:
    return version_from_if_match(request.headers.get("If-Match"))


def _precondition_required() -> Response:
    return errors_response(
        [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
        status.HTTP_428_PRECONDITION_REQUIRED,
    )


def _person(request: Request, pk: int) -> Nominal:
    return register_selectors.get_nominal(requested_by=request.user, pk=pk)


def _editable_person(request: Request, pk: int) -> Nominal:
    nominal = _person(request, pk)
    if not policy.can_edit_plans(request.user, nominal):
        raise Http404
    return nominal


def _read(request: Request, action: str, nominal_id: int, obj: Any = None, **detail: Any) -> None:
    audit.record(
        actor=request.user, action=action, obj=obj, nominal_id=nominal_id, request=request._request, detail=detail
    )


def _listing(name: str, item: type[serializers.Serializer[Any]], **extra: Any) -> Any:
    return inline_serializer(name, {"count": serializers.IntegerField(), "results": item(many=True), **extra})


# --- Risk assessments and agreed levels ---------------------------------------------------


class RiskAssessmentsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="risk_assessments_list",
        responses=_listing(
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
        def create() -> Response:
            nominal = _editable_person(request, pk)
            form = RiskAssessmentCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            assessment = services.record_assessment(
                acting_user=signed_in_user(request),
                nominal=nominal,
                values=dict(form.validated_data),
                request=request._request,
            )
            return Response(RiskAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class RiskAssessmentApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="risk_assessments_retrieve", responses=RiskAssessmentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        assessment = selectors.get_assessment(requested_by=request.user, pk=pk)
        _read(request, "risk_assessment.view", assessment.nominal_id, assessment)
        return Response(RiskAssessmentSerializer(assessment).data)


class AgreedRiskLevelsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="agreed_risk_levels_list", responses=_listing("AgreedRiskLevelList", AgreedRiskLevelSerializer)
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = _person(request, pk)
        agreed = list(selectors.agreed_levels(requested_by=request.user, nominal=nominal)[:LIST_LIMIT])
        _read(request, "risk_level.list", nominal.pk)
        return Response({"count": len(agreed), "results": AgreedRiskLevelSerializer(agreed, many=True).data})

    @extend_schema(
        operation_id="agreed_risk_levels_create",
        request=AgreedRiskLevelCreateSerializer,
        responses={201: AgreedRiskLevelSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def create() -> Response:
            nominal = _editable_person(request, pk)
            form = AgreedRiskLevelCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            agreed = services.agree_risk_level(
                acting_user=signed_in_user(request), nominal=nominal, request=request._request, **form.validated_data
            )
            return Response(AgreedRiskLevelSerializer(agreed).data, status=status.HTTP_201_CREATED)

        return idempotent_create(request, create)


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
    return _versioned(PlanSerializer(plan, context=context).data, plan.version)


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
        expected = _if_match(request)
        if expected is None:
            return _precondition_required()
        form = PlanWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        services.update_plan(
            acting_user=signed_in_user(request),
            registration=registration,
            values=dict(form.validated_data),
            expected_version=expected,
            request=request._request,
        )
        return _plan_response(request, nominal)


class PlanActionsApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="plan_actions_list", responses=_listing("PlanActionList", PlanActionSerializer))
    def get(self, request: Request, pk: int) -> Response:
        nominal = _person(request, pk)
        plan = selectors.plan_for(requested_by=request.user, registration=_registration(nominal))
        found = selectors.plan_actions(requested_by=request.user, plan=plan)
        _read(request, "plan_action.list", nominal.pk, shown=[a.pk for a in found])
        return Response({"count": len(found), "results": PlanActionSerializer(found, many=True).data})

    @extend_schema(
        operation_id="plan_actions_create",
        request=PlanActionCreateSerializer,
        responses={201: PlanActionSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def create() -> Response:
            user = signed_in_user(request)
            nominal = _editable_person(request, pk)
            registration = _registration(nominal)
            if not registration.is_active:
                raise Http404
            form = PlanActionCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            values = dict(form.validated_data)
            meeting_id = values.pop("meeting", None)
            meeting = None
            if meeting_id is not None:
                try:
                    meeting = policy.visible_meetings(user).get(pk=meeting_id)
                except Meeting.DoesNotExist:
                    return errors_response([{"field": "meeting", "message": "No such meeting you can see"}], 400)
            action = services.add_action(
                acting_user=user, registration=registration, values=values, meeting=meeting, request=request._request
            )
            return _versioned(PlanActionSerializer(action).data, action.version, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


def _action_read(request: Request, action: PlanAction) -> None:
    user = signed_in_user(request)
    if policy.is_dtc_contact(user):
        sharing.record_shared_view(
            acting_user=user,
            nominal=action.plan.nominal,
            scope=ShareScope.ACTIONS,
            obj=action,
            request=request._request,
        )
    else:
        _read(request, "plan_action.view", action.plan.nominal_id, action)


class MyPlanActionsApi(APIView):
    access_rule = "plan_actions"

    @extend_schema(
        operation_id="plan_actions_mine",
        description="Open actions owned by the caller's agency that the caller may see (a DTC SPOC: those shared).",
        responses=_listing("MyPlanActionList", PlanActionSerializer),
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        found = list(selectors.my_agency_actions(requested_by=user)[:LIST_LIMIT])
        audit.record(
            actor=user, action="plan_action.list", request=request._request, detail={"shown": [a.pk for a in found]}
        )
        return Response({"count": len(found), "results": PlanActionSerializer(found, many=True).data})


class PlanActionApi(APIView):
    access_rule = "plan_actions"

    @extend_schema(operation_id="plan_actions_retrieve", responses=PlanActionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        action = selectors.get_action(requested_by=request.user, pk=pk)
        _action_read(request, action)
        return _versioned(PlanActionSerializer(action).data, action.version)

    @extend_schema(
        operation_id="plan_actions_partial_update",
        request=PlanActionWriteSerializer,
        responses=PlanActionSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        action = selectors.get_action(requested_by=request.user, pk=pk)
        if not policy.can_edit_plan_action(request.user, action):
            raise Http404
        expected = _if_match(request)
        if expected is None:
            return _precondition_required()
        form = PlanActionWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        updated = services.update_action(
            acting_user=signed_in_user(request),
            action=action,
            values=dict(form.validated_data),
            expected_version=expected,
            request=request._request,
        )
        return _versioned(PlanActionSerializer(updated).data, updated.version)


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
        def create() -> Response:
            action = selectors.get_action(requested_by=request.user, pk=pk)
            if not policy.can_update_action_progress(request.user, action):
                raise Http404
            form = ProgressSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            update = services.record_progress(
                acting_user=signed_in_user(request),
                action=action,
                note=form.validated_data["note"],
                status=form.validated_data["status"],
                expected_version=_if_match(request),
                request=request._request,
            )
            return _versioned(PlanActionSerializer(update.action).data, update.action.version, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


# --- External controls and contracts ---------------------------------------------------------


def _collection(
    name: str,
    item: type[serializers.ModelSerializer[Any]],
    write: type[serializers.Serializer[Any]],
    listing: Callable[..., Any],
    record: Callable[..., Any],
    audit_name: str,
) -> type[APIView]:
    """GET the person's items; POST one (Idempotency-Key)."""

    class CollectionApi(APIView):
        access_rule = "people"

        @extend_schema(operation_id=f"{name}_list", responses=_listing(f"{item.__name__}List", item))
        def get(self, request: Request, pk: int) -> Response:
            nominal = _person(request, pk)
            found = list(listing(requested_by=request.user, nominal=nominal)[:LIST_LIMIT])
            _read(request, f"{audit_name}.list", nominal.pk)
            return Response({"count": len(found), "results": item(found, many=True).data})

        @extend_schema(
            operation_id=f"{name}_create", request=write, responses={201: item}, parameters=[IDEMPOTENCY_PARAMETER]
        )
        def post(self, request: Request, pk: int) -> Response:
            def create() -> Response:
                nominal = _editable_person(request, pk)
                form = write(data=request.data)
                form.is_valid(raise_exception=True)
                made = record(
                    acting_user=signed_in_user(request),
                    nominal=nominal,
                    values=dict(form.validated_data),
                    request=request._request,
                )
                return _versioned(item(made).data, made.version, status.HTTP_201_CREATED)

            return idempotent_create(request, create)

    CollectionApi.__name__ = CollectionApi.__qualname__ = f"{item.__name__.removesuffix('Serializer')}sApi"
    return CollectionApi


def _member(
    name: str,
    item: type[serializers.ModelSerializer[Any]],
    write: type[serializers.Serializer[Any]],
    lookup: Callable[..., Any],
    update: Callable[..., Any],
    keyword: str,
    audit_name: str,
) -> type[APIView]:
    """GET one item (with its ETag); PATCH it with If-Match."""

    class MemberApi(APIView):
        access_rule = "people"

        @extend_schema(operation_id=f"{name}_retrieve", responses=item)
        def get(self, request: Request, pk: int) -> Response:
            found = lookup(requested_by=request.user, pk=pk)
            _read(request, f"{audit_name}.view", found.nominal_id, found)
            return _versioned(item(found).data, found.version)

        @extend_schema(
            operation_id=f"{name}_partial_update", request=write, responses=item, parameters=[IF_MATCH_PARAMETER]
        )
        def patch(self, request: Request, pk: int) -> Response:
            found = lookup(requested_by=request.user, pk=pk)
            if not policy.can_edit_plans(request.user, found.nominal):
                raise Http404
            expected = _if_match(request)
            if expected is None:
                return _precondition_required()
            form = write(data=request.data, partial=True)
            form.is_valid(raise_exception=True)
            updated = update(
                acting_user=signed_in_user(request),
                values=dict(form.validated_data),
                expected_version=expected,
                request=request._request,
                **{keyword: found},
            )
            return _versioned(item(updated).data, updated.version)

    MemberApi.__name__ = MemberApi.__qualname__ = f"{item.__name__.removesuffix('Serializer')}Api"
    return MemberApi


ExternalControlsApi = _collection(
    "external_controls",
    ExternalControlSerializer,
    ExternalControlWriteSerializer,
    selectors.controls,
    services.record_control,
    "external_control",
)
ExternalControlApi = _member(
    "external_controls",
    ExternalControlSerializer,
    ExternalControlWriteSerializer,
    selectors.get_control,
    services.update_control,
    "control",
    "external_control",
)
DisclosureContractsApi = _collection(
    "disclosure_contracts",
    DisclosureContractSerializer,
    DisclosureContractWriteSerializer,
    selectors.contracts,
    services.record_contract,
    "disclosure_contract",
)
DisclosureContractApi = _member(
    "disclosure_contracts",
    DisclosureContractSerializer,
    DisclosureContractWriteSerializer,
    selectors.get_contract,
    services.update_contract,
    "contract",
    "disclosure_contract",
)
