"""Pages for sharing with duty-to-co-operate agencies and for restricted-section grants.

A DTC single point of contact has their own pages under /shared/: they never reach the
ordinary person pages. The people who manage a record share and revoke under
/people/<pk>/sharing/ and give restricted-section access under /people/<pk>/restricted-access/.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import RESPONSIBLE_AUTHORITY, Agency
from audit import trail
from kernel.declare import page_rule, signed_in_user
from kernel.registries import person_page
from kernel.web import add_service_errors
from register import selectors as register_selectors
from register.models import Nominal

from . import policy, restricted, sharing
from .models import RestrictedAccessGrant, RestrictedSection, ShareGrant, ShareScope
from .sharing_forms import RestrictedGrantForm, RevokeForm, ShareForm, end_of_day


def _links(grants: list[ShareGrant]) -> list[dict[str, Any]]:
    items = []
    for share in grants:
        link = sharing.item_link(share) or reverse(
            "shared:scope", kwargs={"pk": share.nominal_id, "scope": share.scope}
        )
        items.append({"grant": share, "link": link})
    return items


def _shared_person(request: HttpRequest, pk: int) -> Nominal:
    try:
        return policy.shared_nominals(request.user).get(pk=pk)
    except (Nominal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The DTC single point of contact's pages --------------------------------------------


@page_rule("shared")
def shared_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    assert user.agency is not None
    grants = list(sharing.active_grants(agency=user.agency))
    by_person: dict[int, list[ShareGrant]] = defaultdict(list)
    for share in grants:
        by_person[share.nominal_id].append(share)
    people = list(policy.shared_nominals(user).order_by("family_name", "given_names", "pk"))
    rows = [{"nominal": person, "items": _links(by_person[person.pk])} for person in people]
    trail.record(
        actor=user,
        action="share.list",
        request=request,
        detail={"shown": [person.pk for person in people]},
    )
    return render(request, "access/sharing/shared_list.html", {"rows": rows, "agency": user.agency})


@page_rule("shared")
def shared_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = _shared_person(request, pk)
    assert user.agency is not None
    grants = list(sharing.active_grants(agency=user.agency, nominal=nominal))
    sharing.record_shared_view(acting_user=user, nominal=nominal, request=request)
    return render(
        request,
        "access/sharing/shared_person.html",
        {"nominal": nominal, "items": _links(grants), "agency": user.agency},
    )


@page_rule("shared")
def shared_scope(request: HttpRequest, pk: int, scope: str) -> HttpResponse:
    user = signed_in_user(request)
    nominal = _shared_person(request, pk)
    if scope not in ShareScope.values or not policy.can_view_shared(user, nominal, scope):
        raise Http404
    assert user.agency is not None
    grants = [g for g in sharing.active_grants(agency=user.agency, nominal=nominal) if g.scope == scope]
    sharing.record_shared_view(acting_user=user, nominal=nominal, scope=scope, request=request)
    return render(
        request,
        "access/sharing/shared_scope.html",
        {"nominal": nominal, "scope": ShareScope(scope), "items": _links(grants), "agency": user.agency},
    )


# --- Sharing, for the people who manage a record -----------------------------------------


def share_agency_choices(nominal: Nominal) -> QuerySet[Agency]:
    """Duty-to-co-operate agencies of the person's area."""
    return Agency.objects.filter(area_id=nominal.area_id).exclude(kind__in=list(RESPONSIBLE_AUTHORITY)).order_by("name")


def _sharing_nominal(request: HttpRequest, pk: int) -> Nominal:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_manage_sharing(request.user, nominal):
        raise Http404
    return nominal


@page_rule("people")
def manage_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _sharing_nominal(request, pk)
    form = ShareForm(request.POST or None, agencies=share_agency_choices(nominal))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sharing.grant(
                acting_user=signed_in_user(request),
                nominal=nominal,
                agency=data["agency"],
                scope=data["scope"],
                reason=data["reason"],
                expires_at=end_of_day(data.get("expires_on")),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Shared with {data['agency']}")
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
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sharing.revoke(
                acting_user=signed_in_user(request), grant=share, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"No longer shared with {share.agency}")
            return redirect("sharing:manage", pk=nominal.pk)
    return render(
        request,
        "access/sharing/revoke.html",
        {
            "nominal": nominal,
            "form": form,
            "title": f"Stop sharing the {share.get_scope_display().lower()} with {share.agency}",
            "back": reverse("sharing:manage", kwargs={"pk": nominal.pk}),
        },
    )


# --- Restricted sections -------------------------------------------------------------------


def _restricted_nominal(request: HttpRequest, pk: int) -> Nominal:
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
    if not policy.can_manage_restricted_access(request.user, nominal):
        raise Http404
    return nominal


@page_rule("people")
def restricted_access(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = _restricted_nominal(request, pk)
    form = RestrictedGrantForm(request.POST or None, users=restricted.grantee_choices(nominal=nominal))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            restricted.grant(
                acting_user=signed_in_user(request),
                nominal=nominal,
                user=data["user"],
                section=data["section"],
                reason=data["reason"],
                expires_at=end_of_day(data.get("expires_on")),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{data['user'].display_name} can now see the {data['section']} section")
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
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restricted.revoke(
                acting_user=signed_in_user(request), grant=held, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{held.user.display_name} can no longer see the {held.section} section")
            return redirect("restricted:manage", pk=nominal.pk)
    return render(
        request,
        "access/sharing/revoke.html",
        {
            "nominal": nominal,
            "form": form,
            "title": f"Remove {held.user.display_name}'s access to the {held.get_section_display().lower()} section",
            "back": reverse("restricted:manage", kwargs={"pk": nominal.pk}),
        },
    )
