"""Minutes pages: the minutes and their PDF, the editor and the chair's approval, addenda,
sharing beyond the meeting, and requests for minutes with their executive summaries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import policy
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors, try_save

from . import documents, selectors, services
from .forms import (
    BLANK_ACTION_ROWS,
    AddendumForm,
    DecideRequestForm,
    MinutesActionForm,
    MinutesForm,
    MinutesRequestForm,
    ShareForm,
)
from .models import ROSH_GROUPS, Minutes
from .pages import CONFLICT_MESSAGE, area_agencies, form_page, meeting_for


@page_rule("meetings")
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes_ = selectors.read_minutes(actor=actor_of(request), pk=pk)
    context = documents.minutes_context(meeting, minutes_)
    context["can_edit"] = policy.can_manage_meeting(request.user, meeting) and not minutes_.is_locked
    context["can_approve"] = policy.can_approve_minutes(request.user, meeting)
    return render(request, "meetings/minutes.html", context)


@page_rule("meetings")
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return documents.minutes_pdf(*selectors.read_minutes(actor=actor_of(request), pk=pk))


def _action_forms(request: HttpRequest, minutes_: Minutes | None, agencies: Any) -> list[MinutesActionForm]:
    existing = list(minutes_.actions.all()) if minutes_ else []
    count = len(existing) + BLANK_ACTION_ROWS
    if request.method == "POST":
        count = int(request.POST.get("action_rows", count) or count)
        return [
            MinutesActionForm(request.POST, prefix=f"action-{n}", agencies=agencies) for n in range(min(count, 100))
        ]
    forms_ = [
        MinutesActionForm(
            prefix=f"action-{n}",
            agencies=agencies,
            initial={"heading": a.heading, "action": a.action, "owner": a.owner_id, "due_on": a.due_on},
        )
        for n, a in enumerate(existing)
    ]
    forms_ += [MinutesActionForm(prefix=f"action-{n}", agencies=agencies) for n in range(len(existing), count)]
    return forms_


@page_rule("meetings")
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes editor: a plain form, saved as a draft, no JavaScript needed."""
    meeting = meeting_for(request, pk)
    minutes_ = services.minutes_for(meeting)
    if minutes_ is not None and minutes_.is_locked:
        messages.error(request, services.LOCKED_RULE)
        return redirect("meetings:minutes", pk=meeting.pk)
    initial: dict[str, Any] = {"version": minutes_.version if minutes_ else None}
    if minutes_ is not None:
        initial |= {f: getattr(minutes_, f) for f in services.MINUTES_FIELDS}
        initial["offender_told"] = {True: "yes", False: "no"}.get(minutes_.offender_told, "")  # type: ignore[arg-type]
    elif meeting.referral is not None:
        initial["reason_for_meeting"] = meeting.referral.reason_for_referral
    form = MinutesForm(request.POST or None, initial=initial)
    action_forms = _action_forms(request, minutes_, area_agencies(meeting.area_id))

    def save() -> Minutes:
        return services.save_minutes_draft(
            actor=actor_of(request),
            meeting=meeting,
            values=form.values(),
            actions=[f.cleaned_data for f in action_forms if not f.is_blank()],
            expected_version=form.cleaned_data.get("version"),
        )

    if request.method == "POST" and form.is_valid() & all(f.is_valid() for f in action_forms):
        saved, draft = try_save(form, save, conflict=CONFLICT_MESSAGE)
        if saved and request.POST.get("action") == "approve" and policy.can_approve_minutes(request.user, meeting):
            return redirect("meetings:minutes-approve", pk=meeting.pk)
        if saved:
            messages.success(request, f"Draft minutes saved (version {draft.version})")
            return redirect("meetings:minutes-edit", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "meeting": meeting,
            "form": form,
            "action_forms": action_forms,
            "rosh_fields": form.rosh_fields(),
            "rosh_groups": ROSH_GROUPS,
            "invitations": list(selectors.invitations(meeting=meeting)),
            "can_approve": policy.can_approve_minutes(request.user, meeting),
        },
    )


@page_rule("meetings")
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's approval: refused, with every rule named, while a section is missing."""
    meeting = meeting_for(request, pk, policy.can_approve_minutes)
    minutes_ = services.minutes_for(meeting)
    if minutes_ is None:
        messages.error(request, "There are no minutes to approve yet: save a draft first")
        return redirect("meetings:minutes-edit", pk=meeting.pk)
    problems: dict[str, list[str]] = {} if minutes_.is_locked else services.approval_errors(minutes_)
    if request.method == "POST" and not minutes_.is_locked:
        try:
            services.approve_minutes(
                actor=actor_of(request), meeting=meeting, expected_version=int(request.POST.get("version") or 0) or None
            )
        except VersionConflict:
            problems = {"minutes": [CONFLICT_MESSAGE]}
        except ValidationError as error:
            problems = error.message_dict
        else:
            messages.success(request, "Minutes approved and locked")
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes_approve.html",
        {"meeting": meeting, "minutes": minutes_, "problems": problems, "posted": request.method == "POST"},
    )


