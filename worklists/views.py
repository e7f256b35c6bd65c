"""Worklist pages: my work, the co-ordinator's area view, and notifications."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from accounts.models import Agency
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.worklist_sources import kind_title

from . import reminders, selectors, services
from .forms import SORT_CHOICES, STATUS_CHOICES, WorklistFilterForm
from .selectors import Worklist


def _sort_links(request: HttpRequest) -> list[dict[str, Any]]:
    """Column headers that sort by following a link (no JavaScript needed)."""
    current = request.GET.get("sort") or "due"
    links = []
    for value, label in SORT_CHOICES:
        query = request.GET.copy()
        query["sort"] = value
        query.pop("page", None)  # a new order starts at its first page
        links.append({"value": value, "label": label, "query": query.urlencode(), "current": value == current})
    return links


def _selected(worklist: Worklist, agencies: dict[int, str] | None) -> list[str]:
    """The filters in force, for the MOJ filter's "selected filters" panel."""
    chosen = [kind_title(kind) for kind in worklist.filters.kinds]
    status = dict(STATUS_CHOICES).get(worklist.filters.status, "")
    if worklist.filters.status:
        chosen.append(status)
    if agencies is not None and worklist.filters.agency_id in agencies:
        chosen.append(agencies[worklist.filters.agency_id])
    return chosen


def _render(
    request: HttpRequest, worklist: Worklist, form: WorklistFilterForm, *, area: bool, agencies: list[Agency] | None
) -> HttpResponse:
    names = {a.pk: a.name for a in agencies} if agencies is not None else None
    return render(
        request,
        "worklists/worklist.html",
        {
            "worklist": worklist,
            "rows": [
                {
                    "item": item,
                    "title": kind_title(item.kind),
                    "overdue": item.is_overdue(worklist.today),
                    "agency": (names or {}).get(item.owner_agency_id or 0, ""),
                }
                for item in worklist.items
            ],
            "form": form,
            "area": area,
            "selected": _selected(worklist, names),
            "sort_links": _sort_links(request),
            "is_coordinator": policy.is_coordinator(request.user),
        },
    )


@page_rule("signed_in")
def my_work(request: HttpRequest) -> HttpResponse:
    form = WorklistFilterForm(request.GET or None)
    worklist = form.worklist(partial(selectors.my_work, requested_by=signed_in_user(request)))
    return _render(request, worklist, form, area=False, agencies=None)


@page_rule("worklist_area")
def area_work(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    agencies = list(selectors.area_agencies(requested_by=user))
    form = WorklistFilterForm(request.GET or None, agencies=agencies)
    worklist = form.worklist(partial(selectors.area_work, requested_by=user))
    return _render(request, worklist, form, area=True, agencies=agencies)


@page_rule("signed_in")
def notifications(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        changed = services.mark_read(actor=actor)
        if changed:
            messages.success(request, f"{changed} notification{'s' if changed != 1 else ''} marked as read")
        return redirect("worklists:notifications")
    found = reminders.reminders(requested_by=signed_in_user(request))
    return render(
        request,
        "worklists/notifications.html",
        {
            "notifications": [{"reminder": reminder, "title": kind_title(reminder.item.kind)} for reminder in found],
            "unread": sum(1 for reminder in found if reminder.unread),
        },
    )
