"""Approved minutes drive the plan: each agreed action becomes an owned action of the
person's risk management plan (kernel.minutes_consumers; docs/decisions/0060).

Idempotent: an agreed action already made into a plan action (PlanAction.minutes_action)
is left alone, so approving an addendum adds only its new actions.
"""

from __future__ import annotations

from django.utils import timezone

from audit import trail
from cases.models import RegistrationStatus
from kernel.actor import Actor
from kernel.due_dates import PLAN_ACTION, dates_changed
from kernel.minutes_consumers import Outcome
from kernel.records import save_new_version
from meetings.models import Minutes

from .models import PlanAction
from .services import _changed, _plan_locked, _sync_sharing

KIND = "plan_actions"


def actions_from_minutes(actor: Actor, minutes: Minutes) -> Outcome:
    """Add to the plan every agreed action of the minutes not yet on it; owned by the agency
    the minutes name, due when they say, shared with a duty-to-co-operate owner."""
    meeting = minutes.meeting
    if not meeting.is_mappa:  # a PDP discussion is minuted outside MAPPA and its plan
        return Outcome(KIND, 0)
    registration = meeting.nominal.registrations.filter(status=RegistrationStatus.ACTIVE).first()
    if registration is None:
        return Outcome(KIND, 0)
    new = list(minutes.actions.filter(plan_action__isnull=True).select_related("owner", "addendum"))
    if not new:
        return Outcome(KIND, 0)
    plan = _plan_locked(actor, registration, None)
    for agreed in new:
        action = PlanAction.objects.create(
            plan=plan,
            heading=agreed.heading,
            text=agreed.action,
            owner_agency=agreed.owner,
            due_on=agreed.due_on,
            meeting=meeting,
            minutes_action=agreed,
            created_by=actor.user,
        )
        where = f"addendum {agreed.addendum.number} to the minutes" if agreed.addendum else "the minutes"
        _changed(plan, actor, f"Agreed in {where} of {meeting.reference}, for {agreed.owner}: {agreed.action}", action)
        trail.record(
            actor=actor,
            action="plan_action.create",
            obj=action,
            nominal_id=plan.nominal_id,
            detail={"owner_agency": agreed.owner.code, "meeting": meeting.pk, "minutes_action": agreed.pk},
        )
        _sync_sharing(actor, action)
    plan.updated_at = timezone.now()
    save_new_version(plan, update_fields=["updated_at"])
    dates_changed([plan.nominal_id], kinds=[PLAN_ACTION])
    return Outcome(KIND, len(new))
