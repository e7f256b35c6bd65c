"""Custody and release pages, and serious further offences."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from cases.action_page import action_page
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from register.frame import person_page

from . import selectors, services, sfo_services
from .forms import (
    ApprovedPremisesDecisionForm,
    ApprovedPremisesReferralForm,
    ConfirmReleaseForm,
    EditDatesForm,
    EndOfCustodyForm,
    ReleaseForm,
    ReviewDecisionForm,
    SeriousFurtherOffenceForm,
    SfoNotificationForm,
    StartCustodyForm,
    UrgentReviewForm,
)
from .models import ApprovedPremisesReferral, CustodySpell

Act = Callable[[dict[str, Any]], object]


def _person_url(pk: int) -> str:
    return reverse("custody:person", args=[pk])


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "custody")
    nominal = context["nominal"]
    user = signed_in_user(request)
    spells = list(selectors.spells(requested_by=user, nominal=nominal))
    context |= {
        "spells": [
            {
                "spell": spell,
                "clocks": selectors.release_clocks(spell),
                "can_confirm": policy.can_confirm_release(user, spell),
                "can_manage": spell.in_custody and policy.can_manage_custody(user, spell),
            }
            for spell in spells
        ],
        "urgent_reviews": selectors.open_urgent_reviews(requested_by=user, nominal=nominal),
        "sfos": nominal.serious_further_offences.all(),
        "can_record_custody": policy.can_record_custody(user, nominal) and not any(s.in_custody for s in spells),
        "can_record_sfo": policy.can_record_custody(user, nominal),
        "can_complete_reviews": policy.can_manage_registration(user, nominal),
    }
    return render(request, "custody/person.html", context)


def _act(
    request: HttpRequest, service: Callable[..., object], fields: tuple[str, ...], *, versioned: bool = True
) -> Act:
    """Saving a step's form: `service` given the form's `fields` and, for a step that
    changes a versioned record, the version the form showed."""

    def act(data: dict[str, Any]) -> object:
        version = {"expected_version": data["version"]} if versioned else {}
        return service(actor=actor_of(request), **{f: data.get(f) for f in fields}, **version)

    return act


def _prisons(request: HttpRequest) -> Any:
    return selectors.prison_choices(requested_by=signed_in_user(request))


@page_rule("people")
def start(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = selectors.person_to_record(requested_by=signed_in_user(request), pk=pk)

    def act(data: dict[str, Any]) -> object:
        return services.start_custody(
            actor=actor_of(request),
            nominal=nominal,
            prison=data["prison"],
            reason=data["reason"],
            entered_on=data["entered_on"],
            values={k: data.get(k) for k in services.SENTENCE_FIELDS},
            notes=data.get("notes", ""),
        )

    return action_page(
        request,
        form=StartCustodyForm(request.POST or None, prisons=_prisons(request)),
        title="Record custody",
        caption=f"{nominal} · {nominal.reference}",
        back_url=_person_url(nominal.pk),
        act=act,
        done="Custody recorded: the prison is now a partner to the record",
        shows=nominal,
        section="record_custody",
    )


def _spell(request: HttpRequest, pk: int, *, prison: bool = False) -> CustodySpell:
    spell = selectors.spell_to_change(requested_by=signed_in_user(request), pk=pk, prison=prison)
    if not spell.in_custody:
        raise Http404
    return spell


def _spell_page(request: HttpRequest, spell: CustodySpell, form: Any, title: str, act: Act, done: str) -> HttpResponse:
    return action_page(
        request,
        form=form,
        title=title,
        caption=f"{spell.nominal} · {spell}",
        back_url=_person_url(spell.nominal_id),
        act=act,
        done=done,
        shows=spell.nominal,  # the page names the person: showing it is an audited read
        section="custody",
    )


@page_rule("people")
def edit_dates(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    initial = {field: getattr(spell, field) for field in services.SENTENCE_FIELDS} | {"version": spell.version}

    def act(data: dict[str, Any]) -> object:
        values = {k: data.get(k) for k in services.SENTENCE_FIELDS}
        return services.update_dates(
            actor=actor_of(request), spell=spell, values=values, expected_version=data["version"]
        )

    form = EditDatesForm(request.POST or None, initial=initial)
    return _spell_page(request, spell, form, "Sentence and release dates", act, "Dates updated")


@page_rule("people")
def confirm_release(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk, prison=True)
    form = ConfirmReleaseForm(request.POST or None, initial={"release_on": spell.release_on, "version": spell.version})
    act = _act(request, partial(services.confirm_release_date, spell=spell), ("release_on", "confirmed_on"))
    return _spell_page(request, spell, form, "Confirm the release date", act, "Release date confirmed")


@page_rule("people")
def end_of_custody(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    initial = {
        "early_release_on": spell.end_of_custody_release_on,
        "confirmed_on": spell.end_of_custody_confirmed_on,
        "version": spell.version,
    }
    form = EndOfCustodyForm(request.POST or None, initial=initial)
    service = partial(services.record_end_of_custody_release, spell=spell)
    act = _act(request, service, ("early_release_on", "confirmed_on"))
    return _spell_page(request, spell, form, "End-of-custody early release", act, "End-of-custody release recorded")


@page_rule("people")
def approved_premises(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    form = ApprovedPremisesReferralForm(request.POST or None)
    service = partial(services.refer_to_approved_premises, spell=spell)
    act = _act(request, service, ("premises", "referred_on"), versioned=False)
    return _spell_page(request, spell, form, "Refer to Approved Premises", act, "Approved Premises referral recorded")


@page_rule("people")
def approved_premises_decision(request: HttpRequest, pk: int) -> HttpResponse:
    referral = ApprovedPremisesReferral.objects.select_related("spell__nominal").filter(pk=pk).first()
    if referral is None:
        raise Http404
    spell = selectors.spell_to_change(requested_by=signed_in_user(request), pk=referral.spell_id)
    form = ApprovedPremisesDecisionForm(request.POST or None)
    service = partial(services.decide_approved_premises, referral=referral)
    act = _act(request, service, ("outcome", "resident_from", "resident_to"), versioned=False)
    return _spell_page(request, spell, form, f"Decision on {referral.premises}", act, "Decision recorded")


@page_rule("people")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    form = ReleaseForm(request.POST or None, initial={"released_on": spell.release_on, "version": spell.version})
    act = _act(request, partial(services.release, spell=spell), ("released_on", "kind"))
    return _spell_page(request, spell, form, "Record the release", act, "Release recorded")


@page_rule("people")
def urgent_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    review = selectors.get_urgent_review(requested_by=user, pk=pk)
    if not policy.can_complete_urgent_review(user, review) or review.completed_on:
        raise Http404
    service = partial(services.complete_urgent_review, review=review)
    return action_page(
        request,
        form=UrgentReviewForm(request.POST or None),
        title="Complete the urgent review",
        caption=review.reason,
        back_url=_person_url(review.nominal_id),
        act=_act(request, service, ("completed_on", "outcome"), versioned=False),
        done="Urgent review completed",
        shows=review.nominal,
        section="custody",
    )


# --- Serious further offences --------------------------------------------------------------


@page_rule("people")
def sfo_new(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = selectors.person_to_record(requested_by=signed_in_user(request), pk=pk)
    service = partial(sfo_services.record_sfo, nominal=nominal)
    return action_page(
        request,
        form=SeriousFurtherOffenceForm(request.POST or None, prisons=_prisons(request)),
        title="Charged with a serious further offence",
        caption=f"{nominal} · {nominal.reference}",
        back_url=_person_url(nominal.pk),
        act=_act(request, service, ("offence", "charged_on", "remanded_to"), versioned=False),
        done="Serious further offence recorded: notify the SMB chair and the MAPPA co-ordinator",
        done_url=lambda sfo: reverse("custody:sfo", args=[sfo.pk]),
        shows=nominal,
        section="record_sfo",
    )


@page_rule("people")
def sfo_list(request: HttpRequest) -> HttpResponse:
    sfos = selectors.serious_further_offences(requested_by=signed_in_user(request))[:200]
    return render(request, "custody/sfo_list.html", {"sfos": sfos})


@page_rule("people")
def sfo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.read_sfo(actor=actor_of(request), pk=pk)
    context = {
        "sfo": sfo,
        "can_notify": policy.can_record_sfo_notification(request.user, sfo),
        "can_decide": policy.can_record_review_decision(request.user, sfo),
    }
    return render(request, "custody/sfo_detail.html", context)


@page_rule("people")
def sfo_notification(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.read_sfo(actor=actor_of(request), pk=pk, allowed=policy.can_record_sfo_notification)
    initial = {
        "chair_notified_on": sfo.chair_notified_on,
        "coordinator_notified_on": sfo.coordinator_notified_on,
        "version": sfo.version,
    }
    service = partial(sfo_services.record_sfo_notification, sfo=sfo)
    return action_page(
        request,
        form=SfoNotificationForm(request.POST or None, initial=initial),
        title="Notify the SMB chair and the MAPPA co-ordinator",
        caption=f"{sfo.nominal} · {sfo.offence}",
        back_url=reverse("custody:sfo", args=[sfo.pk]),
        act=_act(request, service, ("chair_notified_on", "coordinator_notified_on")),
        done="Notification recorded",
        intro=f"Due by {sfo.notification_due_on:%d %B %Y}: within 5 days of the charge.",
    )


@page_rule("people")
def sfo_decision(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.read_sfo(actor=actor_of(request), pk=pk, allowed=policy.can_record_review_decision)
    service = partial(sfo_services.record_review_decision, sfo=sfo)
    return action_page(
        request,
        form=ReviewDecisionForm(request.POST or None, initial={"version": sfo.version}),
        title="The SMB's decision on a serious case review",
        caption=f"{sfo.nominal} · {sfo.offence}",
        back_url=reverse("custody:sfo", args=[sfo.pk]),
        act=_act(request, service, ("decision", "decided_on", "reason")),
        done="SMB decision recorded",
    )
