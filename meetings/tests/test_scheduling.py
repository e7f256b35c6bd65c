"""Scheduling: eligible chairs, emergency dates, invitations, information requests, grants,
and the deadlines the rules set."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from access import policy
from access.models import ShareGrant, ShareScope
from accounts.models import Role
from cases import services as case_services
from kernel.actor import Actor
from meetings import selectors, services
from meetings.models import InformationRequest, Invitation, Meeting
from referrals.tests.helpers import World, accepted_referral, agency, make_user, meeting_times
from rules.information_requests import answer_due_on
from rules.working_days import actions_due_by, minutes_due_on
from worklists.selectors import WorklistFilters, area_work

from .builders import scheduled_meeting

pytestmark = pytest.mark.django_db


def _schedule(world: World, **changes: object) -> Meeting:
    arguments: dict[str, object] = {
        "actor": Actor(world[Role.COORDINATOR]),
        "nominal": world.nominal,
        "meeting_type": "review",
        "level": 2,
        "held_on": timezone.localdate() + timedelta(days=3),
        "chair": world[Role.CHAIR],
        "place": "Room 1",
        "invited_agencies": [agency("DEMO-HSG")],
        **meeting_times(),
    }
    return services.schedule_meeting(**(arguments | changes))  # type: ignore[arg-type]


def _nothing_saved() -> None:
    assert not Meeting.objects.exists()
    assert not Invitation.objects.exists()
    assert not ShareGrant.objects.exists()


def test_a_chair_from_a_dtc_agency_is_refused_with_the_rule_named(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _schedule(world, chair=world[Role.DTC_SPOC])
    assert "meetings.chair_responsible_authority" in refused.value.message_dict["chair"][0]
    _nothing_saved()


def test_a_chair_needs_the_rank_the_level_needs(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _schedule(world, chair=world[Role.PROBATION_OM])
    assert "meetings.chair_rank" in refused.value.message_dict["chair"][0]
    with pytest.raises(ValidationError) as refused:
        _schedule(world, level=3, chair=world[Role.CHAIR])
    assert "Assistant Chief Officer" in refused.value.message_dict["chair"][0]
    _nothing_saved()
    assert _schedule(world, level=3, chair=world.senior).level == 3
    assert _schedule(world, chair=world.police_chair).chair == world.police_chair


def test_a_new_emergency_meeting_in_the_past_is_refused(world: World) -> None:
    referral = accepted_referral(world, emergency=True)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _schedule(world, meeting_type="emergency", held_on=yesterday, referral=referral)
    assert "meetings.emergency_not_in_past" in refused.value.message_dict["held_on"][0]
    _nothing_saved()
    assert _schedule(world, meeting_type="emergency", held_on=timezone.localdate(), referral=referral).referral


def test_only_an_accepted_referral_leads_to_a_meeting(world: World) -> None:
    from referrals.tests.helpers import countersigned_referral

    with pytest.raises(ValidationError) as refused:
        _schedule(world, referral=countersigned_referral(world))
    assert "accepted referral" in refused.value.message_dict["referral"][0]


def test_other_bad_input_is_named(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _schedule(world, place="", video_link="", level=1, ends_at=time(9, 0))
    problems = refused.value.message_dict
    assert {"place", "level", "ends_at"} <= set(problems)
    _nothing_saved()


def test_deadlines_come_from_the_rules(world: World) -> None:
    meeting = scheduled_meeting(world, level=2)
    assert meeting.minutes_due_on == minutes_due_on(level=2, held_on=meeting.held_on)
    ended = timezone.make_aware(datetime.combine(meeting.held_on, meeting.ends_at))
    assert meeting.actions_due_by == actions_due_by(ended_at=ended)
    level_3 = scheduled_meeting(world, level=3)
    assert level_3.minutes_due_on == minutes_due_on(level=3, held_on=level_3.held_on)
    # Level 2 after 10 working days, skipping a bank holiday: the rules' own example.
    assert minutes_due_on(level=2, held_on=date(2026, 12, 21)) == date(2027, 1, 7)


def test_each_invitation_requests_information_in_7_days_and_shares_with_dtc_agencies_only(world: World) -> None:
    meeting = scheduled_meeting(world, invite=("DEMO-HSG", "DEMO-POL"))
    requests = InformationRequest.objects.filter(invitation__meeting=meeting)
    assert requests.count() == 2
    for request in requests:
        assert request.due_on == answer_due_on(requested_on=request.requested_on, meeting_on=meeting.held_on)
    grants = ShareGrant.objects.filter(nominal=world.nominal)
    assert [(g.agency.code, g.scope, g.object_id) for g in grants] == [
        ("DEMO-HSG", ShareScope.REFERRAL_SUMMARY, str(meeting.pk))
    ]
    spoc = world[Role.DTC_SPOC]
    assert policy.can_view_meeting(spoc, meeting)
    assert not policy.sees_meeting_in_full(spoc, meeting)
    with pytest.raises(ValidationError):
        services.invite_agency(actor=Actor(world[Role.COORDINATOR]), meeting=meeting, agency=agency("DEMO-HSG"))


def test_an_agency_may_answer_no_information_held_once(world: World) -> None:
    meeting = scheduled_meeting(world)
    request = InformationRequest.objects.get(invitation__meeting=meeting, invitation__agency__code="DEMO-HSG")
    with pytest.raises(ValidationError) as refused:
        services.respond_to_information_request(
            actor=Actor(world[Role.DTC_SPOC]), information_request=request, response_kind="information", response=""
        )
    assert "response" in refused.value.message_dict
    answered = services.respond_to_information_request(
        actor=Actor(world[Role.DTC_SPOC]), information_request=request, response_kind="no_information"
    )
    assert answered.is_answered and answered.get_response_kind_display() == "No information held"
    with pytest.raises(ValidationError):
        services.respond_to_information_request(
            actor=Actor(world[Role.DTC_SPOC]), information_request=request, response_kind="information", response="x"
        )


def test_a_pdp_discussion_has_no_level_and_is_never_counted_as_mappa(world: World) -> None:
    officer = world[Role.POLICE_OM]
    from referrals.tests.helpers import make_person

    person = make_person(officer)
    case_services.record_pdp(
        actor=Actor(officer),
        nominal=person,
        lead_agency=agency("DEMO-POL"),
        authorised_by="Supt. Example",
        authoriser_rank="superintendent",
        authorised_on=timezone.localdate(),
        reason="Threats; no qualifying conviction",
    )
    with pytest.raises(ValidationError):
        _schedule(world, nominal=person, meeting_type="pdp_discussion", level=2, chair=world.police_chair)
    with pytest.raises(ValidationError):
        _schedule(world, meeting_type="pdp_discussion", level=None)  # not a PDP
    pdp = _schedule(world, nominal=person, meeting_type="pdp_discussion", level=None, chair=world.police_chair)
    mappa = scheduled_meeting(world)
    assert not pdp.is_mappa and pdp.minutes_due_on is None
    counted = set(selectors.mappa_meetings(requested_by=world[Role.COORDINATOR]))
    assert mappa in counted and pdp not in counted


def test_the_calendar_shows_the_month(world: World) -> None:
    meeting = scheduled_meeting(world, days_ahead=0)
    weeks = selectors.calendar_month(
        requested_by=world[Role.COORDINATOR], year=meeting.held_on.year, month=meeting.held_on.month
    )
    days = [cell for week in weeks for cell in week if cell.day == meeting.held_on]
    assert days and meeting in days[0].meetings
    assert selectors.calendar_month(requested_by=make_user(Role.LAY_ADVISER), year=2026, month=1)[0][0].meetings == []


def test_the_coordinator_follows_up_the_areas_information_requests_from_their_meetings(world: World) -> None:
    meeting = scheduled_meeting(world, invite=("DEMO-HSG", "DEMO-POL"))
    coordinator = world[Role.COORDINATOR]
    work = area_work(
        requested_by=coordinator,
        today=timezone.localdate(),
        filters=WorklistFilters(kinds=("information-request",), within=30),
    )
    links = {item.url for item in work.items if item.kind == "information-request"}
    assert links == {f"/meetings/{meeting.pk}/"}
    client = Client()
    client.force_login(coordinator)
    assert all(client.get(link).status_code == 200 for link in links)
