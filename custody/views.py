"""Custody and release pages, and serious further offences."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access import policy
from audit import trail
from kernel.declare import page_rule, signed_in_user
from kernel.web import CONFLICT_MESSAGE
from register import selectors as register_selectors
from register.frame import person_form_page, person_page

from . import selectors, services
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

DATE_FIELDS = ("sentence_date", "sentence_months", *services.DATE_FIELDS[1:])

# The custody forms share the layout and wording of the other steps in a case.
_page = partial(person_form_page, template="cases/action_form.html", conflict=CONFLICT_MESSAGE)


def _person_url(pk: int) -> str:
    return reverse("custody:person", args=[pk])


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "custody")
    nominal = context["nominal"]
    user = request.user
    spells = list(selectors.spells(requested_by=user, nominal=nominal))  # type: ignore[arg-type]
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
        "urgent_reviews": selectors.open_urgent_reviews(requested_by=user, nominal=nominal),  # type: ignore[arg-type]
        "sfos": nominal.serious_further_offences.all(),
        "can_record_custody": policy.can_record_custody(user, nominal) and not any(s.in_custody for s in spells),
        "can_record_sfo": policy.can_record_custody(user, nominal),
        "can_complete_reviews": policy.can_manage_registration(user, nominal),
    }
    return render(request, "custody/person.html", context)


def _recordable(request: HttpRequest, pk: int) -> Any:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_record_custody(request.user, nominal):
        raise Http404
    return nominal


@page_rule("people")
def start(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _recordable(request, pk)
    form = StartCustodyForm(request.POST or None, prisons=selectors.prison_choices(requested_by=request.user))  # type: ignore[arg-type]

    def save() -> object:
        data = form.cleaned_data
        return services.start_custody(
            acting_user=signed_in_user(request),
            nominal=nominal,
            prison=data["prison"],
            reason=data["reason"],
            entered_on=data["entered_on"],
            values={k: data.get(k) for k in DATE_FIELDS},
            notes=data.get("notes", ""),
            request=request,
        )

    return _page(
        request,
        form=form,
        save=save,
        title="Record custody",
        caption=f"{nominal} · {nominal.reference}",
        back_url=_person_url(nominal.pk),
        done="Custody recorded: the prison is now a partner to the record",
        nominal=nominal,
        section="record_custody",
    )


def _spell(request: HttpRequest, pk: int, *, prison: bool = False) -> CustodySpell:
    spell = selectors.get_spell(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    allowed = (
        policy.can_confirm_release(request.user, spell) if prison else policy.can_manage_custody(request.user, spell)
    )
    if not allowed or not spell.in_custody:
        raise Http404
    return spell


def _step(
    request: HttpRequest, form: Any, service: Callable[..., object], fields: tuple[str, ...], *, versioned: bool = True
) -> Callable[[], object]:
    """Saving a step's form: `service` given the form's `fields` and, for a step that
    changes a versioned record, the version the form showed."""

    def save() -> object:
        data = form.cleaned_data
        version = {"expected_version": data["version"]} if versioned else {}
        return service(
            acting_user=signed_in_user(request), request=request, **{f: data.get(f) for f in fields}, **version
        )

    return save


def _spell_page(
    request: HttpRequest, spell: CustodySpell, form: Any, title: str, save: Callable[[], object], done: str
) -> HttpResponse:
    return _page(
        request,
        form=form,
        save=save,
        title=title,
        caption=f"{spell.nominal} · {spell}",
        back_url=_person_url(spell.nominal_id),
        done=done,
        nominal=spell.nominal,  # the page names the person: showing it is an audited read
        section="custody",
    )


@page_rule("people")
def edit_dates(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    initial = {field: getattr(spell, field) for field in DATE_FIELDS} | {"version": spell.version}
    form = EditDatesForm(request.POST or None, initial=initial)

    def save() -> object:
        return services.update_dates(
            acting_user=signed_in_user(request),
            spell=spell,
            values={k: form.cleaned_data.get(k) for k in DATE_FIELDS},
            expected_version=form.cleaned_data["version"],
            request=request,
        )

    return _spell_page(request, spell, form, "Sentence and release dates", save, "Dates updated")


@page_rule("people")
def confirm_release(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk, prison=True)
    form = ConfirmReleaseForm(request.POST or None, initial={"release_on": spell.release_on, "version": spell.version})
    save = _step(request, form, partial(services.confirm_release_date, spell=spell), ("release_on", "confirmed_on"))
    return _spell_page(request, spell, form, "Confirm the release date", save, "Release date confirmed")


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
    save = _step(request, form, service, ("early_release_on", "confirmed_on"))
    return _spell_page(request, spell, form, "End-of-custody early release", save, "End-of-custody release recorded")


@page_rule("people")
def approved_premises(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    form = ApprovedPremisesReferralForm(request.POST or None)
    service = partial(services.refer_to_approved_premises, spell=spell)
    save = _step(request, form, service, ("premises", "referred_on"), versioned=False)
    return _spell_page(request, spell, form, "Refer to Approved Premises", save, "Approved Premises referral recorded")


@page_rule("people")
def approved_premises_decision(request: HttpRequest, pk: int) -> HttpResponse:
    referral = ApprovedPremisesReferral.objects.select_related("spell__nominal").filter(pk=pk).first()
    if referral is None:
        raise Http404
    spell = selectors.get_spell(requested_by=request.user, pk=referral.spell_id)  # type: ignore[arg-type]
    if not policy.can_manage_custody(request.user, spell):
        raise Http404
    form = ApprovedPremisesDecisionForm(request.POST or None)
    service = partial(services.decide_approved_premises, referral=referral)
    save = _step(request, form, service, ("outcome", "resident_from", "resident_to"), versioned=False)
    return _spell_page(request, spell, form, f"Decision on {referral.premises}", save, "Decision recorded")


@page_rule("people")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    spell = _spell(request, pk)
    form = ReleaseForm(request.POST or None, initial={"released_on": spell.release_on, "version": spell.version})
    save = _step(request, form, partial(services.release, spell=spell), ("released_on", "kind"))
    return _spell_page(request, spell, form, "Record the release", save, "Release recorded")


@page_rule("people")
def urgent_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_urgent_review(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    if not policy.can_complete_urgent_review(request.user, review) or review.completed_on:
        raise Http404
    form = UrgentReviewForm(request.POST or None)
    service = partial(services.complete_urgent_review, review=review)
    return _page(
        request,
        form=form,
        save=_step(request, form, service, ("completed_on", "outcome"), versioned=False),
        title="Complete the urgent review",
        caption=review.reason,
        back_url=_person_url(review.nominal_id),
        done="Urgent review completed",
        nominal=review.nominal,
        section="custody",
    )


# --- Serious further offences --------------------------------------------------------------


@page_rule("people")
def sfo_new(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _recordable(request, pk)
    form = SeriousFurtherOffenceForm(request.POST or None, prisons=selectors.prison_choices(requested_by=request.user))  # type: ignore[arg-type]
    service = partial(services.record_sfo, nominal=nominal)
    return _page(
        request,
        form=form,
        save=_step(request, form, service, ("offence", "charged_on", "remanded_to"), versioned=False),
        title="Charged with a serious further offence",
        caption=f"{nominal} · {nominal.reference}",
        back_url=_person_url(nominal.pk),
        done="Serious further offence recorded: notify the SMB chair and the MAPPA co-ordinator",
        done_url=lambda sfo: reverse("custody:sfo", args=[sfo.pk]),
        nominal=nominal,
        section="record_sfo",
    )


@page_rule("people")
def sfo_list(request: HttpRequest) -> HttpResponse:
    sfos = selectors.serious_further_offences(requested_by=request.user)[:200]  # type: ignore[arg-type]
    return render(request, "custody/sfo_list.html", {"sfos": sfos})


@page_rule("people")
def sfo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.get_sfo(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    trail.record(actor=request.user, action="sfo.view", obj=sfo, nominal_id=sfo.nominal_id, request=request)
    context = {
        "sfo": sfo,
        "can_notify": policy.can_record_sfo_notification(request.user, sfo),
        "can_decide": policy.can_record_review_decision(request.user, sfo),
    }
    return render(request, "custody/sfo_detail.html", context)


@page_rule("people")
def sfo_notification(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.get_sfo(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    if not policy.can_record_sfo_notification(request.user, sfo):
        raise Http404
    initial = {
        "chair_notified_on": sfo.chair_notified_on,
        "coordinator_notified_on": sfo.coordinator_notified_on,
        "version": sfo.version,
    }
    form = SfoNotificationForm(request.POST or None, initial=initial)
    service = partial(services.record_sfo_notification, sfo=sfo)
    return _page(
        request,
        form=form,
        save=_step(request, form, service, ("chair_notified_on", "coordinator_notified_on")),
        title="Notify the SMB chair and the MAPPA co-ordinator",
        caption=f"{sfo.nominal} · {sfo.offence}",
        back_url=reverse("custody:sfo", args=[sfo.pk]),
        done="Notification recorded",
        intro=f"Due by {sfo.notification_due_on:%d %B %Y}: within 5 days of the charge.",
    )


@page_rule("people")
def sfo_decision(request: HttpRequest, pk: int) -> HttpResponse:
    sfo = selectors.get_sfo(requested_by=request.user, pk=pk)  # type: ignore[arg-type]
    if not policy.can_record_review_decision(request.user, sfo):
        raise Http404
    form = ReviewDecisionForm(request.POST or None, initial={"version": sfo.version})
    service = partial(services.record_review_decision, sfo=sfo)
    return _page(
        request,
        form=form,
        save=_step(request, form, service, ("decision", "decided_on", "reason")),
        title="The SMB's decision on a serious case review",
        caption=f"{sfo.nominal} · {sfo.offence}",
        back_url=reverse("custody:sfo", args=[sfo.pk]),
        done="SMB decision recorded",
    )
