"""A MAPP meeting's decision as the basis of a level decision (rules.level_basis, kernel.level_bases)."""

from __future__ import annotations

from .models import Meeting, MeetingType, MinutesStatus


def meeting_problem(nominal_id: int, reference: str, to_level: int) -> str | None:
    """Why the meeting `reference` (for example DEMO-MTG-00012) does not support level `to_level`."""
    meeting = (
        Meeting.objects.filter(reference=reference, nominal_id=nominal_id)
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .select_related("minutes")
        .first()
    )
    if meeting is None:
        return "Enter the reference of a MAPP meeting about this person"
    minutes = getattr(meeting, "minutes", None)
    if minutes is None or minutes.status != MinutesStatus.APPROVED:
        return f"The minutes of {meeting.reference} are not approved: the level is the approved minutes' decision"
    if minutes.level_decision != to_level:
        return f"{meeting.reference} decided level {minutes.level_decision}, not level {to_level}"
    return None
