"""The MAPPA A referral life cycle: each step, each refusal named, nothing half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from kernel.actor import Actor
from kernel.errors import VersionConflict
from referrals import selectors, services
from referrals.models import Referral, ReferralStatus

from .helpers import World, agency, countersigned_referral, referral_values, submitted_referral

pytestmark = pytest.mark.django_db


def test_draft_submit_countersign_and_accept(world: World) -> None:
    referrer = world[Role.PROBATION_OM]
    referral = services.create_referral(
        actor=Actor(referrer), nominal=world.nominal, values={"reason_for_referral": "Escalating threats"}
    )
    assert referral.status == ReferralStatus.DRAFT
    assert referral.referring_agency.code == "DEMO-PRB"
    referral = services.update_referral(
        actor=Actor(referrer),
        referral=referral,
        values=referral_values(),
        agencies_to_invite=[agency("DEMO-HSG")],
        expected_version=referral.version,
    )
    referral = services.submit_referral(actor=Actor(referrer), referral=referral)
    assert referral.status == ReferralStatus.SUBMITTED
    referral = services.countersign(actor=Actor(world.manager), referral=referral, approve=True, comment="Agreed")
    assert referral.status == ReferralStatus.COUNTERSIGNED
    assert referral.countersigned_by == world.manager
    referral = services.gatekeep(
        actor=Actor(world[Role.COORDINATOR]),
        referral=referral,
        decision="accept",
        level=3,
        reason="Needs senior oversight",
    )
    assert (referral.status, referral.accepted_level) == (ReferralStatus.ACCEPTED, 3)
    actions = list(AuditEvent.objects.filter(object_type="Referral").values_list("action", flat=True))
    for action in (
        "referral.create",
        "referral.update",
        "referral.submit",
        "referral.countersign",
        "referral.gatekeep",
    ):
        assert action in actions
    assert mail.outbox and referrer.email in mail.outbox[-1].to
    assert mail.outbox[-1].subject.startswith("OFFICIAL-SENSITIVE")


def test_submitting_an_incomplete_draft_names_every_gap_and_saves_nothing(world: World) -> None:
    referral = services.create_referral(
        actor=Actor(world[Role.PROBATION_OM]), nominal=world.nominal, values={"reason_for_referral": "Threats"}
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_referral(actor=Actor(world[Role.PROBATION_OM]), referral=referral)
    problems = refused.value.message_dict
    assert "reason_for_referral" not in problems
    for field in (
        "category",
        "risk_of_serious_harm",
        "harm_to_whom",
        "imminence",
        "meeting_needed",
        "agencies_to_invite",
    ):
        assert field in problems
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT and referral.submitted_at is None


def test_an_emergency_date_in_the_past_is_refused_with_the_rule_named(world: World) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.create_referral(
            actor=Actor(world[Role.PROBATION_OM]),
            nominal=world.nominal,
            values=referral_values(emergency=True, emergency_meeting_by=yesterday),
        )
    assert "meetings.emergency_not_in_past" in refused.value.message_dict["emergency_meeting_by"][0]
    assert not Referral.objects.exists()


def test_a_level_other_than_2_or_3_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_referral(
            actor=Actor(world[Role.PROBATION_OM]), nominal=world.nominal, values={"requested_level": 1}
        )
    assert "level 2 or level 3" in refused.value.message_dict["requested_level"][0]


def test_the_manager_can_return_a_referral_with_a_comment(world: World) -> None:
    referral = submitted_referral(world)
    with pytest.raises(ValidationError):
        services.countersign(actor=Actor(world.manager), referral=referral, approve=False, comment="")
    referral = services.countersign(
        actor=Actor(world.manager), referral=referral, approve=False, comment="Add the OASys"
    )
    assert referral.status == ReferralStatus.DRAFT and referral.returned_reason == "Add the OASys"


def test_not_accepted_and_ineligible_need_reasons_and_pdp_consideration(world: World) -> None:
    coordinator = world[Role.COORDINATOR]
    referral = countersigned_referral(world)
    with pytest.raises(ValidationError) as refused:
        services.gatekeep(actor=Actor(coordinator), referral=referral, decision="not_accepted", reason="")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.gatekeep(actor=Actor(coordinator), referral=referral, decision="ineligible", reason="No conviction")
    assert "PDP management is considered" in refused.value.message_dict["pdp_outcome"][0]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COUNTERSIGNED
    referral = services.gatekeep(
        actor=Actor(coordinator),
        referral=referral,
        decision="ineligible",
        reason="No qualifying conviction",
        pdp_considered=True,
        pdp_outcome="Referred to the police for PDP consideration",
    )
    assert referral.status == ReferralStatus.INELIGIBLE and referral.accepted_level is None


@pytest.mark.parametrize(("decision", "status", "level"), [("accept", "accepted", 2), ("uphold", "upheld", None)])
def test_a_dispute_ends_with_the_senior_managers_final_decision(
    world: World, decision: str, status: str, level: int | None
) -> None:
    referral = services.gatekeep(
        actor=Actor(world[Role.COORDINATOR]),
        referral=countersigned_referral(world),
        decision="not_accepted",
        reason="Risk manageable at level 1",
    )
    referral = services.dispute(actor=Actor(world[Role.PROBATION_OM]), referral=referral, reason="Risk is imminent")
    assert referral.status == ReferralStatus.DISPUTED
    referral = services.resolve_dispute(
        actor=Actor(world.senior), referral=referral, decision=decision, level=level, reason="Final"
    )
    assert referral.status == status and referral.accepted_level == level
    with pytest.raises(ValidationError):
        services.dispute(actor=Actor(world[Role.PROBATION_OM]), referral=referral, reason="Again")


def test_emergency_referrals_top_the_queue(world: World) -> None:
    ordinary = countersigned_referral(world)
    emergency = countersigned_referral(world, emergency=True)
    queue = list(selectors.gatekeeping_queue(requested_by=world[Role.COORDINATOR]))
    assert queue[:2] == [emergency, ordinary]
    assert list(selectors.gatekeeping_queue(requested_by=world[Role.PROBATION_OM])) == []


def test_a_stale_version_is_refused(world: World) -> None:
    referral = services.create_referral(actor=Actor(world[Role.PROBATION_OM]), nominal=world.nominal, values={})
    services.update_referral(actor=Actor(world[Role.PROBATION_OM]), referral=referral, values={"harm_when": "Now"})
    with pytest.raises(VersionConflict):
        services.update_referral(
            actor=Actor(world[Role.PROBATION_OM]), referral=referral, values={"harm_when": "Later"}, expected_version=1
        )


def test_ranks_are_recorded_and_removed(world: World) -> None:
    officer = world[Role.POLICE_OM]
    services.record_rank(actor=Actor(world[Role.COORDINATOR]), user=officer, rank="police_inspector")
    officer.refresh_from_db()
    assert officer.staff_rank.tier == 2
    assert services.record_rank(actor=Actor(world[Role.COORDINATOR]), user=officer, rank="") is None
    with pytest.raises(ValidationError):
        services.record_rank(actor=Actor(world[Role.COORDINATOR]), user=officer, rank="general")
