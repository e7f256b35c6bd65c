"""Custody, release and serious further offence endpoints."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    if_match,
    listing,
    unchanged_since_read,
    validated,
    versioned_create,
)
from kernel.api_steps import record_api
from kernel.declare import signed_in_user
from register.models import Nominal
from register.services import read_person

from . import selectors, services, sfo_services
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


def _spell_answer(spell: CustodySpell, code: int = status.HTTP_200_OK) -> Response:
    spell = CustodySpell.objects.select_related("prison", "release_confirmed_by").get(pk=spell.pk)
    return answer(CustodySpellSerializer, spell, code)


def _sfo_answer(sfo: SeriousFurtherOffence, code: int = status.HTTP_200_OK) -> Response:
    return answer(SeriousFurtherOffenceSerializer, sfo, code)


def _step_api(
    operation_id: str,
    form: SerializerClass,
    fields: tuple[str, ...],
    bind: Callable[[Request, int], Callable[..., Any]],
    *,
    output: SerializerClass = CustodySpellSerializer,
    respond: Callable[[Any], Response] = _spell_answer,
) -> type[APIView]:
    """One step on a versioned record: POST the step's `fields` to the service that `bind`
    gives for the record (404 when the caller may not take the step). If-Match is
    optional here, and a stale one gets 412."""

    class StepApi(APIView):
        access_rule = "people"

        @extend_schema(operation_id=operation_id, request=form, responses=output, parameters=[IF_MATCH_PARAMETER])
        def post(self, request: Request, pk: int) -> Response:
            service = bind(request, pk)
            data = validated(form, request)
            values = {field: data.get(field) for field in fields}
            return respond(service(actor=actor_of(request), expected_version=if_match(request), **values))

    return StepApi


def _spell(request: Request, pk: int, *, prison: bool = False) -> CustodySpell:
    return selectors.spell_to_change(requested_by=signed_in_user(request), pk=pk, prison=prison)


def _sfo(request: Request, pk: int, allowed: Callable[..., bool]) -> SeriousFurtherOffence:
    return selectors.sfo_to_change(requested_by=signed_in_user(request), pk=pk, allowed=allowed)


def _create_for_person(
    request: Request, pk: int, write: SerializerClass, save: Callable[[Nominal, dict[str, Any]], Response]
) -> Response:
    """POST a new record about a person the caller may record custody for (404 otherwise:
    asked before the Idempotency-Key is looked at)."""
    nominal = selectors.person_to_record(requested_by=signed_in_user(request), pk=pk)
    return versioned_create(request, write, lambda: nominal, save)


class NominalCustodyApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="custody_list", responses=listing("CustodySpellList", CustodySpellSerializer))
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = read_person(actor=actor, pk=pk, section="api.custody")
        spells = list(selectors.spells(requested_by=actor.user, nominal=nominal))
        return Response({"count": len(spells), "results": CustodySpellSerializer(spells, many=True).data})

    @extend_schema(
        operation_id="custody_create",
        request=StartCustodySerializer,
        responses={201: CustodySpellSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
            spell = services.start_custody(
                actor=actor_of(request),
                nominal=nominal,
                prison=data["prison"],
                reason=data["reason"],
                entered_on=data["entered_on"],
                values={k: data.get(k) for k in services.SENTENCE_FIELDS},
                notes=data.get("notes", ""),
            )
            return _spell_answer(spell, status.HTTP_201_CREATED)

        return _create_for_person(request, pk, StartCustodySerializer, save)


CustodySpellApi = record_api(
    "custody",
    access_rule="people",
    read=lambda actor, pk: selectors.read_spell(actor=actor, pk=pk),
    editable=lambda user, pk: selectors.spell_to_change(requested_by=user, pk=pk),
    update=services.update_dates,
    record="spell",
    output=CustodySpellSerializer,
    write=SpellDatesSerializer,
    reply=_spell_answer,
    update_operation="dates_update",
)


ReleaseConfirmationApi = _step_api(
    "custody_release_confirm",
    ConfirmReleaseSerializer,
    ("release_on", "confirmed_on"),
    lambda request, pk: partial(services.confirm_release_date, spell=_spell(request, pk, prison=True)),
)
EndOfCustodyApi = _step_api(
    "custody_end_of_custody",
    EndOfCustodySerializer,
    ("early_release_on", "confirmed_on"),
    lambda request, pk: partial(services.record_end_of_custody_release, spell=_spell(request, pk)),
)
ReleaseApi = _step_api(
    "custody_release",
    ReleaseSerializer,
    ("released_on", "kind"),
    lambda request, pk: partial(services.release, spell=_spell(request, pk)),
)


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
                actor=actor_of(request), spell=spell, premises=data["premises"], referred_on=data["referred_on"]
            )
            return _spell_answer(spell, status.HTTP_201_CREATED)

        return versioned_create(request, ApprovedPremisesReferralSerializer, lambda: spell, save)


class ApprovedPremisesDecisionApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="custody_approved_premises_decide",
        request=ApprovedPremisesDecisionSerializer,
        responses=CustodySpellSerializer,
        parameters=[IF_MATCH_PARAMETER],  # the custody spell's ETag
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = ApprovedPremisesReferral.objects.filter(pk=pk).first()
        if referral is None:
            raise Http404
        spell = _spell(request, referral.spell_id)
        data = validated(ApprovedPremisesDecisionSerializer, request)
        with unchanged_since_read(request, spell):
            services.decide_approved_premises(
                actor=actor_of(request),
                referral=referral,
                outcome=data["outcome"],
                resident_from=data.get("resident_from"),
                resident_to=data.get("resident_to"),
            )
        return _spell_answer(spell)


class UrgentReviewListApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="urgent_reviews_list", responses=listing("UrgentReviewList", UrgentReviewSerializer))
    def get(self, request: Request) -> Response:
        reviews = list(policy.visible_urgent_reviews(request.user).filter(completed_on=None)[:LIST_LIMIT])
        return Response({"count": len(reviews), "results": UrgentReviewSerializer(reviews, many=True).data})


class UrgentReviewCompleteApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="urgent_reviews_complete",
        request=CompleteUrgentReviewSerializer,
        responses=UrgentReviewSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        review = selectors.get_urgent_review(requested_by=actor.user, pk=pk)
        if not policy.can_complete_urgent_review(actor.user, review):
            raise Http404
        data = validated(CompleteUrgentReviewSerializer, request)
        with unchanged_since_read(request, review):
            done = services.complete_urgent_review(
                actor=actor, review=review, completed_on=data["completed_on"], outcome=data["outcome"]
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
        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
            sfo = sfo_services.record_sfo(
                actor=actor_of(request),
                nominal=nominal,
                offence=data["offence"],
                charged_on=data["charged_on"],
                remanded_to=data.get("remanded_to"),
            )
            return _sfo_answer(sfo, status.HTTP_201_CREATED)

        return _create_for_person(request, pk, SfoCreateSerializer, save)


class SfoListApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="sfo_list", responses=listing("SeriousFurtherOffenceList", SeriousFurtherOffenceSerializer)
    )
    def get(self, request: Request) -> Response:
        sfos = list(selectors.serious_further_offences(requested_by=signed_in_user(request))[:LIST_LIMIT])
        return Response({"count": len(sfos), "results": SeriousFurtherOffenceSerializer(sfos, many=True).data})


class SfoDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="sfo_retrieve", responses=SeriousFurtherOffenceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return _sfo_answer(selectors.read_sfo(actor=actor_of(request), pk=pk))


SfoNotificationApi = _step_api(
    "sfo_notification",
    SfoNotificationSerializer,
    ("chair_notified_on", "coordinator_notified_on"),
    lambda request, pk: partial(
        sfo_services.record_sfo_notification, sfo=_sfo(request, pk, policy.can_record_sfo_notification)
    ),
    output=SeriousFurtherOffenceSerializer,
    respond=_sfo_answer,
)
SfoReviewDecisionApi = _step_api(
    "sfo_review_decision",
    ReviewDecisionSerializer,
    ("decision", "decided_on", "reason"),
    lambda request, pk: partial(
        sfo_services.record_review_decision, sfo=_sfo(request, pk, policy.can_record_review_decision)
    ),
    output=SeriousFurtherOffenceSerializer,
    respond=_sfo_answer,
)
