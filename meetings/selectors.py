"""Reads of meetings and minutes, always scoped to the requesting user through the policy."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from access import policy, sharing
from access.models import ShareScope
from accounts.models import User
from audit import trail
from kernel.actor import Actor
from register.models import Nominal

from .models import (
    NON_ATTENDANCE,
    ActionListDelivery,
    Channel,
    ExecutiveSummary,
    InformationRequest,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Minutes,
    MinutesRequest,
)


def _with_related(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("nominal", "chair", "area", "referral")


def get_meeting(*, requested_by: User, pk: int) -> Meeting:
    """The meeting, or 404 whether it does not exist or is not the user's to see."""
    try:
        return _with_related(policy.visible_meetings(requested_by)).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meetings_list(*, requested_by: User, upcoming: bool = True, today: date) -> QuerySet[Meeting]:
    meetings = _with_related(policy.visible_meetings(requested_by))
    if upcoming:
        return meetings.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk")
    return meetings.filter(held_on__lt=today).order_by("-held_on", "-starts_at", "-pk")


def mappa_meetings(*, requested_by: User) -> QuerySet[Meeting]:
    """MAPPA meetings only: a PDP discussion is never counted as one."""
    return (
        policy.visible_meetings(requested_by)
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .exclude(status=MeetingStatus.CANCELLED)
    )


def meetings_about(*, requested_by: User, nominal: Nominal) -> QuerySet[Meeting]:
    return _with_related(policy.visible_meetings(requested_by).filter(nominal=nominal)).order_by("-held_on", "-pk")


@dataclass
class CalendarDay:
    day: date | None
    meetings: list[Meeting] = field(default_factory=list)


def calendar_month(*, requested_by: User, year: int, month: int) -> list[list[CalendarDay]]:
    """The month as weeks (Monday first) of days with the user's visible meetings."""
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    by_day: dict[date, list[Meeting]] = {}
    for meeting in _with_related(policy.visible_meetings(requested_by)).filter(held_on__range=(first, last)):
        by_day.setdefault(meeting.held_on, []).append(meeting)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(d, by_day.get(d, [])) if d.month == month else CalendarDay(None) for d in week])
    return weeks


def invitations(*, meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("agency", "information_request", "information_request__responded_by")


def non_attendance(*, meeting: Meeting) -> list[Invitation]:
    """Agencies that did not attend in person, for the chair to follow up (seed 003)."""
    return [i for i in invitations(meeting=meeting) if i.attendance in NON_ATTENDANCE]


def information_requests(*, requested_by: User) -> QuerySet[InformationRequest]:
    """Requests to the user's agency, unanswered first, soonest due first."""
    return (
        policy.visible_information_requests(requested_by)
        .select_related("invitation__meeting__nominal", "invitation__agency", "responded_by")
        .order_by("responded_at", "due_on", "pk")
    )


def get_information_request(*, requested_by: User, pk: int) -> InformationRequest:
    try:
        return information_requests(requested_by=requested_by).get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_action_lists(*, requested_by: User) -> QuerySet[ActionListDelivery]:
    """Action lists delivered to the user in OpenMAPPA."""
    return (
        ActionListDelivery.objects.filter(channel=Channel.IN_APP, attendee__user=requested_by)
        .select_related("meeting")
        .order_by("-sent_at", "-pk")
    )


def delivery_log(*, meeting: Meeting) -> QuerySet[ActionListDelivery]:
    return meeting.action_list_deliveries.select_related("attendee", "sent_by").order_by("sent_at", "pk")


def minutes_requests(*, requested_by: User) -> QuerySet[MinutesRequest]:
    return (
        policy.visible_minutes_requests(requested_by)
        .select_related("nominal", "meeting", "routed_to", "logged_by")
        .order_by("-logged_at", "-pk")
    )


def get_minutes_request(*, requested_by: User, pk: int) -> MinutesRequest:
    try:
        return minutes_requests(requested_by=requested_by).get(pk=pk)
    except (MinutesRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Reads that show a record: fetched through the policy, the read audited ---------------


def _record_read(actor: Actor, meeting: Meeting, action: str, obj: object, shared_scope: str) -> None:
    """A read in full is audited as `action`; a duty-to-co-operate agency's read of what a
    meeting shared with it is audited by the sharing grant's register, under its scope."""
    if policy.sees_meeting_in_full(actor.user, meeting):
        trail.record(actor=actor, action=action, obj=obj, nominal_id=meeting.nominal_id)
    else:
        sharing.record_shared_view(actor=actor, nominal=meeting.nominal, scope=shared_scope, obj=meeting)


def read_meeting(*, actor: Actor, pk: int) -> Meeting:
    """The meeting (404 when missing or not the actor's to see), its read audited."""
    meeting = get_meeting(requested_by=actor.user, pk=pk)
    _record_read(actor, meeting, "meeting.view", meeting, ShareScope.REFERRAL_SUMMARY)
    return meeting


def read_minutes(*, actor: Actor, pk: int) -> tuple[Meeting, Minutes]:
    """The minutes of the meeting (404 when there are none or they are not the actor's to
    read), their read audited."""
    meeting = get_meeting(requested_by=actor.user, pk=pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not policy.can_view_minutes(actor.user, meeting):
        raise Http404
    _record_read(actor, meeting, "minutes.view", minutes, ShareScope.MINUTES)
    return meeting, minutes


def read_minutes_request(*, actor: Actor, pk: int) -> MinutesRequest:
    minutes_request = get_minutes_request(requested_by=actor.user, pk=pk)
    trail.record(actor=actor, action="minutes_request.view", obj=minutes_request, nominal_id=minutes_request.nominal_id)
    return minutes_request


def read_executive_summary(*, actor: Actor, pk: int) -> tuple[MinutesRequest, ExecutiveSummary]:
    """The executive summary released for a request for minutes (404 until there is one),
    its download audited."""
    minutes_request = get_minutes_request(requested_by=actor.user, pk=pk)
    summary = getattr(minutes_request, "executive_summary", None)
    if summary is None:
        raise Http404
    trail.record(actor=actor, action="executive_summary.pdf", obj=summary, nominal_id=minutes_request.nominal_id)
    return minutes_request, summary
