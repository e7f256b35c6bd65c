"""Custody, release and serious further offence endpoints."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from audit import trail
from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    OPTIONAL_IF_MATCH,
    answer,
    if_match,
    validated,
    versioned_create,
    versioned_update,
)
from kernel.declare import signed_in_user
from register import selectors as register_selectors
from register import services as register_services
from register.models import Nominal

from . import selectors, services
from .models import ApprovedPremisesReferral, CustodySpell
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
    return answer(CustodySpellSerializer, spell, code)


def _step(
    request: Request, form: type[serializers.Serializer[Any]], service: Callable[..., Any], fields: tuple[str, ...]
) -> Any:
    """Record a step through `service`, given the fields it takes from the checked body and
    the version the caller saw: If-Match is optional here, and a stale one gets 412."""
    data = validated(form, request)
    return service(
        acting_user=signed_in_user(request),
        expected_version=if_match(request),
        request=request._request,
        **{field: data.get(field) for field in fields},
    )


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
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.custody")
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

        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
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

        return versioned_create(request, StartCustodySerializer, lambda: nominal, save)


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
        register_services.record_view(actor=actor_of(request), nominal=spell.nominal, section="api.custody")
        return _spell_answer(spell)

    @extend_schema(
        operation_id="custody_dates_update",
        request=SpellDatesSerializer,
        responses=CustodySpellSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        spell = _spell(request, pk)

        def save(values: dict[str, Any], expected: int) -> Response:
            updated = services.update_dates(
                acting_user=signed_in_user(request),
                spell=spell,
                values=values,
                expected_version=expected,
                request=request._request,
            )
            return _spell_answer(updated)

        return versioned_update(request, SpellDatesSerializer, save)


class ReleaseConfirmationApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_release_confirm",
        request=ConfirmReleaseSerializer,
        responses=CustodySpellSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        service = partial(services.confirm_release_date, spell=_spell(request, pk, prison=True))
        return _spell_answer(_step(request, ConfirmReleaseSerializer, service, ("release_on", "confirmed_on")))


class EndOfCustodyApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_end_of_custody",
        request=EndOfCustodySerializer,
        responses=CustodySpellSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        service = partial(services.record_end_of_custody_release, spell=_spell(request, pk))
        return _spell_answer(_step(request, EndOfCustodySerializer, service, ("early_release_on", "confirmed_on")))


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

        def save(spell: CustodySpell, data: dict[str, Any]) -> Response:
            services.refer_to_approved_premises(
                acting_user=signed_in_user(request),
                spell=spell,
                premises=data["premises"],
                referred_on=data["referred_on"],
                request=request._request,
            )
            return _spell_answer(spell, status.HTTP_201_CREATED)

        return versioned_create(request, ApprovedPremisesReferralSerializer, lambda: spell, save)


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
        data = validated(ApprovedPremisesDecisionSerializer, request)
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
        service = partial(services.release, spell=_spell(request, pk))
        return _spell_answer(_step(request, ReleaseSerializer, service, ("released_on", "kind")))


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
        data = validated(CompleteUrgentReviewSerializer, request)
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

        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
            sfo = services.record_sfo(
                acting_user=signed_in_user(request),
                nominal=nominal,
                offence=data["offence"],
                charged_on=data["charged_on"],
                remanded_to=data.get("remanded_to"),
                request=request._request,
            )
            return answer(SeriousFurtherOffenceSerializer, sfo, status.HTTP_201_CREATED)

        return versioned_create(request, SfoCreateSerializer, lambda: nominal, save)


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
        trail.record(
            actor=request.user, action="sfo.view", obj=sfo, nominal_id=sfo.nominal_id, request=request._request
        )
        return answer(SeriousFurtherOffenceSerializer, sfo)


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
        service = partial(services.record_sfo_notification, sfo=sfo)
        updated = _step(request, SfoNotificationSerializer, service, ("chair_notified_on", "coordinator_notified_on"))
        return answer(SeriousFurtherOffenceSerializer, updated)


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
        service = partial(services.record_review_decision, sfo=sfo)
        updated = _step(request, ReviewDecisionSerializer, service, ("decision", "decided_on", "reason"))
        return answer(SeriousFurtherOffenceSerializer, updated)
