"""Meetings at each stage, built through the services as real use would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Role
from kernel.actor import Actor
from meetings import services
from meetings.models import Attendance, Meeting, Minutes
from referrals.models import Referral
from referrals.tests.helpers import World, agency, meeting_times


def scheduled_meeting(
    world: World,
    *,
    days_ahead: int = 7,
    level: int = 2,
    referral: Referral | None = None,
    meeting_type: str = "review",
    invite: tuple[str, ...] = ("DEMO-HSG", "DEMO-POL"),
) -> Meeting:
    return services.schedule_meeting(
        actor=Actor(world[Role.COORDINATOR]),
        nominal=world.nominal,
        meeting_type=meeting_type,
        level=level,
        held_on=timezone.localdate() + timedelta(days=days_ahead),
        chair=world[Role.CHAIR] if level == 2 else world.senior,
        place="Demotown Police Station",
        invited_agencies=[agency(code) for code in invite],
        referral=referral,
        starts_at=meeting_times()["starts_at"],
        ends_at=meeting_times()["ends_at"],
    )


def held_meeting(world: World, *, days_ago: int = 2, level: int = 2) -> Meeting:
    meeting = scheduled_meeting(world, days_ahead=0, level=level)
    return services.update_meeting(
        actor=Actor(world[Role.COORDINATOR]),
        meeting=meeting,
        changes={"held_on": timezone.localdate() - timedelta(days=days_ago)},
    )


def complete_values(meeting: Meeting, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reason_for_meeting": "Scheduled review",
        "agency_information": "Probation: compliant. Police: no new intelligence. Housing: tenancy stable.",
        "rosh_known_adult": "high",
        "rosh_children": "medium",
        "imminence": "change",
        "risk_assessment": "High risk to former partner",
        "victims": "Former partner, supported by the VLO",
        "disclosure_considered": True,
        "disclosure_decision": "do_not_disclose",
        "disclosure_reasons_not": "The victim already knows",
        "offender_told": True,
        "level_decision": meeting.level or 2,
        "level_reasoning": "A reduction was considered; housing actions still need level 2",
        "reduction_considered": True,
        "differing_views": "None",
        "next_meeting_on": meeting.held_on + timedelta(weeks=10),
    }
    return values | changes


def actions(count: int = 2) -> list[dict[str, Any]]:
    owners = ["DEMO-PRB", "DEMO-POL", "DEMO-HSG"]
    return [
        {
            "heading": "supervision" if n % 2 == 0 else "monitoring",
            "action": f"Action number {n + 1}: weekly supervision and a monthly home visit",
            "owner": agency(owners[n % 3]),
            "due_on": timezone.localdate() + timedelta(weeks=4 + n),
        }
        for n in range(count)
    ]


def record_full_attendance(world: World, meeting: Meeting) -> None:
    services.record_attendance(
        actor=Actor(world[Role.COORDINATOR]),
        meeting=meeting,
        attendance={i.pk: (Attendance.ATTENDED, "A. Officer") for i in meeting.invitations.all()},
    )


def complete_draft(world: World, meeting: Meeting, **changes: Any) -> Minutes:
    record_full_attendance(world, meeting)
    return services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]),
        meeting=meeting,
        values=complete_values(meeting, **changes),
        actions=actions(),
    )


def approved_meeting(world: World, *, days_ago: int = 2) -> Meeting:
    meeting = held_meeting(world, days_ago=days_ago)
    complete_draft(world, meeting)
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    return meeting
