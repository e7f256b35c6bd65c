"""Pages for the grants to the restricted sections of a record (victims, intelligence,
health), under /people/<pk>/restricted-access/, for the area co-ordinator and the record manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.registries import person_page

from . import policy, restricted
from .grant_pages import revoke_page, saved
from .models import RestrictedAccessGrant, RestrictedSection
from .person_lookup import person_to_manage
from .sharing_forms import RestrictedGrantForm, end_of_day

if TYPE_CHECKING:
    from register.models import Nominal


def _restricted_nominal(request: HttpRequest, pk: int) -> Nominal:
    return person_to_manage(requested_by=signed_in_user(request), pk=pk, may_manage=policy.can_manage_restricted_access)


@page_rule("people")
def restricted_access(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _restricted_nominal(request, pk)
    form = RestrictedGrantForm(request.POST or None, users=restricted.grantee_choices(nominal=nominal))

    def give() -> RestrictedAccessGrant:
        data = form.cleaned_data
        return restricted.grant(
            actor=actor_of(request),
            nominal=nominal,
            user=data["user"],
            section=data["section"],
            reason=data["reason"],
            expires_at=end_of_day(data.get("expires_on")),
        )

    def done() -> str:
        return f"{form.cleaned_data['user'].display_name} can now see the {form.cleaned_data['section']} section"

    if saved(request, form, give, done):
        return redirect("restricted:manage", pk=nominal.pk)
    live = list(restricted.live_grants(nominal=nominal))
    sections = [
        {"section": section, "grants": [g for g in live if g.section == section.value]} for section in RestrictedSection
    ]
    return render(
        request,
        "access/sharing/restricted.html",
        person_page(request, pk, "restricted_access")
        | {
            "form": form,
            "sections": sections,
            "holder": restricted.implicit_holder(nominal=nominal),
            "past": list(restricted.past_grants(nominal=nominal)[:50]),
        },
    )


@page_rule("people")
def revoke_restricted(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    nominal = _restricted_nominal(request, pk)
    held = RestrictedAccessGrant.objects.filter(pk=grant_pk, nominal=nominal).select_related("user").first()
    if held is None or not held.is_live:
        raise Http404
    return revoke_page(
        request,
        nominal=nominal,
        title=f"Remove {held.user.display_name}'s access to the {held.get_section_display().lower()} section",
        revoke=lambda reason: restricted.revoke(actor=actor_of(request), grant=held, reason=reason),
        done=f"{held.user.display_name} can no longer see the {held.section} section",
        back="restricted:manage",
    )
