"""MAPP meetings and their minutes on the person's timeline (kernel/timeline.py), for the
meetings the user may see; minutes only once approved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.timeline import TimelineEvent, register_timeline_source

from .models import MeetingStatus


@register_timeline_source("meetings", section="meetings")
def meeting_events(nominal: Any, requested_by: Any) -> Iterable[TimelineEvent]:
    meetings = policy.visible_meetings(requested_by).filter(nominal=nominal).select_related("minutes")
    for meeting in meetings:
        url = reverse("meetings:detail", args=[meeting.pk])
        level = f" (level {meeting.level})" if meeting.level else ""
        if meeting.status == MeetingStatus.CANCELLED:
            yield TimelineEvent(
                "meeting", meeting.held_on, f"{meeting.get_meeting_type_display()}{level} cancelled",
                meeting.cancel_reason, url,
            )  # fmt: skip
            continue
        yield TimelineEvent("meeting", meeting.held_on, f"{meeting.get_meeting_type_display()}{level}", url=url)
        minutes = getattr(meeting, "minutes", None)
        if minutes is not None and minutes.approved_at:
            decided = f"Level decided: {minutes.get_level_decision_display()}" if minutes.level_decision else ""
            readable = policy.can_view_minutes(requested_by, meeting)
            minutes_url = reverse("meetings:minutes", args=[meeting.pk]) if readable else ""
            yield TimelineEvent(
                "minutes", timezone.localdate(minutes.approved_at), "Minutes approved", decided, minutes_url
            )
