"""Pages for sharing with duty-to-co-operate agencies.

A DTC single point of contact has their own pages under /shared/: they never reach the
ordinary person pages. The people who manage a record share and revoke under
/people/<pk>/sharing/.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import RESPONSIBLE_AUTHORITY, Agency
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.registries import person_page

from . import policy, sharing
from .grant_pages import revoke_page, saved
from .models import ShareGrant, ShareScope
from .person_lookup import person_to_manage
from .sharing_forms import ShareForm, end_of_day

if TYPE_CHECKING:
    from register.models import Nominal


def _links(grants: list[ShareGrant]) -> list[dict[str, Any]]:
    items = []
    for share in grants:
        link = sharing.item_link(share) or reverse(
            "shared:scope", kwargs={"pk": share.nominal_id, "scope": share.scope}
        )
        items.append({"grant": share, "link": link})
    return items


# --- The DTC single point of contact's pages --------------------------------------------


@page_rule("shared")
def shared_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    assert user.agency is not None
    by_person: dict[int, list[ShareGrant]] = defaultdict(list)
    for share in sharing.active_grants(agency=user.agency):
        by_person[share.nominal_id].append(share)
    people = sharing.read_shared_people(actor=actor_of(request))
    rows = [{"nominal": person, "items": _links(by_person[person.pk])} for person in people]
    return render(request, "access/sharing/shared_list.html", {"rows": rows, "agency": user.agency})


@page_rule("shared")
def shared_person(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    nominal = sharing.read_shared_person(actor=actor, pk=pk)
    agency = actor.user.agency
    assert agency is not None
    grants = list(sharing.active_grants(agency=agency, nominal=nominal))
    return render(
        request,
        "access/sharing/shared_person.html",
        {"nominal": nominal, "items": _links(grants), "agency": agency},
    )


@page_rule("shared")
def shared_scope(request: HttpRequest, pk: int, scope: str) -> HttpResponse:
    actor = actor_of(request)
    nominal = sharing.read_shared_person(actor=actor, pk=pk, scope=scope)
    agency = actor.user.agency
    assert agency is not None
    grants = [g for g in sharing.active_grants(agency=agency, nominal=nominal) if g.scope == scope]
    return render(
        request,
        "access/sharing/shared_scope.html",
        {"nominal": nominal, "scope": ShareScope(scope), "items": _links(grants), "agency": agency},
    )


# --- Sharing, for the people who manage a record -----------------------------------------


def share_agency_choices(nominal: Nominal) -> QuerySet[Agency]:
    """Duty-to-co-operate agencies of the person's area."""
    return Agency.objects.filter(area_id=nominal.area_id).exclude(kind__in=list(RESPONSIBLE_AUTHORITY)).order_by("name")


def _sharing_nominal(request: HttpRequest, pk: int) -> Nominal:
    return person_to_manage(requested_by=signed_in_user(request), pk=pk, may_manage=policy.can_manage_sharing)


@page_rule("people")
def manage_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _sharing_nominal(request, pk)
    form = ShareForm(request.POST or None, agencies=share_agency_choices(nominal))

    def share() -> ShareGrant:
        data = form.cleaned_data
        return sharing.grant(
            actor=actor_of(request),
            nominal=nominal,
            agency=data["agency"],
            scope=data["scope"],
            reason=data["reason"],
            expires_at=end_of_day(data.get("expires_on")),
        )

    if saved(request, form, share, lambda: f"Shared with {form.cleaned_data['agency']}"):
        return redirect("sharing:manage", pk=nominal.pk)
    grants = list(sharing.grants_for_nominal(nominal=nominal))
    return render(
        request,
        "access/sharing/manage.html",
        person_page(request, pk, "sharing")
        | {
            "form": form,
            "live": [g for g in grants if g.is_live],
            "ended": [g for g in grants if not g.is_live],
        },
    )


@page_rule("people")
def revoke_share(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    nominal = _sharing_nominal(request, pk)
    share = ShareGrant.objects.filter(pk=grant_pk, nominal=nominal).select_related("agency").first()
    if share is None or not share.is_live:
        raise Http404
    return revoke_page(
        request,
        nominal=nominal,
        title=f"Stop sharing the {share.get_scope_display().lower()} with {share.agency}",
        revoke=lambda reason: sharing.revoke(actor=actor_of(request), grant=share, reason=reason),
        done=f"No longer shared with {share.agency}",
        back="sharing:manage",
    )
