"""What the pages that give and revoke access have in common: a form whose valid POST calls
a service, and the page that asks why a grant is revoked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kernel.actor import actor_of
from kernel.registries import read_person
from kernel.web import try_save

from .sharing_forms import RevokeForm

if TYPE_CHECKING:
    from register.models import Nominal


def saved(request: HttpRequest, form: forms.Form, save: Callable[[], object], done: Callable[[], str]) -> bool:
    """Whether this is a valid POST the service accepted; `done()` is then shown on the next
    page. Otherwise the form is shown (again, with the service's refusals)."""
    if request.method != "POST" or not form.is_valid():
        return False
    accepted, _ = try_save(form, save)
    if accepted:
        messages.success(request, done())
    return accepted


def revoke_page(
    request: HttpRequest,
    *,
    nominal: Nominal,
    title: str,
    revoke: Callable[[str], object],
    done: str,
    back: str,
) -> HttpResponse:
    """Ask why, then `revoke(reason)` and go `back` (a URL name taking the person's id).
    The page names the person, so showing it is an audited read of their record."""
    form = RevokeForm(request.POST or None)
    if saved(request, form, lambda: revoke(form.cleaned_data["reason"]), lambda: done):
        return redirect(back, pk=nominal.pk)
    read_person(actor=actor_of(request), pk=nominal.pk, section=back.replace(":manage", "_revoke"))
    context = {"nominal": nominal, "form": form, "title": title, "back": reverse(back, kwargs={"pk": nominal.pk})}
    return render(request, "access/sharing/revoke.html", context)
