"""Minutes: drafts, the chair's approval with every required section, locking, addenda,
the action list, sharing with the chair's approval, and requests for minutes."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from access import policy
from access.models import ShareGrant, ShareScope
from accounts.models import Role
from cases.models import Registration
from kernel.actor import Actor
from meetings import services
from meetings.models import ActionListDelivery, Channel, ExecutiveSummary, Minutes, MinutesStatus, RequestStatus
from referrals.tests.helpers import World, agency, make_user

from .builders import approved_meeting, complete_draft, held_meeting, record_full_attendance, scheduled_meeting

pytestmark = pytest.mark.django_db


def _approve(world: World, meeting: object) -> Minutes:
    return services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)  # type: ignore[arg-type]


def test_a_draft_saves_however_incomplete(world: World) -> None:
    meeting = held_meeting(world)
    minutes = services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, values={"reason_for_meeting": "Review"}
    )
    assert minutes.status == MinutesStatus.DRAFT and minutes.version == 1
    minutes = services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, values={"victims": "Former partner"}
    )
    assert (minutes.reason_for_meeting, minutes.victims, minutes.version) == ("Review", "Former partner", 2)


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"disclosure_considered": False}, "disclosure_considered", "disclosure.level_1_review"),
        ({"reduction_considered": False}, "reduction_considered", "meetings.reduction_considered"),
        ({"victims": ""}, "victims", "victim"),
        ({"reason_for_meeting": ""}, "reason_for_meeting", "reason for the meeting"),
        ({"disclosure_decision": "disclose"}, "disclosure_what", "what is disclosed"),
        ({"offender_told": False}, "offender_not_told_reason", "not told"),
    ],
)
def test_approval_with_a_required_section_empty_is_refused_naming_the_rule(
    world: World, changes: dict[str, object], field: str, rule: str
) -> None:
    meeting = held_meeting(world)
    complete_draft(world, meeting, **changes)
    registration = Registration.objects.get(nominal=world.nominal)
    with pytest.raises(ValidationError) as refused:
        _approve(world, meeting)
    assert rule in " ".join(refused.value.message_dict[field])
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.DRAFT and minutes.approved_by is None
    assert Registration.objects.get(pk=registration.pk).version == registration.version


def test_approval_needs_attendance_and_a_plan(world: World) -> None:
    meeting = held_meeting(world)
    services.save_minutes_draft(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, values={}, actions=[])
    with pytest.raises(ValidationError) as refused:
        _approve(world, meeting)
    assert {"attendance", "actions", "level_decision", "next_meeting_on"} <= set(refused.value.message_dict)


def test_a_next_meeting_beyond_the_cadence_needs_a_reason(world: World) -> None:
    meeting = held_meeting(world)
    complete_draft(world, meeting, next_meeting_on=meeting.held_on + timedelta(weeks=20))
    with pytest.raises(ValidationError) as refused:
        _approve(world, meeting)
    message = refused.value.message_dict["next_meeting_reason"][0]
    assert "reviews.level_2" in message and "8 to 12 weeks" in message
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT
    services.save_minutes_draft(
        actor=Actor(world[Role.CHAIR]),
        meeting=meeting,
        values={"next_meeting_reason": "Core group review at 12 weeks; full meeting after release"},
    )
    assert _approve(world, meeting).status == MinutesStatus.APPROVED


def test_approval_locks_the_minutes_and_reviews_the_registration(world: World) -> None:
    meeting = held_meeting(world, days_ago=1)
    complete_draft(
        world,
        meeting,
        level_decision=3,
        level_reasoning="Needs senior oversight",
        next_meeting_on=meeting.held_on + timedelta(weeks=5),
    )
    minutes = _approve(world, meeting)
    assert minutes.is_locked and minutes.approved_by == world[Role.CHAIR]
    registration = Registration.objects.get(nominal=world.nominal)
    assert registration.level == 3 and registration.last_reviewed_on == meeting.held_on
    with pytest.raises(ValidationError) as refused:
        services.save_minutes_draft(actor=Actor(world[Role.CHAIR]), meeting=meeting, values={"victims": "changed"})
    assert "addendum" in refused.value.message_dict["minutes"][0]
    first = services.add_addendum(actor=Actor(world[Role.CHAIR]), meeting=meeting, text="Police attended too")
    second = services.add_addendum(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, text="Typo in section 3")
    assert (first.number, second.number) == (1, 2)
    assert Minutes.objects.get(meeting=meeting).victims != "changed"


def test_a_category_3_case_cannot_be_minuted_down_to_level_1(world: World) -> None:
    registration = Registration.objects.get(nominal=world.nominal)
    Registration.objects.filter(pk=registration.pk).update(category=3)
    meeting = held_meeting(world)
    complete_draft(world, meeting, level_decision=1, next_meeting_on=meeting.held_on + timedelta(weeks=12))
    with pytest.raises(ValidationError) as refused:
        _approve(world, meeting)
    assert "Category 3" in refused.value.message_dict["level_decision"][0]
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT


def test_minutes_are_not_approved_before_the_meeting(world: World) -> None:
    meeting = scheduled_meeting(world, days_ahead=3)
    services.save_minutes_draft(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, values={})
    with pytest.raises(ValidationError):
        _approve(world, meeting)


def test_the_action_list_goes_to_every_attendee_in_app_and_by_email(world: World) -> None:
    meeting = held_meeting(world, days_ago=0)
    # Held today just after midnight, so it has ended and the 24 hours are still running.
    meeting = services.update_meeting(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, changes={"starts_at": time(0, 0), "ends_at": time(0, 1)}
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.distribute_action_list(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    assert {"actions", "attendees"} <= set(refused.value.message_dict)
    complete_draft(world, meeting)
    services.add_attendee(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, user=world[Role.DTC_SPOC])
    services.add_attendee(
        actor=Actor(world[Role.COORDINATOR]), meeting=meeting, name="Jo Guest", email="jo@example.invalid"
    )
    mail.outbox.clear()
    deliveries = services.distribute_action_list(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    channels = sorted((d.attendee.name, d.channel) for d in deliveries)
    assert [c for _, c in channels].count(Channel.EMAIL) == 2 and [c for _, c in channels].count(Channel.IN_APP) == 1
    assert all(d.on_time for d in deliveries)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["jo@example.invalid", world[Role.DTC_SPOC].email])
    assert "Action number 1" in mail.outbox[0].body and world.nominal.family_name not in mail.outbox[0].body
    inbox = ActionListDelivery.objects.get(channel=Channel.IN_APP)
    services.mark_delivery_read(actor=Actor(world[Role.DTC_SPOC]), delivery=inbox)
    assert ActionListDelivery.objects.get(pk=inbox.pk).read_at is not None


def test_a_late_action_list_is_logged_as_late(world: World) -> None:
    meeting = held_meeting(world, days_ago=3)
    complete_draft(world, meeting)
    services.add_attendee(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, user=world[Role.POLICE_OM])
    deliveries = services.distribute_action_list(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    assert deliveries and not any(d.on_time for d in deliveries)


def test_minutes_reach_a_dtc_agency_only_with_the_chairs_approval(world: World) -> None:
    meeting = held_meeting(world)
    complete_draft(world, meeting)
    spoc = world[Role.DTC_SPOC]
    with pytest.raises(ValidationError):
        services.approve_sharing(
            actor=Actor(world[Role.CHAIR]),
            meeting=meeting,
            agency=agency("DEMO-HSG"),
            recipient_name="Dan",
            purpose="x",
        )
    _approve(world, meeting)
    meeting.refresh_from_db()
    assert policy.can_view_meeting(spoc, meeting) and not policy.can_view_minutes(spoc, meeting)
    with pytest.raises(ValidationError) as refused:
        services.approve_sharing(
            actor=Actor(world[Role.CHAIR]), meeting=meeting, agency=agency("DEMO-HSG"), recipient_name="", purpose=""
        )
    assert {"recipient_name", "purpose"} <= set(refused.value.message_dict)
    share = services.approve_sharing(
        actor=Actor(world[Role.CHAIR]),
        meeting=meeting,
        agency=agency("DEMO-HSG"),
        recipient_name="Dan Kowalski",
        purpose="Housing actions",
    )
    assert share.grant_id is not None
    grant = ShareGrant.objects.get(pk=share.grant_id)
    assert (grant.scope, grant.object_id, grant.agency.code) == (ShareScope.MINUTES, str(meeting.pk), "DEMO-HSG")
    assert policy.can_view_minutes(spoc, meeting)
    other_spoc = make_user(Role.DTC_SPOC, "DEMO-CSC")
    assert not policy.can_view_meeting(other_spoc, meeting)
    assert not policy.can_view_minutes(make_user(Role.LAY_ADVISER), meeting)


def test_a_request_for_minutes_goes_to_the_chair_of_the_latest_meeting(world: World) -> None:
    coordinator = world[Role.COORDINATOR]
    with pytest.raises(ValidationError) as refused:
        services.log_minutes_request(
            actor=Actor(coordinator),
            nominal=world.nominal,
            requester_kind="parole_board",
            requester="Parole Board",
            purpose="Oral hearing",
            received_on=timezone.localdate(),
        )
    assert "no approved minutes" in refused.value.message_dict["nominal"][0]
    earlier = approved_meeting(world, days_ago=30)
    latest = held_meeting(world, days_ago=2)
    services.update_meeting(actor=Actor(coordinator), meeting=latest, changes={"chair": world.police_chair})
    record_full_attendance(world, latest)
    complete_draft(world, latest)
    services.approve_minutes(actor=Actor(world.police_chair), meeting=latest)
    request = services.log_minutes_request(
        actor=Actor(coordinator),
        nominal=world.nominal,
        requester_kind="parole_board",
        requester="Parole Board",
        purpose="Oral hearing",
        received_on=timezone.localdate(),
    )
    assert request.meeting == latest and request.routed_to == world.police_chair and earlier != latest
    assert not policy.can_decide_minutes_request(world[Role.CHAIR], request)
    decided = services.decide_minutes_request(
        actor=Actor(world.police_chair), minutes_request=request, release=True, reason="For the hearing"
    )
    assert decided.status == RequestStatus.RELEASED
    summary = ExecutiveSummary.objects.get(request=request)
    assert world.nominal.full_name in summary.personal_details
    assert "Category 2" in summary.category_and_index_offence
    assert "Level 2" in summary.level_and_decision and "known adult: High" in summary.specific_risks
    assert summary.active_management_needed.startswith("Yes")
    with pytest.raises(ValidationError):
        services.decide_minutes_request(
            actor=Actor(world.police_chair), minutes_request=request, release=False, reason="Again"
        )
