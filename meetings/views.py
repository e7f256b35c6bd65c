"""Meeting pages: lists and calendar, scheduling and the meeting, invitations and
information requests, attendance and the action list. The minutes and requests for them
are in minutes_views.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.models import User
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.web import try_save
from referrals import selectors as referral_selectors
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import selectors, services
from .forms import (
    AttendanceForm,
    AttendeeForm,
    CancelForm,
    FollowUpForm,
    InformationResponseForm,
    InviteForm,
    MeetingEditForm,
    MeetingForm,
)
from .models import Meeting
from .pages import area_agencies, chairs, form_page, meeting_for

# --- Lists ------------------------------------------------------------------------------


@page_rule("meetings")
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    past = request.GET.get("when") == "past"
    meetings = selectors.meetings_list(requested_by=user, upcoming=not past, today=timezone.localdate())
    return render(
        request,
        "meetings/index.html",
        {"meetings": list(meetings[:200]), "past": past, "is_coordinator": policy.is_coordinator(user)},
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
    weeks = selectors.calendar_month(requested_by=signed_in_user(request), year=first.year, month=first.month)
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
    actor = actor_of(request)
    nominal = register_selectors.get_nominal(requested_by=actor.user, pk=nominal_pk)
    if not policy.can_schedule_meeting(actor.user, nominal):
        raise Http404
    referral = None
    referral_id = request.GET.get("referral") or request.POST.get("referral")
    if referral_id:
        referral = referral_selectors.get_referral(requested_by=actor.user, pk=referral_id)  # type: ignore[arg-type]
    initial: dict[str, Any] = {}
    if referral is not None:
        initial = {
            "meeting_type": "emergency" if referral.is_emergency else "initial",
            "level": referral.accepted_level,
            "held_on": referral.emergency_meeting_by,
            "invited_agencies": list(referral.agencies_to_invite.all()),
        }
    form = MeetingForm(
        request.POST or None, initial=initial, chairs=chairs(nominal.area_id), agencies=area_agencies(nominal.area_id)
    )

    def save() -> Meeting:
        return services.schedule_meeting(actor=actor, nominal=nominal, referral=referral, **form.cleaned_data)

    if request.method == "POST" and form.is_valid():
        saved, meeting = try_save(form, save)
        if saved:
            messages.success(request, f"Meeting {meeting.reference} scheduled; invitations and requests sent")
            return redirect("meetings:detail", pk=meeting.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor, nominal=nominal, section="schedule_meeting")
    return render(request, "meetings/meeting_form.html", {"form": form, "nominal": nominal, "referral": referral})


@page_rule("meetings")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.read_meeting(actor=actor_of(request), pk=pk)
    minutes = services.minutes_for(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "nominal": meeting.nominal,
        "minutes": minutes,
        "full": policy.sees_meeting_in_full(user, meeting),
        "can_view_minutes": policy.can_view_minutes(user, meeting),
    }
    if not context["full"]:
        # A DTC SPOC: the referral summary shared by the invitation, and their own request.
        context["my_requests"] = [
            i.information_request for i in selectors.invitations(meeting=meeting) if i.agency_id == user.agency_id
        ]
        return render(request, "meetings/shared_meeting.html", context)
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
        "invite_form": InviteForm(agencies=area_agencies(meeting.area_id).exclude(pk__in=invited)) if manage else None,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "meetings/detail.html", context)


@page_rule("meetings")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    fields = ("held_on", "starts_at", "ends_at", "place", "video_link", "chair", "agenda", "version")
    form = MeetingEditForm(
        request.POST or None, initial={f: getattr(meeting, f) for f in fields}, chairs=chairs(meeting.area_id)
    )

    def save() -> Meeting:
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        return services.update_meeting(
            actor=actor_of(request), meeting=meeting, changes=changes, expected_version=version
        )

    return form_page(request, meeting, form, save, title="Change the meeting", done="Meeting updated")


@page_rule("meetings")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the meeting with a reason; what its invitations shared is revoked with it."""
    meeting = meeting_for(request, pk)
    form = CancelForm(request.POST or None, initial={"version": meeting.version})

    def save() -> Meeting:
        return services.cancel_meeting(
            actor=actor_of(request),
            meeting=meeting,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    return form_page(
        request,
        meeting,
        form,
        save,
        title="Cancel the meeting",
        done=f"Meeting {meeting.reference} cancelled; the invited agencies' access has ended",
        submit_label="Cancel the meeting",
    )


@page_rule("meetings")
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = InviteForm(request.POST or None, agencies=area_agencies(meeting.area_id))

    def save() -> Any:
        return services.invite_agency(actor=actor_of(request), meeting=meeting, agency=form.cleaned_data["agency"])

    return form_page(
        request,
        meeting,
        form,
        save,
        title="Invite an agency",
        done=lambda invitation: f"{invitation.agency} invited and asked to search its records",
    )


@page_rule("meetings")
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who attended for each invited agency, and the people at the meeting (a second form)."""
    meeting = meeting_for(request, pk)
    actor = actor_of(request)
    invitations = list(selectors.invitations(meeting=meeting))
    adding = request.POST.get("form") == "attendee"
    form = AttendanceForm(None if adding else request.POST or None, invitations=invitations)
    users = User.objects.filter(is_active=True, agency__area_id=meeting.area_id).select_related("agency")
    attendee_form = AttendeeForm(
        request.POST if adding else None,
        users=users.order_by("last_name", "username"),
        agencies=area_agencies(meeting.area_id),
    )

    def add_attendee() -> Any:
        return services.add_attendee(actor=actor, meeting=meeting, **attendee_form.cleaned_data)

    def record_attendance() -> Any:
        return services.record_attendance(actor=actor, meeting=meeting, attendance=form.attendance())

    if adding and attendee_form.is_valid() and try_save(attendee_form, add_attendee)[0]:
        messages.success(request, "Attendee added")
        return redirect("meetings:attendance", pk=meeting.pk)
    if request.method == "POST" and not adding and form.is_valid() and try_save(form, record_attendance)[0]:
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
    meeting = meeting_for(request, pk)
    invitation = meeting.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    form = FollowUpForm(request.POST or None, initial={"follow_up": invitation.follow_up})

    def save() -> Any:
        return services.record_follow_up(
            actor=actor_of(request), invitation=invitation, follow_up=form.cleaned_data["follow_up"]
        )

    title = f"Follow up the non-attendance of {invitation.agency}"
    return form_page(request, meeting, form, save, title=title, done="Follow-up recorded")


@page_rule("meetings")
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    if request.method == "POST":
        try:
            deliveries = services.distribute_action_list(actor=actor_of(request), meeting=meeting)
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, f"Action list sent: {len(deliveries)} deliveries logged")
    return redirect("meetings:detail", pk=meeting.pk)


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
    actor = actor_of(request)
    information_request = selectors.get_information_request(requested_by=actor.user, pk=pk)
    form = InformationResponseForm(request.POST or None)

    def save() -> Any:
        return services.respond_to_information_request(
            actor=actor, information_request=information_request, **form.cleaned_data
        )

    return form_page(
        request,
        information_request.invitation.meeting,
        form,
        save,
        done="Response sent to the meeting",
        done_url=reverse("meetings:information-requests"),
        template="meetings/respond.html",
        information_request=information_request,
    )


@page_rule("meetings")
def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    delivery = selectors.my_action_lists(requested_by=actor.user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    services.mark_delivery_read(actor=actor, delivery=delivery)
    return render(request, "meetings/action_list.html", {"delivery": delivery, "meeting": delivery.meeting})
