"""Audit pages: who has viewed a person's record, and the auditor's search of the log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.registries import person_page

from . import audit_presentation as presentation
from . import audit_selectors as selectors
from .audit_forms import FILTER_NAMES, AuditSearchForm

PAGE_SIZE = 50


@page_rule("record_viewers")
def record_viewers(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone who has viewed or changed this person's record, newest first."""
    user = signed_in_user(request)
    nominal = selectors.nominal_for_viewers(requested_by=user, pk=pk)
    # Looks the person up again as every record page does, and audits this view of it.
    context = person_page(request, nominal.pk, "viewers")
    events = selectors.record_events(requested_by=user, nominal=nominal)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {"page": page, "rows": presentation.rows(page.object_list)}
    return render(request, "access/record_viewers.html", context)


@page_rule("audit_search")
def audit_search(request: HttpRequest) -> HttpResponse:
    """Search the audit log by person, user, agency and date. Each search is itself audited."""
    submitted = any(key == name or key.startswith(f"{name}-") for key in request.GET for name in FILTER_NAMES)
    form = AuditSearchForm(request.GET if submitted else None)
    context: dict[str, object] = {"form": form, "submitted": submitted}
    if submitted and form.is_valid():
        filters = form.filters()
        actor = actor_of(request)
        events = selectors.search_audit_events(requested_by=actor.user, filters=filters)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.record_search(actor=actor, filters=filters, count=page.paginator.count, page=page.number)
        context |= {"page": page, "rows": presentation.rows(page.object_list)}
    return render(request, "access/audit_search.html", context)
