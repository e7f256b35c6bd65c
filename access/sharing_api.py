"""Endpoints for sharing grants, restricted-section grants and emergency access."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency, User
from audit import trail
from kernel.actor import actor_of
from kernel.declare import signed_in_user
from register import selectors as register_selectors
from register import services as register_services
from register.models import Nominal

from . import emergency, policy, restricted, sharing
from .models import EmergencyAccess, RestrictedAccessGrant, RestrictedSection, ReviewOutcome, ShareGrant, ShareScope

# --- Serializers ---------------------------------------------------------------------------


class SharedItemSerializer(serializers.ModelSerializer[ShareGrant]):
    class Meta:
        model = ShareGrant
        fields = ["id", "scope", "object_type", "object_id", "reason", "granted_at", "expires_at"]
        read_only_fields = fields


class SharedPersonSerializer(serializers.Serializer[Any]):
    """Only what a DTC contact needs to identify the person, and what is shared."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    given_names = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True)
    shared = serializers.SerializerMethodField()

    def get_shared(self, nominal: Nominal) -> list[dict[str, Any]]:
        grants = self.context["grants"].get(nominal.pk, [])
        return list(SharedItemSerializer(grants, many=True).data)


class ShareGrantSerializer(serializers.ModelSerializer[ShareGrant]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True)
    revoked_by = serializers.CharField(source="revoked_by.username", read_only=True, default=None)
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = ShareGrant
        fields = [
            "id",
            "nominal",
            "agency",
            "scope",
            "object_type",
            "object_id",
            "reason",
            "granted_by",
            "granted_at",
            "expires_at",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "is_live",
        ]
        read_only_fields = fields


class ShareGrantRequestSerializer(serializers.Serializer[Any]):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    scope = serializers.ChoiceField(choices=ShareScope.choices)
    reason = serializers.CharField()
    expires_at = serializers.DateTimeField(required=False)
    object_type = serializers.CharField(required=False, allow_blank=True, max_length=40)
    object_id = serializers.CharField(required=False, allow_blank=True, max_length=40)


class RevokeRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class RestrictedGrantSerializer(serializers.ModelSerializer[RestrictedAccessGrant]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True)
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = RestrictedAccessGrant
        fields = [
            "id",
            "nominal",
            "section",
            "user",
            "reason",
            "granted_by",
            "granted_at",
            "expires_at",
            "revoked_at",
            "revoke_reason",
            "is_live",
        ]
        read_only_fields = fields


class RestrictedGrantRequestSerializer(serializers.Serializer[Any]):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    section = serializers.ChoiceField(choices=RestrictedSection.choices)
    reason = serializers.CharField()
    expires_at = serializers.DateTimeField(required=False)


class RestrictedAccessSerializer(serializers.Serializer[Any]):
    record_manager = serializers.CharField(allow_null=True)
    grants = RestrictedGrantSerializer(many=True)


