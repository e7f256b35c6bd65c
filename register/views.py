"""Person register pages: search, the person's sub-navigated record, create and edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from audit import trail
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors

from . import selectors, services
from .forms import AddressForm, AliasForm, ConvictionForm, NewPersonForm, PersonForm
from .frame import person_page
from .models import Nominal

SEARCH_PAGE_SIZE = 50


@page_rule("people")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results: list[Nominal] = []
    count = 0
    if query:
        people = selectors.search_nominals(requested_by=request.user, query=query)
        count, results = selectors.first_page(people, limit=SEARCH_PAGE_SIZE)
        trail.record(
            actor=request.user,
            action="nominal.search",
            request=request,
            detail={"query": query, "count": count, "shown": [p.pk for p in results]},
        )
    return render(
        request, "register/search.html", {"query": query, "results": results, "count": count, "limit": SEARCH_PAGE_SIZE}
    )


@page_rule("people")
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/summary.html", person_page(request, pk, "summary"))


@page_rule("people")
def personal_details(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/personal_details.html", person_page(request, pk, "personal_details"))


@page_rule("people")
def addresses(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/addresses.html", person_page(request, pk, "addresses"))


@page_rule("people")
def convictions(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "register/convictions.html", person_page(request, pk, "convictions"))


@page_rule("people")
def create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create_nominal(request.user):
        raise Http404
    form = NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        alias = form.cleaned_data.get("alias", "")
        try:
            nominal = services.create_nominal(
                acting_user=signed_in_user(request),
                values=form.values(),
                aliases=[("alias", alias)] if alias else [],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{nominal.full_name} added as {nominal.reference}")
            return redirect("register:summary", pk=nominal.pk)
    return render(request, "register/person_form.html", {"form": form, "creating": True})


def _editable(request: HttpRequest, pk: int) -> Nominal:
    nominal = selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_edit_nominal(request.user, nominal):
        raise Http404
    return nominal


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _editable(request, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(nominal))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_nominal(
                acting_user=signed_in_user(request),
                nominal=nominal,
                expected_version=form.cleaned_data["version"] or 0,
                changes=form.values(),
                request=request,
            )
        except VersionConflict:
            conflict = True
            form.add_error(
                None,
                "Someone else changed this record while you were editing it. "
                "Your changes have not been saved: check the record and make them again.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Personal details updated")
            return redirect("register:personal-details", pk=nominal.pk)
    services.record_view(actor=actor_of(request), nominal=nominal, section="edit")
    return render(
        request,
        "register/person_form.html",
        {"form": form, "nominal": nominal, "creating": False, "conflict": conflict},
    )


def _add_child(
    request: HttpRequest, pk: int, form_class: type[forms.Form], save: Any, title: str, back: str
) -> HttpResponse:
    nominal = _editable(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(acting_user=signed_in_user(request), nominal=nominal, form=form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{title} added")
            return redirect(back, pk=nominal.pk)
    services.record_view(actor=actor_of(request), nominal=nominal, section=f"add_{title.lower()}")
    return render(request, "register/child_form.html", {"form": form, "nominal": nominal, "title": title, "back": back})


@page_rule("people")
def add_alias(request: HttpRequest, pk: int) -> HttpResponse:
    def save(*, acting_user: Any, nominal: Nominal, form: forms.Form) -> None:
        services.add_alias(acting_user=acting_user, nominal=nominal, request=request, **form.cleaned_data)

    return _add_child(request, pk, AliasForm, save, "Alias", "register:personal-details")


@page_rule("people")
def add_address(request: HttpRequest, pk: int) -> HttpResponse:
    def save(*, acting_user: Any, nominal: Nominal, form: forms.Form) -> None:
        services.add_address(acting_user=acting_user, nominal=nominal, values=form.cleaned_data, request=request)

    return _add_child(request, pk, AddressForm, save, "Address", "register:addresses")


@page_rule("people")
def add_conviction(request: HttpRequest, pk: int) -> HttpResponse:
    def save(*, acting_user: Any, nominal: Nominal, form: forms.Form) -> None:
        services.add_conviction(acting_user=acting_user, nominal=nominal, values=form.cleaned_data, request=request)

    return _add_child(request, pk, ConvictionForm, save, "Conviction", "register:convictions")
