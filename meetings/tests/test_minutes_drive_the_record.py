"""Approved minutes drive the record in the approval's transaction: the plan's actions, the
disclosure register, the registration's level change and next review; an addendum adds
without duplicating (docs/decisions/0060)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access import policy
from access.models import ShareGrant, ShareScope
from accounts.models import Role
from cases.models import LevelBasis, LevelChange, Registration
from disclosure import selectors as disclosure_selectors
from disclosure.models import Decision, Disclosure
from kernel.actor import Actor
from kernel.minutes_consumers import apply_minutes
from meetings import services
from meetings.models import Meeting, Minutes
from plans import selectors as plan_selectors
from plans.models import PlanAction
from referrals.tests.helpers import World, agency, make_user

from .builders import complete_draft, held_meeting

pytestmark = pytest.mark.django_db

DISCLOSE = {
    "disclosure_decision": "disclose",
    "disclosure_what": "His conviction for wounding and the licence exclusion zone",
    "disclosure_to_whom": "Mrs A. Partner, his new partner",
    "disclosure_by_whom": "Probation offender manager",
    "offender_told": False,
    "offender_not_told_reason": "Telling him would raise the risk to her",
}


def _approved(world: World, **changes: object) -> Meeting:
    meeting = held_meeting(world, days_ago=1)
    values = DISCLOSE | {"disclosure_by_when": timezone.localdate() + timedelta(days=3)} | changes
    complete_draft(world, meeting, **values)
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    return meeting


def test_each_agreed_action_becomes_an_owned_action_of_the_plan(world: World) -> None:
    meeting = _approved(world)
    agreed = list(Minutes.objects.get(meeting=meeting).actions.order_by("position"))
    made = list(PlanAction.objects.filter(plan__nominal=world.nominal).order_by("minutes_action__position"))
    assert [(a.text, a.owner_agency_id, a.due_on, a.meeting_id, a.minutes_action_id) for a in made] == [
        (a.action, a.owner_id, a.due_on, meeting.pk, a.pk) for a in agreed
    ]


def test_the_owning_duty_to_co_operate_agency_sees_its_action(world: World) -> None:
    meeting = held_meeting(world, days_ago=1)
    complete_draft(world, meeting)
    services.save_minutes_draft(
        actor=Actor(world[Role.COORDINATOR]),
        meeting=meeting,
        values={},
        actions=[
            {
                "heading": "supervision",
                "action": "Weekly supervision",
                "owner": agency("DEMO-PRB"),
                "due_on": timezone.localdate() + timedelta(weeks=2),
            },
            {
                "heading": "monitoring",
                "action": "Confirm the tenancy is away from the school",
                "owner": agency("DEMO-HSG"),
                "due_on": timezone.localdate() + timedelta(weeks=3),
            },
        ],
    )
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    housing = world[Role.DTC_SPOC]
    seen = list(policy.visible_plan_actions(housing))
    assert [a.text for a in seen] == ["Confirm the tenancy is away from the school"]
    assert (
        ShareGrant.objects.filter(agency=agency("DEMO-HSG"), scope=ShareScope.ACTIONS, revoked_at__isnull=True).count()
        == 1
    )
    # Another DTC agency sees none of it.
    assert not policy.visible_plan_actions(make_user(Role.DTC_SPOC, "DEMO-CSC")).exists()


def test_the_disclosure_decision_enters_the_register_and_the_persons_tab(world: World) -> None:
    meeting = _approved(world)
    disclosure = Disclosure.objects.get(nominal=world.nominal)
    assert disclosure.minutes is not None
    assert (disclosure.decision, disclosure.meeting_id, disclosure.minutes.meeting_id) == (
        Decision.DISCLOSE,
        meeting.pk,
        meeting.pk,
    )
    assert disclosure.recipient_name == DISCLOSE["disclosure_to_whom"]
    assert disclosure.discloser_named == DISCLOSE["disclosure_by_whom"]
    assert disclosure.decided_on == meeting.held_on and disclosure.offender_told is False
    assert list(disclosure_selectors.register(requested_by=world[Role.COORDINATOR])) == [disclosure]
    assert list(
        disclosure_selectors.disclosures_about(requested_by=world[Role.PROBATION_OM], nominal=world.nominal)
    ) == [disclosure]


def test_a_decision_not_to_disclose_is_recorded_with_its_reasons(world: World) -> None:
    _approved(
        world,
        disclosure_decision="do_not_disclose",
        disclosure_reasons_not="The victim already knows",
        offender_told=True,
    )
    disclosure = Disclosure.objects.get(nominal=world.nominal)
    assert (disclosure.decision, disclosure.reasons_not_to_disclose) == (
        Decision.NOT_DISCLOSE,
        "The victim already knows",
    )


def test_the_agreed_next_meeting_is_the_next_review_not_the_cadence(world: World) -> None:
    # Seen: a next meeting agreed 8 weeks on was ignored and the review set 12 weeks on.
    meeting = held_meeting(world, days_ago=1)
    complete_draft(world, meeting, next_meeting_on=meeting.held_on + timedelta(weeks=8))
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    registration = Registration.objects.get(nominal=world.nominal)
    assert registration.next_review_due_on == meeting.held_on + timedelta(weeks=8)


def test_a_next_review_later_than_the_cadence_stands_with_its_reason(world: World) -> None:
    meeting = held_meeting(world, days_ago=1)
    later = meeting.held_on + timedelta(weeks=16)
    complete_draft(world, meeting, next_meeting_on=later, next_meeting_reason="Core group review after release")
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    registration = Registration.objects.get(nominal=world.nominal)
    change = LevelChange.objects.filter(registration=registration).first()
    assert registration.next_review_due_on == later
    assert change is not None and change.review_date_reason == "Core group review after release"


def test_an_earlier_review_needs_no_reason(world: World) -> None:
    meeting = held_meeting(world, days_ago=1)
    complete_draft(world, meeting, next_meeting_on=meeting.held_on + timedelta(weeks=4))
    services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    assert Registration.objects.get(nominal=world.nominal).next_review_due_on == meeting.held_on + timedelta(weeks=4)


def test_the_level_decided_is_the_level_change_citing_the_meeting(world: World) -> None:
    meeting = _approved(
        world,
        level_decision=3,
        level_reasoning="Needs senior oversight",
        next_meeting_on=timezone.localdate() + timedelta(weeks=5),
    )
    change = LevelChange.objects.filter(registration__nominal=world.nominal).first()
    assert change is not None
    assert (change.from_level, change.to_level, change.basis, change.basis_reference) == (
        2,
        3,
        LevelBasis.MEETING,
        meeting.reference,
    )
    assert meeting.reference in change.reason


def test_an_addendum_adds_its_actions_and_never_duplicates(world: World) -> None:
    meeting = _approved(world)
    minutes = Minutes.objects.get(meeting=meeting)
    before = PlanAction.objects.filter(plan__nominal=world.nominal).count()
    services.add_addendum(
        actor=Actor(world[Role.CHAIR]),
        meeting=meeting,
        text="Housing agreed a further action after the meeting",
        actions=[
            {
                "heading": "victim_safety",
                "action": "Alarm fitted at the victim's home",
                "owner": agency("DEMO-HSG"),
                "due_on": timezone.localdate() + timedelta(weeks=1),
            }
        ],
    )
    services.add_addendum(actor=Actor(world[Role.CHAIR]), meeting=meeting, text="A typo in section 3")
    apply_minutes(Actor(world[Role.CHAIR]), minutes)  # once more: nothing new
    actions = PlanAction.objects.filter(plan__nominal=world.nominal)
    assert actions.count() == before + 1 == minutes.actions.count()
    assert actions.filter(text="Alarm fitted at the victim's home", minutes_action__addendum__number=1).exists()
    assert Disclosure.objects.filter(nominal=world.nominal).count() == 1
    assert plan_selectors.plan_registration(world.nominal) is not None


def test_a_refused_addendum_action_adds_nothing(world: World) -> None:
    meeting = _approved(world)
    before = PlanAction.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.add_addendum(
            actor=Actor(world[Role.CHAIR]),
            meeting=meeting,
            text="An action with no owner",
            actions=[{"heading": "supervision", "action": "Something", "owner": None, "due_on": timezone.localdate()}],
        )
    assert "owning agency" in " ".join(refused.value.message_dict["actions"])
    assert PlanAction.objects.count() == before and not Minutes.objects.get(meeting=meeting).addenda.exists()


def test_a_failing_consumer_rolls_the_approval_back(world: World) -> None:
    """Nothing half-written: if the level change is refused, no action or disclosure is made."""
    registration = Registration.objects.get(nominal=world.nominal)
    Registration.objects.filter(pk=registration.pk).update(category=3)
    meeting = held_meeting(world, days_ago=1)
    complete_draft(world, meeting, level_decision=1, next_meeting_on=meeting.held_on + timedelta(weeks=12))
    with pytest.raises(ValidationError):
        services.approve_minutes(actor=Actor(world[Role.CHAIR]), meeting=meeting)
    assert not PlanAction.objects.exists() and not Disclosure.objects.exists()
