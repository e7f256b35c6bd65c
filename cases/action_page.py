"""The form page of a step in a case (custody, transfers, exit, PDPs, retention), in the
words its callers use: `act` gets the form's data, `shows` is the person the form names.
The work (check, call the service, show its refusals, audit the read) is
register.frame's; this keeps the steps' layout, cases/action_form.html."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse

from register.frame import person_form_page
from register.models import Nominal


def action_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    caption: str,
    back_url: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
    done_url: str | Callable[[Any], str] | None = None,
    intro: str = "",
    shows: Nominal | None = None,
    section: str = "",
) -> HttpResponse:
    """`done_url`: where a saved step goes (by default back). `shows`: the person the form
    names. Showing (or re-showing) the form is a read of their record and is audited under
    `section`; a successful write is audited by its service."""
    return person_form_page(
        request,
        form=form,
        save=lambda: act(form.cleaned_data),
        template="cases/action_form.html",
        title=title,
        back_url=back_url,
        done=done,
        done_url=done_url,
        nominal=shows,
        section=section,
        caption=caption,
        intro=intro,
    )
