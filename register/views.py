"""Person register pages: search, the person's sub-navigated record, create and edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from kernel.actor import Actor, actor_of
from kernel.declare import page_rule
from kernel.person_alerts import alerts_for
from kernel.web import try_save

from . import selectors, services
from .duplicates import PossibleDuplicates
from .forms import (
    AddressForm,
    AliasForm,
    ConvictionForm,
    CorrectAddressForm,
    EndAddressForm,
    NewPersonForm,
    PersonForm,
)
from .frame import person_form_page, person_page
from .models import Address, Nominal

SEARCH_PAGE_SIZE = 50
EDIT_CONFLICT = (
    "Someone else changed this record while you were editing it. "
    "Your changes have not been saved: check the record and make them again."
)


@page_rule("people")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results: list[Nominal] = []
    count = 0
    if query:
        count, results = services.search_people(actor=actor_of(request), query=query, limit=SEARCH_PAGE_SIZE)
    return render(
        request, "register/search.html", {"query": query, "results": results, "count": count, "limit": SEARCH_PAGE_SIZE}
    )


@page_rule("people")
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "summary")
    context["alerts"] = alerts_for(context["nominal"], request.user)
    return render(request, "register/summary.html", context)


@page_rule("people")
def personal_details(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/personal_details.html", person_page(request, pk, "personal_details"))


@page_rule("people")
def addresses(request: HttpRequest, pk: int) -> HttpResponse:
    context = person_page(request, pk, "addresses")
    context["addresses"] = selectors.addresses_of(requested_by=request.user, nominal=context["nominal"])
    return render(request, "register/addresses.html", context)


@page_rule("people")
def convictions(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/convictions.html", person_page(request, pk, "convictions"))


@page_rule("people")
def create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create_nominal(request.user):
        raise Http404
    actor = actor_of(request)
    form = NewPersonForm(request.POST or None)
    found: list[PossibleDuplicates] = []

    def save() -> Nominal:
        alias = form.cleaned_data.get("alias", "")
        aliases = [("alias", alias)] if alias else []
        try:
            return services.create_nominal(
                actor=actor,
                values=form.values(),
                aliases=aliases,
                confirmed_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
            )
        except services.PossibleDuplicatesFound as refusal:
            found.append(refusal.found)
            raise

    if request.method == "POST" and form.is_valid():
        saved, nominal = try_save(form, save)
        if saved:
            messages.success(request, f"{nominal.full_name} added as {nominal.reference}")
            return redirect("register:summary", pk=nominal.pk)
    context = {"form": form, "creating": True, "possible_duplicates": found[0] if found else None}
    return render(request, "register/person_form.html", context)


def _editable(actor: Actor, pk: int) -> Nominal:
    nominal = selectors.get_nominal(requested_by=actor.user, pk=pk)
    if not policy.can_edit_nominal(actor.user, nominal):
        raise Http404
    return nominal


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = _editable(actor, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(nominal))
    return person_form_page(
        request,
        form=form,
        save=lambda: services.update_nominal(
            actor=actor, nominal=nominal, expected_version=form.cleaned_data["version"] or 0, changes=form.values()
        ),
        template="register/person_form.html",
        title="Change personal details",
        back_url=reverse("register:personal-details", args=[nominal.pk]),
        done="Personal details updated",
        nominal=nominal,
        section="edit",
        conflict=EDIT_CONFLICT,
        creating=False,
    )


# Saves what a form about one of the person's details says, acting as `actor`.
AddDetail = Callable[[Actor, Nominal, dict[str, Any]], object]


def _add_detail(
    request: HttpRequest, pk: int, form_class: type[forms.Form], add: AddDetail, title: str, back: str
) -> HttpResponse:
    actor = actor_of(request)
    nominal = _editable(actor, pk)
    form = form_class(request.POST or None)
    return person_form_page(
        request,
        form=form,
        save=lambda: add(actor, nominal, form.cleaned_data),
        template="register/child_form.html",
        title=title,
        back_url=reverse(back, args=[nominal.pk]),
        done=f"{title} added",
        nominal=nominal,
        section=f"add_{title.lower()}",
    )


@page_rule("people")
def add_alias(request: HttpRequest, pk: int) -> HttpResponse:
    def add(actor: Actor, nominal: Nominal, data: dict[str, Any]) -> object:
        return services.add_alias(actor=actor, nominal=nominal, **data)

    return _add_detail(request, pk, AliasForm, add, "Alias", "register:personal-details")


@page_rule("people")
def add_address(request: HttpRequest, pk: int) -> HttpResponse:
    def add(actor: Actor, nominal: Nominal, data: dict[str, Any]) -> object:
        return services.add_address(actor=actor, nominal=nominal, values=data)

    return _add_detail(request, pk, AddressForm, add, "Address", "register:addresses")


@page_rule("people")
def add_conviction(request: HttpRequest, pk: int) -> HttpResponse:
    def add(actor: Actor, nominal: Nominal, data: dict[str, Any]) -> object:
        return services.add_conviction(actor=actor, nominal=nominal, values=data)

    return _add_detail(request, pk, ConvictionForm, add, "Conviction", "register:convictions")


def _editable_address(actor: Actor, pk: int) -> Address:
    address = selectors.get_address(requested_by=actor.user, pk=pk)
    if not policy.can_edit_nominal(actor.user, address.nominal):
        raise Http404
    return address


@page_rule("people")
def correct_address(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    address = _editable_address(actor, pk)
    form = CorrectAddressForm(request.POST or None, initial=CorrectAddressForm.initial_for(address))

    def save() -> Address:
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.correct_address(
            actor=actor, address=address, values=values, expected_version=form.cleaned_data["version"]
        )

    return person_form_page(
        request,
        form=form,
        save=save,
        template="register/child_form.html",
        title="Correct the address",
        heading="Correct the address",
        back_url=reverse("register:addresses", args=[address.nominal_id]),
        done="Address corrected",
        nominal=address.nominal,
        section="correct_address",
    )


@page_rule("people")
def end_address(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    address = _editable_address(actor, pk)
    if not address.is_current:
        raise Http404
    form = EndAddressForm(request.POST or None, initial={"version": address.version})
    return person_form_page(
        request,
        form=form,
        save=lambda: services.end_address(
            actor=actor,
            address=address,
            ended_on=form.cleaned_data["ended_on"],
            expected_version=form.cleaned_data["version"],
        ),
        template="register/child_form.html",
        title="End the address",
        heading="The person no longer lives here",
        intro=str(address),
        back_url=reverse("register:addresses", args=[address.nominal_id]),
        done="Address ended",
        nominal=address.nominal,
        section="end_address",
    )
