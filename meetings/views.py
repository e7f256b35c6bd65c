"""Meeting pages: lists and calendar, the meeting, invitations and information requests,
attendance, the minutes editor and approval, sharing, and requests for minutes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from access import policy, sharing
from access.models import ShareScope
from accounts.models import Agency, User
from audit import trail
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors
from referrals import selectors as referral_selectors
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import documents, selectors, services
from .forms import (
    BLANK_ACTION_ROWS,
    AddendumForm,
    AttendanceForm,
    AttendeeForm,
    CancelForm,
    DecideRequestForm,
    FollowUpForm,
    InformationResponseForm,
    InviteForm,
    MeetingEditForm,
    MeetingForm,
    MinutesActionForm,
    MinutesForm,
    MinutesRequestForm,
    ShareForm,
)
from .models import ROSH_GROUPS, Meeting, Minutes

CONFLICT_MESSAGE = (
    "Someone else changed this while you were working on it. Nothing has been saved: check it and try again."
)


def _manageable(request: HttpRequest, pk: int) -> Meeting:
    meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
    if not policy.can_manage_meeting(request.user, meeting):
        raise Http404
    return meeting


def _chairs(meeting_area_id: int) -> Any:
    return User.objects.filter(pk__in=[u.pk for u in services.eligible_chairs(area_id=meeting_area_id, level=2)])


def _area_agencies(area_id: int) -> Any:
    return Agency.objects.filter(area_id=area_id).order_by("name")


# --- Lists ------------------------------------------------------------------------------


@page_rule("meetings")
def index(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    meetings = selectors.meetings_list(requested_by=request.user, upcoming=not past, today=timezone.localdate())
    return render(
        request,
        "meetings/index.html",
        {"meetings": list(meetings[:200]), "past": past, "is_coordinator": policy.is_coordinator(request.user)},
    )


@page_rule("meetings")
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    weeks = selectors.calendar_month(requested_by=request.user, year=first.year, month=first.month)
    return render(
        request,
        "meetings/calendar.html",
        {"weeks": weeks, "month": first, "previous": previous, "following": following, "today": today},
    )


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's referrals and meetings: the "MAPP meetings" tab of their record."""
    context = person_page(request, pk, "meetings")
    user = signed_in_user(request)
    nominal = context["nominal"]
    context |= {
        "referrals": list(referral_selectors.referrals_about(requested_by=user, nominal=nominal)),
        "meetings": list(selectors.meetings_about(requested_by=user, nominal=nominal)),
        "can_refer": policy.can_refer(user, nominal),
        "can_schedule": policy.can_schedule_meeting(user, nominal),
    }
    return render(request, "meetings/person.html", context)


# --- Scheduling and the meeting page ------------------------------------------------------


