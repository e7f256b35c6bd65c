"""The person's timeline, the PDP register and the retention review (pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.models import AgencyKind
from kernel.actor import actor_of
from kernel.declare import page_rule
from kernel.timeline import timeline_for
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import retention as person_removal
from . import selectors, services
from .action_page import action_page
from .forms import EndPdpForm, PdpForm, RetentionDecisionForm


@page_rule("people")
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "timeline")
    context["events"] = timeline_for(context["nominal"], request.user)
    return render(request, "cases/timeline.html", context)


@page_rule("people")
def pdp(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "pdp")
    nominal = context["nominal"]
    context["pdps"] = [
        (record, policy.can_end_pdp(request.user, record) and record.status == "active")
        for record in nominal.pdp_records.select_related("lead_agency")
    ]
    context["can_record_pdp"] = policy.can_record_pdp(request.user, nominal) and not any(
        record.status == "active" for record, _ in context["pdps"]
    )
    return render(request, "cases/pdp.html", context)


@page_rule("people")
def pdp_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    user = actor.user
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    if not policy.can_record_pdp(user, nominal):
        raise Http404
    form = PdpForm(request.POST or None)

    def act(data: dict[str, Any]) -> object:
        # The police lead: the officer's own force, or the force of the person's area.
        lead = user.agency if user.agency and user.agency.kind == AgencyKind.POLICE else None
        if lead is None:
            lead = nominal.area.agencies.filter(kind=AgencyKind.POLICE).first()
        return services.record_pdp(
            actor=actor,
            nominal=nominal,
            lead_agency=lead,  # type: ignore[arg-type]
            authorised_by=data["authorised_by"],
            authoriser_rank=data["authoriser_rank"],
            authorised_on=data["authorised_on"],
            reason=data["reason"],
        )

    url = reverse("cases:pdp", args=[nominal.pk])
    return action_page(
        request,
        form=form,
        title="Record a potentially dangerous person",
        caption=f"{nominal} · {nominal.reference}",
        back_url=url,
        act=act,
        done="Recorded as a potentially dangerous person (outside MAPPA)",
        done_url=url,
        intro=(
            "Outside MAPPA: led by the police, authorised by a Superintendent or above, never counted in MAPPA figures."
        ),
        shows=nominal,
        section="record_pdp",
    )


@page_rule("people")
def pdp_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    record = selectors.read_pdp_to_end(actor=actor, pk=pk)
    form = EndPdpForm(request.POST or None, initial={"version": record.version})

    def act(data: dict[str, Any]) -> object:
        return services.end_pdp(
            actor=actor,
            pdp=record,
            ended_on=data["ended_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    url = reverse("cases:pdp", args=[record.nominal_id])
    return action_page(
        request,
        form=form,
        title="End PDP management",
        caption=str(record.nominal),
        back_url=url,
        act=act,
        done="PDP management ended",
        done_url=url,
    )


@page_rule("people")
def pdp_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/pdp_list.html", {"records": selectors.read_pdps(actor=actor_of(request))})


@page_rule("retention")
def retention(request: HttpRequest) -> HttpResponse:
    due = selectors.retention_reviews(requested_by=actor_of(request).user, today=timezone.localdate())
    return render(request, "cases/retention.html", {"due": due})


@page_rule("retention")
def retention_decision(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
    if not policy.can_decide_retention(actor.user, nominal):
        raise Http404
    register_services.record_view(actor=actor, nominal=nominal, section="retention")
    form = RetentionDecisionForm(request.POST or None)

    def act(data: dict[str, Any]) -> object:
        return services.record_retention_decision(
            actor=actor,
            nominal=nominal,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            review_again_on=data.get("review_again_on"),
        )

    return action_page(
        request,
        form=form,
        title="Retention review: keep or delete",
        caption=f"{nominal} · born {nominal.date_of_birth:%d %B %Y}",
        back_url=reverse("casework:retention"),
        act=act,
        done="Retention decision recorded",
        done_url=reverse("casework:retention"),
        intro=(
            "A record is kept until the person's 100th birthday, then reviewed expecting deletion (seed 003). "
            f"Deciding to delete removes at once: {person_removal.plan(nominal).described()}. "
            "The audit trail keeps only the person's reference and these counts."
        ),
    )
