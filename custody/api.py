"""Custody, release and serious further offence endpoints."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import audit, policy
from access.declare import signed_in_user
from access.idempotency import idempotent_create
from openmappa.api_errors import errors_response
from referrals.api import OPTIONAL_IF_MATCH
from register import selectors as register_selectors
from register import services as register_services
from register.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match

from . import selectors, services
from .models import ApprovedPremisesReferral, CustodySpell, SeriousFurtherOffence
from .serializers import (
    ApprovedPremisesDecisionSerializer,
    ApprovedPremisesReferralSerializer,
    CompleteUrgentReviewSerializer,
    ConfirmReleaseSerializer,
    CustodySpellSerializer,
    EndOfCustodySerializer,
    ReleaseSerializer,
    ReviewDecisionSerializer,
    SeriousFurtherOffenceSerializer,
    SfoCreateSerializer,
    SfoNotificationSerializer,
    SpellDatesSerializer,
    StartCustodySerializer,
    UrgentReviewSerializer,
)

LIST_LIMIT = 200
DATE_FIELDS = ("sentence_date", "sentence_months", *services.DATE_FIELDS[1:])


def _spell_answer(spell: CustodySpell, code: int = status.HTTP_200_OK) -> Response:
    spell = CustodySpell.objects.select_related("prison", "release_confirmed_by").get(pk=spell.pk)
    response = Response(CustodySpellSerializer(spell).data, status=code)
    response["ETag"] = etag_for(spell.version)
    return response


def _sfo_answer(sfo: SeriousFurtherOffence, code: int = status.HTTP_200_OK) -> Response:
    response = Response(SeriousFurtherOffenceSerializer(sfo).data, status=code)
    response["ETag"] = etag_for(sfo.version)
    return response


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _if_match(request: Request) -> int | None:
    return version_from_if_match(request.headers.get("If-Match"))


class NominalCustodyApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_list",
        responses=inline_serializer(
            "CustodySpellList", {"count": serializers.IntegerField(), "results": CustodySpellSerializer(many=True)}
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        register_services.record_view(
            acting_user=signed_in_user(request), nominal=nominal, section="api.custody", request=request._request
        )
        spells = list(selectors.spells(requested_by=signed_in_user(request), nominal=nominal))
        return Response({"count": len(spells), "results": CustodySpellSerializer(spells, many=True).data})

    @extend_schema(
        operation_id="custody_create",
        request=StartCustodySerializer,
        responses={201: CustodySpellSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_record_custody(request.user, nominal):
            raise Http404

        def create() -> Response:
            data = _valid(StartCustodySerializer, request)
            spell = services.start_custody(
                acting_user=signed_in_user(request),
                nominal=nominal,
                prison=data["prison"],
                reason=data["reason"],
                entered_on=data["entered_on"],
                values={k: data.get(k) for k in DATE_FIELDS},
                notes=data.get("notes", ""),
                request=request._request,
            )
            return _spell_answer(spell, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


def _spell(request: Request, pk: int, *, prison: bool = False) -> CustodySpell:
    spell = selectors.get_spell(requested_by=signed_in_user(request), pk=pk)
    allowed = (
        policy.can_confirm_release(request.user, spell) if prison else policy.can_manage_custody(request.user, spell)
    )
    if not allowed:
        raise Http404
    return spell


class CustodySpellApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="custody_retrieve", responses=CustodySpellSerializer)
    def get(self, request: Request, pk: int) -> Response:
        spell = selectors.get_spell(requested_by=signed_in_user(request), pk=pk)
        register_services.record_view(
            acting_user=signed_in_user(request), nominal=spell.nominal, section="api.custody", request=request._request
        )
        return _spell_answer(spell)

    @extend_schema(
        operation_id="custody_dates_update",
        request=SpellDatesSerializer,
        responses=CustodySpellSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk)
        expected = _if_match(request)
        if expected is None:
            return errors_response(
                [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
                status.HTTP_428_PRECONDITION_REQUIRED,
            )
        form = SpellDatesSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        updated = services.update_dates(
            acting_user=signed_in_user(request),
            spell=spell,
            values=dict(form.validated_data),
            expected_version=expected,
            request=request._request,
        )
        return _spell_answer(updated)


class ReleaseConfirmationApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_release_confirm",
        request=ConfirmReleaseSerializer,
        responses=CustodySpellSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk, prison=True)
        data = _valid(ConfirmReleaseSerializer, request)
        updated = services.confirm_release_date(
            acting_user=signed_in_user(request),
            spell=spell,
            release_on=data["release_on"],
            confirmed_on=data["confirmed_on"],
            expected_version=_if_match(request),
            request=request._request,
        )
        return _spell_answer(updated)


class EndOfCustodyApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_end_of_custody",
        request=EndOfCustodySerializer,
        responses=CustodySpellSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk)
        data = _valid(EndOfCustodySerializer, request)
        updated = services.record_end_of_custody_release(
            acting_user=signed_in_user(request),
            spell=spell,
            early_release_on=data["early_release_on"],
            confirmed_on=data.get("confirmed_on"),
            expected_version=_if_match(request),
            request=request._request,
        )
        return _spell_answer(updated)


class ApprovedPremisesApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_approved_premises_refer",
        request=ApprovedPremisesReferralSerializer,
        responses={201: CustodySpellSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk)

        def create() -> Response:
            data = _valid(ApprovedPremisesReferralSerializer, request)
            services.refer_to_approved_premises(
                acting_user=signed_in_user(request),
                spell=spell,
                premises=data["premises"],
                referred_on=data["referred_on"],
                request=request._request,
            )
            return _spell_answer(spell, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class ApprovedPremisesDecisionApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_approved_premises_decide",
        request=ApprovedPremisesDecisionSerializer,
        responses=CustodySpellSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = ApprovedPremisesReferral.objects.filter(pk=pk).first()
        if referral is None:
            raise Http404
        spell = _spell(request, referral.spell_id)
        data = _valid(ApprovedPremisesDecisionSerializer, request)
        services.decide_approved_premises(
            acting_user=signed_in_user(request),
            referral=referral,
            outcome=data["outcome"],
            resident_from=data.get("resident_from"),
            resident_to=data.get("resident_to"),
            request=request._request,
        )
        return _spell_answer(spell)


class ReleaseApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_release",
        request=ReleaseSerializer,
        responses=CustodySpellSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk)
        data = _valid(ReleaseSerializer, request)
        updated = services.release(
            acting_user=signed_in_user(request),
            spell=spell,
            released_on=data["released_on"],
            kind=data["kind"],
            expected_version=_if_match(request),
            request=request._request,
        )
        return _spell_answer(updated)


class UrgentReviewListApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="urgent_reviews_list",
        responses=inline_serializer(
            "UrgentReviewList", {"count": serializers.IntegerField(), "results": UrgentReviewSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        reviews = list(policy.visible_urgent_reviews(request.user).filter(completed_on=None)[:LIST_LIMIT])
        return Response({"count": len(reviews), "results": UrgentReviewSerializer(reviews, many=True).data})


class UrgentReviewCompleteApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="urgent_reviews_complete", request=CompleteUrgentReviewSerializer, responses=UrgentReviewSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        review = selectors.get_urgent_review(requested_by=signed_in_user(request), pk=pk)
        if not policy.can_complete_urgent_review(request.user, review):
            raise Http404
        data = _valid(CompleteUrgentReviewSerializer, request)
        done = services.complete_urgent_review(
            acting_user=signed_in_user(request),
            review=review,
            completed_on=data["completed_on"],
            outcome=data["outcome"],
            request=request._request,
        )
        return Response(UrgentReviewSerializer(done).data)


class NominalSfoApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="sfo_create",
        request=SfoCreateSerializer,
        responses={201: SeriousFurtherOffenceSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_record_custody(request.user, nominal):
            raise Http404

        def create() -> Response:
            data = _valid(SfoCreateSerializer, request)
            sfo = services.record_sfo(
                acting_user=signed_in_user(request),
                nominal=nominal,
                offence=data["offence"],
                charged_on=data["charged_on"],
                remanded_to=data.get("remanded_to"),
                request=request._request,
            )
            return _sfo_answer(sfo, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class SfoListApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="sfo_list",
        responses=inline_serializer(
            "SeriousFurtherOffenceList",
            {"count": serializers.IntegerField(), "results": SeriousFurtherOffenceSerializer(many=True)},
        ),
    )
    def get(self, request: Request) -> Response:
        sfos = list(selectors.serious_further_offences(requested_by=signed_in_user(request))[:LIST_LIMIT])
        return Response({"count": len(sfos), "results": SeriousFurtherOffenceSerializer(sfos, many=True).data})


class SfoDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="sfo_retrieve", responses=SeriousFurtherOffenceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        sfo = selectors.get_sfo(requested_by=signed_in_user(request), pk=pk)
        audit.record(
            actor=request.user, action="sfo.view", obj=sfo, nominal_id=sfo.nominal_id, request=request._request
        )
        return _sfo_answer(sfo)


class SfoNotificationApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="sfo_notification",
        request=SfoNotificationSerializer,
        responses=SeriousFurtherOffenceSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        sfo = selectors.get_sfo(requested_by=signed_in_user(request), pk=pk)
        if not policy.can_record_sfo_notification(request.user, sfo):
            raise Http404
        data = _valid(SfoNotificationSerializer, request)
        updated = services.record_sfo_notification(
            acting_user=signed_in_user(request),
            sfo=sfo,
            chair_notified_on=data.get("chair_notified_on"),
            coordinator_notified_on=data.get("coordinator_notified_on"),
            expected_version=_if_match(request),
            request=request._request,
        )
        return _sfo_answer(updated)


class SfoReviewDecisionApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="sfo_review_decision",
        request=ReviewDecisionSerializer,
        responses=SeriousFurtherOffenceSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        sfo = selectors.get_sfo(requested_by=signed_in_user(request), pk=pk)
        if not policy.can_record_review_decision(request.user, sfo):
            raise Http404
        data = _valid(ReviewDecisionSerializer, request)
        updated = services.record_review_decision(
            acting_user=signed_in_user(request),
            sfo=sfo,
            decision=data["decision"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=_if_match(request),
            request=request._request,
        )
        return _sfo_answer(updated)