@page_rule("meetings_coordination")
def create(request: HttpRequest, nominal_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=nominal_pk)
    if not policy.can_schedule_meeting(user, nominal):
        raise Http404
    referral = None
    referral_id = request.GET.get("referral") or request.POST.get("referral")
    if referral_id:
        referral = referral_selectors.get_referral(requested_by=user, pk=referral_id)  # type: ignore[arg-type]
    initial: dict[str, Any] = {}
    if referral is not None:
        initial = {
            "meeting_type": "emergency" if referral.is_emergency else "initial",
            "level": referral.accepted_level,
            "held_on": referral.emergency_meeting_by,
            "invited_agencies": list(referral.agencies_to_invite.all()),
        }
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        chairs=_chairs(nominal.area_id),
        agencies=_area_agencies(nominal.area_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                acting_user=user,
                nominal=nominal,
                meeting_type=data["meeting_type"],
                level=data["level"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                video_link=data["video_link"],
                chair=data["chair"],
                agenda=data["agenda"],
                invited_agencies=data["invited_agencies"],
                referral=referral,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting {meeting.reference} scheduled; invitations and requests sent")
            return redirect("meetings:detail", pk=meeting.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor_of(request), nominal=nominal, section="schedule_meeting")
    return render(request, "meetings/meeting_form.html", {"form": form, "nominal": nominal, "referral": referral})


@page_rule("meetings")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.get_meeting(requested_by=user, pk=pk)
    full = policy.sees_meeting_in_full(user, meeting)
    minutes = services.minutes_for(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "nominal": meeting.nominal,
        "minutes": minutes,
        "full": full,
        "can_view_minutes": policy.can_view_minutes(user, meeting),
    }
    if not full:
        # A DTC SPOC: the referral summary shared by the invitation, and their own request.
        sharing.record_shared_view(
            actor=actor_of(request), nominal=meeting.nominal, scope=ShareScope.REFERRAL_SUMMARY, obj=meeting
        )
        context["my_requests"] = [
            i.information_request for i in selectors.invitations(meeting=meeting) if i.agency_id == user.agency_id
        ]
        return render(request, "meetings/shared_meeting.html", context)
    trail.record(actor=user, action="meeting.view", obj=meeting, nominal_id=meeting.nominal_id, request=request)
    manage = policy.can_manage_meeting(user, meeting)
    invited = {i.agency_id for i in meeting.invitations.all()}
    context |= {
        "invitations": list(selectors.invitations(meeting=meeting)),
        "non_attendance": selectors.non_attendance(meeting=meeting),
        "attendees": list(meeting.attendees.select_related("agency", "user")),
        "deliveries": list(selectors.delivery_log(meeting=meeting)),
        "shares": list(minutes.shares.select_related("agency", "approved_by")) if minutes else [],
        "addenda": list(minutes.addenda.select_related("made_by")) if minutes else [],
        "can_manage": manage,
        "can_approve": policy.can_approve_minutes(user, meeting),
        "invite_form": InviteForm(agencies=_area_agencies(meeting.area_id).exclude(pk__in=invited)) if manage else None,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "meetings/detail.html", context)


@page_rule("meetings")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk)
    initial = {
        f: getattr(meeting, f)
        for f in ("held_on", "starts_at", "ends_at", "place", "video_link", "chair", "agenda", "version")
    }
    form = MeetingEditForm(request.POST or None, initial=initial, chairs=_chairs(meeting.area_id))
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        try:
            services.update_meeting(
                acting_user=signed_in_user(request),
                meeting=meeting,
                changes=changes,
                expected_version=version,
                request=request,
            )
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Meeting updated")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "meetings/simple_form.html", {"form": form, "meeting": meeting, "title": "Change the meeting"}
    )


