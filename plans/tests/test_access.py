"""The plans policy for every role, allow and deny: who sees plans (those who see the
person), who edits them (lead agency, record manager, co-ordinator; never archived), and
the DTC SPOC, who sees and updates only its own agency's actions through the grant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from access import policy
from accounts.models import User
from conftest import ACTORS, RECORD_KINDS, Records, agency
from kernel.actor import Actor
from plans import services
from plans.models import PlanAction, PlanHeading

pytestmark = pytest.mark.django_db


def _table(**rows: str) -> set[tuple[str, str]]:
    return {(actor, kind) for actor, kinds in rows.items() for kind in kinds.split()}


SEES = _table(
    police_om="own partner archived",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency archived unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)
EDITS = _table(
    police_om="own",
    probation_om="partner unregistered",
    prison_om="other_agency",
    coordinator="own partner other_agency unregistered",
    chair="partner unregistered",
    other_area_police="other_area",
)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_and_who_edits_plans(actor: str, users: dict[str, User], records: Records) -> None:
    for kind in RECORD_KINDS:
        person = records.people[kind]
        assert policy.can_view_plans(users[actor], person) == ((actor, kind) in SEES), (actor, kind)
        assert policy.can_edit_plans(users[actor], person) == ((actor, kind) in EDITS), (actor, kind)


def _action(records: Records, users: dict[str, User], kind: str, owner: str, by: str) -> PlanAction:
    registration = records.registrations[kind]
    assert registration is not None
    return services.add_action(
        actor=Actor(users[by]),
        registration=registration,
        values={
            "heading": PlanHeading.SUPERVISION,
            "text": f"Action for {owner}",
            "owner_agency": agency(owner),
            "due_on": timezone.localdate() + timedelta(days=10),
        },
    )


# (record kind, owning agency, who adds it) -> who sees it, edits it, records progress on it.
ACTIONS = {
    "housing_on_own": ("own", "DEMO-HSG", "police_om"),
    "police_on_partner": ("partner", "DEMO-POL", "probation_om"),
}
VIEW_ACTION = {
    "housing_on_own": {"police_om", "coordinator", "dtc_spoc"},
    "police_on_partner": {"police_om", "probation_om", "coordinator", "chair"},
}
EDIT_ACTION = {
    "housing_on_own": {"police_om", "coordinator"},
    "police_on_partner": {"probation_om", "coordinator", "chair"},
}
PROGRESS = {
    # The owning agency (housing through its grant; police as a partner who sees the
    # person) and those who edit the plan.
    "housing_on_own": {"police_om", "coordinator", "dtc_spoc"},
    "police_on_partner": {"probation_om", "coordinator", "chair", "police_om"},
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_edits_and_progresses_an_action(
    name: str, actor: str, users: dict[str, User], records: Records
) -> None:
    action = _action(records, users, *ACTIONS[name])
    user = users[actor]
    assert policy.can_view_plan_action(user, action) == (actor in VIEW_ACTION[name])
    assert policy.can_edit_plan_action(user, action) == (actor in EDIT_ACTION[name])
    assert policy.can_update_action_progress(user, action) == (actor in PROGRESS[name])
    assert (action in policy.visible_plan_actions(user)) == (actor in VIEW_ACTION[name])


def test_the_spoc_loses_the_action_when_the_grant_is_revoked_or_expired(
    users: dict[str, User], records: Records
) -> None:
    from access import sharing
    from access.models import ShareGrant

    action = _action(records, users, "own", "DEMO-HSG", "police_om")
    spoc = users["dtc_spoc"]
    assert policy.can_update_action_progress(spoc, action)
    grant = ShareGrant.objects.get(object_type="PlanAction", object_id=str(action.pk))
    sharing.revoke(actor=Actor(users["police_om"]), grant=grant, reason="No longer needed")
    assert not policy.can_view_plan_action(spoc, action)
    assert not policy.can_update_action_progress(spoc, action)


def test_a_closed_action_takes_no_more_progress(users: dict[str, User], records: Records) -> None:
    action = _action(records, users, "partner", "DEMO-PRB", "probation_om")
    services.record_progress(actor=Actor(users["probation_om"]), action=action, note="Done", status="done")
    action.refresh_from_db()
    assert not any(policy.can_update_action_progress(users[actor], action) for actor in ACTORS)
    assert policy.can_edit_plan_action(users["probation_om"], action)  # reopening is an edit


@pytest.mark.parametrize("actor", ACTORS)
def test_the_plan_actions_rule(actor: str, users: dict[str, User]) -> None:
    expected = actor in {
        "police_om",
        "probation_om",
        "prison_om",
        "coordinator",
        "chair",
        "other_area_police",
        "dtc_spoc",
    }
    assert policy.allows("plan_actions", users[actor]) == expected