class EmergencyAccessSerializer(serializers.ModelSerializer[EmergencyAccess]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    reference = serializers.CharField(source="nominal.reference", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)

    class Meta:
        model = EmergencyAccess
        fields = [
            "id",
            "nominal",
            "reference",
            "user",
            "reason",
            "started_at",
            "expires_at",
            "reviewed_by",
            "reviewed_at",
            "review_outcome",
            "review_note",
        ]
        read_only_fields = fields


class EmergencyRequestSerializer(serializers.Serializer[Any]):
    identifier = serializers.CharField(max_length=40, help_text="The OpenMAPPA reference or PNC number")
    reason = serializers.CharField(help_text=f"At least {emergency.MIN_REASON_LENGTH} characters")


class EmergencyOpenedSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField()
    emergency_access = EmergencyAccessSerializer(allow_null=True)


class EmergencyReviewRequestSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    note = serializers.CharField()


# --- Shared with my agency (DTC single point of contact) ----------------------------------


def _grants_by_person(user: User, nominal: Nominal | None = None) -> dict[int, list[ShareGrant]]:
    assert user.agency is not None
    grouped: dict[int, list[ShareGrant]] = {}
    for share in sharing.active_grants(agency=user.agency, nominal=nominal):
        grouped.setdefault(share.nominal_id, []).append(share)
    return grouped


class SharedListApi(APIView):
    access_rule = "shared"

    @extend_schema(operation_id="shared_list", responses=SharedPersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        people = list(policy.shared_nominals(user).order_by("family_name", "given_names", "pk"))
        trail.record(
            actor=user, action="share.list", request=request._request, detail={"shown": [p.pk for p in people]}
        )
        context = {"grants": _grants_by_person(user)}
        return Response(SharedPersonSerializer(people, many=True, context=context).data)


class SharedPersonApi(APIView):
    access_rule = "shared"

    @extend_schema(operation_id="shared_retrieve", responses=SharedPersonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = policy.shared_nominals(user).filter(pk=pk).first()
        if nominal is None:
            raise Http404
        sharing.record_shared_view(acting_user=user, nominal=nominal, request=request._request)
        context = {"grants": _grants_by_person(user, nominal)}
        return Response(SharedPersonSerializer(nominal, context=context).data)


# --- Managing sharing -----------------------------------------------------------------------


def _sharing_nominal(request: Request, pk: int) -> Nominal:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_manage_sharing(request.user, nominal):
        raise Http404
    return nominal


class ShareGrantsApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="share_grants_list", responses=ShareGrantSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        nominal = _sharing_nominal(request, pk)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.sharing")
        return Response(ShareGrantSerializer(sharing.grants_for_nominal(nominal=nominal), many=True).data)

    @extend_schema(
        operation_id="share_grants_create", request=ShareGrantRequestSerializer, responses={201: ShareGrantSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = _sharing_nominal(request, pk)
        form = ShareGrantRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        object_type, object_id = data.get("object_type", ""), data.get("object_id", "")
        share = sharing.grant(
            acting_user=signed_in_user(request),
            nominal=nominal,
            agency=data["agency"],
            scope=data["scope"],
            reason=data["reason"],
            expires_at=data.get("expires_at"),
            obj=(object_type, object_id) if object_type and object_id else None,
            request=request._request,
        )
        return Response(ShareGrantSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareGrantRevokeApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="share_grants_revoke", request=RevokeRequestSerializer, responses=ShareGrantSerializer)
    def post(self, request: Request, pk: int) -> Response:
        share = ShareGrant.objects.filter(pk=pk).first()
        if share is None:
            raise Http404
        _sharing_nominal(request, share.nominal_id)
        form = RevokeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        revoked = sharing.revoke(
            acting_user=signed_in_user(request),
            grant=share,
            reason=form.validated_data["reason"],
            request=request._request,
        )
        return Response(ShareGrantSerializer(revoked).data)


# --- Restricted sections --------------------------------------------------------------------


def _restricted_nominal(request: Request, pk: int) -> Nominal:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_manage_restricted_access(request.user, nominal):
        raise Http404
    return nominal


class RestrictedAccessApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="restricted_access_list", responses=RestrictedAccessSerializer)
    def get(self, request: Request, pk: int) -> Response:
        nominal = _restricted_nominal(request, pk)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.restricted_access")
        holder = restricted.implicit_holder(nominal=nominal)
        return Response(
            {
                "record_manager": holder.username if holder else None,
                "grants": RestrictedGrantSerializer(restricted.live_grants(nominal=nominal), many=True).data,
            }
        )

    @extend_schema(
        operation_id="restricted_access_create",
        request=RestrictedGrantRequestSerializer,
        responses={201: RestrictedGrantSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = _restricted_nominal(request, pk)
        form = RestrictedGrantRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        held = restricted.grant(
            acting_user=signed_in_user(request),
            nominal=nominal,
            user=data["user"],
            section=data["section"],
            reason=data["reason"],
            expires_at=data.get("expires_at"),
            request=request._request,
        )
        return Response(RestrictedGrantSerializer(held).data, status=status.HTTP_201_CREATED)


class RestrictedAccessRevokeApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="restricted_access_revoke", request=RevokeRequestSerializer, responses=RestrictedGrantSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        held = RestrictedAccessGrant.objects.filter(pk=pk).first()
        if held is None:
            raise Http404
        _restricted_nominal(request, held.nominal_id)
        form = RevokeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        revoked = restricted.revoke(
            acting_user=signed_in_user(request),
            grant=held,
            reason=form.validated_data["reason"],
            request=request._request,
        )
        return Response(RestrictedGrantSerializer(revoked).data)


# --- Emergency access ------------------------------------------------------------------------


class EmergencyAccessApi(APIView):
    access_rule = "emergency_access"

    @extend_schema(operation_id="emergency_access_list", responses=EmergencyAccessSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's own emergency accesses that are still live."""
        live = emergency.my_live_accesses(requested_by=signed_in_user(request))
        return Response(EmergencyAccessSerializer(live, many=True).data)

    @extend_schema(
        operation_id="emergency_access_create",
        request=EmergencyRequestSerializer,
        responses={201: EmergencyOpenedSerializer, 200: EmergencyOpenedSerializer},
    )
    def post(self, request: Request) -> Response:
        form = EmergencyRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        opened = emergency.open_access(
            acting_user=signed_in_user(request),
            identifier=form.validated_data["identifier"],
            reason=form.validated_data["reason"],
            request=request._request,
        )
        body = {
            "nominal": opened.nominal.pk,
            "emergency_access": EmergencyAccessSerializer(opened.access).data if opened.access else None,
        }
        return Response(body, status=status.HTTP_201_CREATED if opened.access else status.HTTP_200_OK)


class EmergencyReviewQueueApi(APIView):
    access_rule = "emergency_review"

    @extend_schema(operation_id="emergency_access_review_queue", responses=EmergencyAccessSerializer(many=True))
    def get(self, request: Request) -> Response:
        queue = emergency.review_queue(requested_by=signed_in_user(request))
        return Response(EmergencyAccessSerializer(queue, many=True).data)


class EmergencyReviewApi(APIView):
    access_rule = "emergency_review"

    @extend_schema(
        operation_id="emergency_access_review",
        request=EmergencyReviewRequestSerializer,
        responses=EmergencyAccessSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        access = emergency.reviewable(requested_by=user, pk=pk)
        if access is None:
            raise Http404
        form = EmergencyReviewRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reviewed = emergency.review(
            acting_user=user,
            access=access,
            outcome=form.validated_data["outcome"],
            note=form.validated_data["note"],
            request=request._request,
        )
        return Response(EmergencyAccessSerializer(reviewed).data)
