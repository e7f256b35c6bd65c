"""The user's own drafts as pages: a list, each draft's text (to copy where scripts do not
run, since only the script puts a draft back into its form), and discarding one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from kernel.actor import actor_of
from kernel.declare import page_rule

from . import services


@page_rule("signed_in")
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = services.my_drafts(actor_of(request)).only("id", "path", "title", "saved_at")
    return render(request, "drafts/list.html", {"drafts": drafts, "keep_days": services.keep_days()})


@page_rule("signed_in")
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = services.read_draft(actor=actor_of(request), pk=pk)
    return render(request, "drafts/detail.html", {"draft": draft})


@page_rule("signed_in")
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    draft = services.my_drafts(actor).filter(pk=pk).first()
    if draft is None:  # another's draft, or none: the same 404 whatever the method
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.discard_draft(actor=actor, draft=draft)
    messages.info(request, "Draft discarded")
    return redirect("drafts:list")