@page_rule("meetings")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the meeting with a reason; what its invitations shared is revoked with it."""
    meeting = _manageable(request, pk)
    form = CancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                acting_user=signed_in_user(request),
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting {meeting.reference} cancelled; the invited agencies' access has ended")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "meeting": meeting, "title": "Cancel the meeting", "submit_label": "Cancel the meeting"},
    )


@page_rule("meetings")
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk)
    form = InviteForm(request.POST or None, agencies=_area_agencies(meeting.area_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_agency(
                acting_user=signed_in_user(request),
                meeting=meeting,
                agency=form.cleaned_data["agency"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['agency']} invited and asked to search its records")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/simple_form.html", {"form": form, "meeting": meeting, "title": "Invite an agency"})


@page_rule("meetings")
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk)
    user = signed_in_user(request)
    invitations = list(selectors.invitations(meeting=meeting))
    form = AttendanceForm(request.POST or None, invitations=invitations)
    users = User.objects.filter(is_active=True, agency__area_id=meeting.area_id).select_related("agency")
    attendee_form = AttendeeForm(
        request.POST if request.POST.get("form") == "attendee" else None,
        users=users.order_by("last_name", "username"),
        agencies=_area_agencies(meeting.area_id),
    )
    if request.method == "POST":
        if request.POST.get("form") == "attendee":
            if attendee_form.is_valid():
                data = attendee_form.cleaned_data
                try:
                    services.add_attendee(
                        acting_user=user,
                        meeting=meeting,
                        name=data["name"],
                        email=data["email"],
                        agency=data["agency"],
                        user=data["user"],
                        request=request,
                    )
                except ValidationError as error:
                    add_service_errors(attendee_form, error)
                else:
                    messages.success(request, "Attendee added")
                    return redirect("meetings:attendance", pk=meeting.pk)
            form = AttendanceForm(invitations=invitations)
        elif form.is_valid():
            try:
                services.record_attendance(
                    acting_user=user, meeting=meeting, attendance=form.attendance(), request=request
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Attendance recorded")
                return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "attendee_form": attendee_form,
            "attendees": list(meeting.attendees.select_related("agency")),
        },
    )


@page_rule("meetings")
def follow_up(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    meeting = _manageable(request, pk)
    invitation = meeting.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    form = FollowUpForm(request.POST or None, initial={"follow_up": invitation.follow_up})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(
                acting_user=signed_in_user(request),
                invitation=invitation,
                follow_up=form.cleaned_data["follow_up"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Follow-up recorded")
            return redirect("meetings:detail", pk=meeting.pk)
    title = f"Follow up the non-attendance of {invitation.agency}"
    return render(request, "meetings/simple_form.html", {"form": form, "meeting": meeting, "title": title})


@page_rule("meetings")
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk)
    if request.method == "POST":
        try:
            deliveries = services.distribute_action_list(
                acting_user=signed_in_user(request), meeting=meeting, request=request
            )
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, f"Action list sent: {len(deliveries)} deliveries logged")
    return redirect("meetings:detail", pk=meeting.pk)


# --- Minutes ---------------------------------------------------------------------------------


def _readable_minutes(request: HttpRequest, pk: int) -> tuple[Meeting, Minutes]:
    user = signed_in_user(request)
    meeting = selectors.get_meeting(requested_by=user, pk=pk)
    minutes = services.minutes_for(meeting)
    if minutes is None or not policy.can_view_minutes(user, meeting):
        raise Http404
    if policy.sees_meeting_in_full(user, meeting):
        trail.record(actor=user, action="minutes.view", obj=minutes, nominal_id=meeting.nominal_id, request=request)
    else:
        sharing.record_shared_view(
            actor=actor_of(request), nominal=meeting.nominal, scope=ShareScope.MINUTES, obj=meeting
        )
    return meeting, minutes


@page_rule("meetings")
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes_ = _readable_minutes(request, pk)
    context = documents.minutes_context(meeting, minutes_)
    context["can_edit"] = policy.can_manage_meeting(request.user, meeting) and not minutes_.is_locked
    context["can_approve"] = policy.can_approve_minutes(request.user, meeting)
    return render(request, "meetings/minutes.html", context)


@page_rule("meetings")
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes_ = _readable_minutes(request, pk)
    content = documents.render_pdf("meetings/documents/minutes_pdf.html", documents.minutes_context(meeting, minutes_))
    return documents.pdf_response(content, f"{meeting.reference}-minutes.pdf")


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
    meeting = _manageable(request, pk)
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
    agencies = _area_agencies(meeting.area_id)
    action_forms = _action_forms(request, minutes_, agencies)
    if request.method == "POST":
        valid = form.is_valid() & all(f.is_valid() for f in action_forms)
        if valid:
            actions = [f.cleaned_data for f in action_forms if not f.is_blank()]
            try:
                saved = services.save_minutes_draft(
                    acting_user=signed_in_user(request),
                    meeting=meeting,
                    values=form.values(),
                    actions=actions,
                    expected_version=form.cleaned_data.get("version"),
                    request=request,
                )
            except VersionConflict:
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if request.POST.get("action") == "approve" and policy.can_approve_minutes(request.user, meeting):
                    return redirect("meetings:minutes-approve", pk=meeting.pk)
                messages.success(request, f"Draft minutes saved (version {saved.version})")
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
    meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
    if not policy.can_approve_minutes(request.user, meeting):
        raise Http404
    minutes_ = services.minutes_for(meeting)
    if minutes_ is None:
        messages.error(request, "There are no minutes to approve yet: save a draft first")
        return redirect("meetings:minutes-edit", pk=meeting.pk)
    problems: dict[str, list[str]] = {} if minutes_.is_locked else services.approval_errors(minutes_)
    if request.method == "POST" and not minutes_.is_locked:
        try:
            services.approve_minutes(
                acting_user=signed_in_user(request),
                meeting=meeting,
                expected_version=int(request.POST.get("version") or 0) or None,
                request=request,
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
    meeting = _manageable(request, pk)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_addendum(
                acting_user=signed_in_user(request), meeting=meeting, text=form.cleaned_data["text"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Addendum added to the minutes")
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        request, "meetings/simple_form.html", {"form": form, "meeting": meeting, "title": "Add a correction (addendum)"}
    )


@page_rule("meetings")
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair approves sharing the minutes with a named recipient."""
    meeting = selectors.get_meeting(requested_by=request.user, pk=pk)
    if not policy.can_approve_minutes(request.user, meeting):
        raise Http404
    form = ShareForm(request.POST or None, agencies=_area_agencies(meeting.area_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.approve_sharing(
                acting_user=signed_in_user(request),
                meeting=meeting,
                agency=data["agency"],
                recipient_name=data["recipient_name"],
                purpose=data["purpose"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Minutes shared with {data['recipient_name']} ({data['agency']})")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "meeting": meeting, "title": "Share the minutes beyond the meeting"},
    )


# --- The SPOC's invitations and information requests; the user's action lists ------------------


@page_rule("meetings")
def information_requests(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "meetings/information_requests.html",
        {
            "requests": list(selectors.information_requests(requested_by=user)),
            "action_lists": list(selectors.my_action_lists(requested_by=user)[:50]),
            "today": timezone.localdate(),
        },
    )


@page_rule("meetings")
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    information_request = selectors.get_information_request(requested_by=user, pk=pk)
    form = InformationResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_to_information_request(
                acting_user=user,
                information_request=information_request,
                response_kind=form.cleaned_data["response_kind"],
                response=form.cleaned_data["response"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Response sent to the meeting")
            return redirect("meetings:information-requests")
    return render(
        request,
        "meetings/respond.html",
        {"form": form, "information_request": information_request, "meeting": information_request.invitation.meeting},
    )


@page_rule("meetings")
def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    delivery = selectors.my_action_lists(requested_by=user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    services.mark_delivery_read(acting_user=user, delivery=delivery, request=request)
    return render(request, "meetings/action_list.html", {"delivery": delivery, "meeting": delivery.meeting})


# --- Requests for minutes and executive summaries ---------------------------------------------


@page_rule("people")
def minutes_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/minutes_requests.html",
        {
            "requests": list(selectors.minutes_requests(requested_by=request.user)[:200]),
            "can_log": policy.is_coordinator(request.user),
        },
    )


@page_rule("meetings_coordination")
def minutes_request_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = MinutesRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nominal = policy.visible_nominals(user).filter(reference__iexact=data["person"].strip()).first()
        if nominal is None or not policy.can_log_minutes_request(user, nominal):
            form.add_error("person", "No person in your area has that reference")
        else:
            try:
                logged = services.log_minutes_request(
                    acting_user=user,
                    nominal=nominal,
                    requester_kind=data["requester_kind"],
                    requester=data["requester"],
                    purpose=data["purpose"],
                    received_on=data["received_on"],
                    request=request,
                )
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
    user = signed_in_user(request)
    minutes_request_ = selectors.get_minutes_request(requested_by=user, pk=pk)
    can_decide = policy.can_decide_minutes_request(user, minutes_request_)
    draft = services.executive_summary_draft(minutes_request_.meeting) if can_decide else None
    form = DecideRequestForm(request.POST or None, initial={"specific_risks": draft["specific_risks"] if draft else ""})
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            services.decide_minutes_request(
                acting_user=user,
                minutes_request=minutes_request_,
                release=form.cleaned_data["decision"] == "release",
                reason=form.cleaned_data["reason"],
                specific_risks=form.cleaned_data["specific_risks"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect("meetings:minutes-request", pk=minutes_request_.pk)
    trail.record(
        actor=user,
        action="minutes_request.view",
        obj=minutes_request_,
        nominal_id=minutes_request_.nominal_id,
        request=request,
    )
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
    user = signed_in_user(request)
    minutes_request_ = selectors.get_minutes_request(requested_by=user, pk=pk)
    summary = getattr(minutes_request_, "executive_summary", None)
    if summary is None:
        raise Http404
    trail.record(
        actor=user, action="executive_summary.pdf", obj=summary, nominal_id=minutes_request_.nominal_id, request=request
    )
    content = documents.render_pdf(
        "meetings/documents/executive_summary_pdf.html",
        {
            "summary": summary,
            "meeting": summary.meeting,
            "minutes_request": minutes_request_,
            "generated_at": timezone.now(),
        },
    )
    return documents.pdf_response(content, f"{summary.meeting.reference}-executive-summary.pdf")
