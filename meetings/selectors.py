"""Reads of meetings and minutes, always scoped to the requesting user through the policy."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import User
from register.models import Nominal

from .models import (
    NON_ATTENDANCE,
    ActionListDelivery,
    Channel,
    InformationRequest,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    MinutesRequest,
)


def _with_related(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("nominal", "chair", "area", "referral")


def get_meeting(*, requested_by: policy.UserLike, pk: int) -> Meeting:
    """The meeting, or 404 whether it does not exist or is not the user's to see."""
    try:
        return _with_related(policy.visible_meetings(requested_by)).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meetings_list(*, requested_by: policy.UserLike, upcoming: bool = True, today: date) -> QuerySet[Meeting]:
    meetings = _with_related(policy.visible_meetings(requested_by))
    if upcoming:
        return meetings.filter(held_on__gte=today).order_by("held_on", "starts_at", "pk")
    return meetings.filter(held_on__lt=today).order_by("-held_on", "-starts_at", "-pk")


def mappa_meetings(*, requested_by: policy.UserLike) -> QuerySet[Meeting]:
    """MAPPA meetings only: a PDP discussion is never counted as one."""
    return (
        policy.visible_meetings(requested_by)
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .exclude(status=MeetingStatus.CANCELLED)
    )


def meetings_about(*, requested_by: policy.UserLike, nominal: Nominal) -> QuerySet[Meeting]:
    return _with_related(policy.visible_meetings(requested_by).filter(nominal=nominal)).order_by("-held_on", "-pk")


@dataclass
class CalendarDay:
    day: date | None
    meetings: list[Meeting] = field(default_factory=list)


def calendar_month(*, requested_by: policy.UserLike, year: int, month: int) -> list[list[CalendarDay]]:
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


def information_requests(*, requested_by: policy.UserLike) -> QuerySet[InformationRequest]:
    """Requests to the user's agency, unanswered first, soonest due first."""
    return (
        policy.visible_information_requests(requested_by)
        .select_related("invitation__meeting__nominal", "invitation__agency", "responded_by")
        .order_by("responded_at", "due_on", "pk")
    )


def get_information_request(*, requested_by: policy.UserLike, pk: int) -> InformationRequest:
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


def minutes_requests(*, requested_by: policy.UserLike) -> QuerySet[MinutesRequest]:
    return (
        policy.visible_minutes_requests(requested_by)
        .select_related("nominal", "meeting", "routed_to", "logged_by")
        .order_by("-logged_at", "-pk")
    )


def get_minutes_request(*, requested_by: policy.UserLike, pk: int) -> MinutesRequest:
    try:
        return minutes_requests(requested_by=requested_by).get(pk=pk)
    except (MinutesRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