@page_rule("meetings")
def addendum(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction to approved minutes, with any further agreed actions (they reach the plan)."""
    meeting = meeting_for(request, pk)
    form = AddendumForm(request.POST or None)
    action_forms = _action_forms(request, None, area_agencies(meeting.area_id))
    rows_valid = all(f.is_valid() for f in action_forms) if request.method == "POST" else True

    def save() -> Any:
        if not rows_valid:
            raise ValidationError({"text": ["Correct the actions below"]})
        return services.add_addendum(
            actor=actor_of(request),
            meeting=meeting,
            text=form.cleaned_data["text"],
            actions=[f.cleaned_data for f in action_forms if not f.is_blank()],
        )

    return form_page(
        request,
        meeting,
        form,
        save,
        title="Add a correction (addendum)",
        done="Addendum added to the minutes",
        done_url=reverse("meetings:minutes", args=[meeting.pk]),
        template="meetings/addendum_form.html",
        action_forms=action_forms,
    )


@page_rule("meetings")
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair approves sharing the minutes with a named recipient."""
    meeting = meeting_for(request, pk, policy.can_approve_minutes)
    form = ShareForm(request.POST or None, agencies=area_agencies(meeting.area_id))

    def save() -> Any:
        return services.approve_sharing(actor=actor_of(request), meeting=meeting, **form.cleaned_data)

    return form_page(
        request,
        meeting,
        form,
        save,
        title="Share the minutes beyond the meeting",
        done=lambda shared: f"Minutes shared with {shared.recipient_name} ({shared.agency})",
    )


# --- Requests for minutes and executive summaries ---------------------------------------------


@page_rule("people")
def minutes_requests(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "meetings/minutes_requests.html",
        {
            "requests": list(selectors.minutes_requests(requested_by=user)[:200]),
            "can_log": policy.is_coordinator(user),
        },
    )


@page_rule("meetings_coordination")
def minutes_request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = MinutesRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        nominal = policy.visible_nominals(actor.user).filter(reference__iexact=data.pop("person").strip()).first()
        if nominal is None or not policy.can_log_minutes_request(actor.user, nominal):
            form.add_error("person", "No person in your area has that reference")
        else:
            try:
                logged = services.log_minutes_request(actor=actor, nominal=nominal, **data)
            except ValidationError as error:
                add_service_errors(form, error)
                if "nominal" in error.message_dict:
                    form.add_error("person", error.message_dict["nominal"][0])
            else:
                messages.success(request, f"Request logged and sent to {logged.routed_to.display_name}, the chair")
                return redirect("meetings:minutes-request", pk=logged.pk)
    return render(request, "meetings/minutes_request_form.html", {"form": form})


@page_rule("people")
def minutes_request(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    minutes_request_ = selectors.read_minutes_request(actor=actor, pk=pk)
    can_decide = policy.can_decide_minutes_request(actor.user, minutes_request_)
    draft = services.executive_summary_draft(minutes_request_.meeting) if can_decide else None
    form = DecideRequestForm(request.POST or None, initial={"specific_risks": draft["specific_risks"] if draft else ""})

    def save() -> Any:
        return services.decide_minutes_request(
            actor=actor,
            minutes_request=minutes_request_,
            release=form.cleaned_data["decision"] == "release",
            reason=form.cleaned_data["reason"],
            specific_risks=form.cleaned_data["specific_risks"],
        )

    if request.method == "POST" and can_decide and form.is_valid() and try_save(form, save)[0]:
        messages.success(request, "Decision recorded")
        return redirect("meetings:minutes-request", pk=minutes_request_.pk)
    return render(
        request,
        "meetings/minutes_request.html",
        {
            "minutes_request": minutes_request_,
            "summary": getattr(minutes_request_, "executive_summary", None),
            "draft_rows": [(label, draft[key]) for key, label in services.SUMMARY_FIELDS if key != "specific_risks"]
            if draft
            else [],
            "form": form if can_decide else None,
        },
    )


@page_rule("people")
def executive_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return documents.executive_summary_pdf(*selectors.read_executive_summary(actor=actor_of(request), pk=pk))
