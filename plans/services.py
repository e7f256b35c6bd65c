"""Every write to the risk management plan and its actions.

Each function takes keyword-only arguments and the actor, runs in one transaction and
writes its audit event in it. Bad input is refused with every problem named at once
(kernel.errors.collect), before anything is saved. Assessments are written by
plans.assessments, conditions and contracts by plans.controls.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from access import sharing
from access.models import ShareGrant, ShareScope
from accounts.models import RESPONSIBLE_AUTHORITY, Agency
from audit import trail
from cases.models import Registration
from kernel.actor import Actor
from kernel.due_dates import PLAN_ACTION, PLAN_REVIEW, dates_changed
from kernel.errors import VersionConflict, collect
from kernel.records import locked, save_new_version
from meetings.models import Meeting
from register.models import Nominal

from .models import CLOSED_STATUSES, ActionStatus, ActionUpdate, PlanAction, PlanChange, PlanHeading, RiskManagementPlan

OWNER_RULE = "Every action has an owning agency (actions are SMART; seed 003, 'Risk Management Plans')"
DATE_RULE = "Every action has a date by which it is done (actions are SMART; seed 003, 'Risk Management Plans')"
CANCEL_RULE = "A cancelled action records the reason it was cancelled"
# A DTC agency keeps sight of its overdue action for a while after its due date.
ACTION_SHARE_GRACE_DAYS = 28

PLAN_FIELDS = ("review_on", *PlanHeading.values)
ACTION_FIELDS = ("heading", "text", "owner_agency", "owner_person", "due_on", "status", "cancel_reason")


def stripped(value: Any) -> str:
    return str(value or "").strip()


# --- The plan ---------------------------------------------------------------------------


def _plan_locked(actor: Actor, registration: Registration, expected_version: int | None) -> RiskManagementPlan:
    """The registration's plan, locked; made on first use (version 0 means "not yet made")."""
    Registration.objects.select_for_update().get(pk=registration.pk)
    plan = RiskManagementPlan.objects.select_for_update().filter(registration=registration).first()
    current_version = plan.version if plan else 0
    if expected_version is not None and expected_version != current_version:
        raise VersionConflict(current_version)
    if plan is None:
        plan = RiskManagementPlan.objects.create(
            registration=registration, nominal_id=registration.nominal_id, created_by=actor.user
        )
        trail.record(actor=actor, action="risk_plan.create", obj=plan, nominal_id=registration.nominal_id, detail={})
    return plan


def _changed(plan: RiskManagementPlan, actor: Actor, summary: str, action: PlanAction | None = None) -> None:
    """The plan's own history of changes, shown on the plan."""
    PlanChange.objects.create(plan=plan, action=action, summary=summary[:300], by=actor.user)


def _require_active(registration: Registration) -> None:
    if not registration.is_active:
        collect({"registration": ["The MAPPA registration is archived: its plan is read-only"]})


def update_plan(
    *, actor: Actor, registration: Registration, values: dict[str, Any], expected_version: int | None = None
) -> RiskManagementPlan:
    """The review date and what the plan says under each heading."""
    _require_active(registration)
    values = {k: v for k, v in values.items() if k in PLAN_FIELDS}
    with transaction.atomic():
        plan = _plan_locked(actor, registration, expected_version)
        review_on = values.get("review_on", plan.review_on)
        moved = "review_on" in values and review_on != plan.review_on
        if moved and isinstance(review_on, date) and review_on < timezone.localdate():
            collect({"review_on": ["The plan's review date cannot be in the past"]})
        changed = []
        for field, value in values.items():
            value = stripped(value) if field != "review_on" else value
            if getattr(plan, field) != value:
                setattr(plan, field, value)
                changed.append(field)
        if changed:
            plan.updated_at = timezone.now()
            save_new_version(plan)
            if "review_on" in changed:
                dates_changed([plan.nominal_id], kinds=[PLAN_REVIEW])
            labels = ["review date" if f == "review_on" else PlanHeading(f).label.lower() for f in changed]
            _changed(plan, actor, "Changed " + ", ".join(labels))
        trail.record(
            actor=actor, action="risk_plan.update", obj=plan, nominal_id=plan.nominal_id, detail={"fields": changed}
        )
    return plan


# --- Actions and the sharing of them with their owner -------------------------------------


def _is_dtc(agency: Agency) -> bool:
    return agency.kind not in RESPONSIBLE_AUTHORITY


def _share_expiry(action: PlanAction) -> datetime:
    """Until the due date and a grace period after it, and never less than a standard grant."""
    end = timezone.make_aware(datetime.combine(action.due_on + timedelta(days=ACTION_SHARE_GRACE_DAYS), time.max))
    return max(end, sharing.default_expiry())


def _live_action_grants(action: PlanAction) -> list[ShareGrant]:
    return list(
        ShareGrant.objects.filter(
            nominal_id=action.plan.nominal_id,
            scope=ShareScope.ACTIONS,
            object_type="PlanAction",
            object_id=str(action.pk),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
    )


def _sync_sharing(actor: Actor, action: PlanAction) -> None:
    """An open action owned by a DTC agency is shared with that agency; nobody else keeps
    a grant to it, and closing it ends the grant."""
    for share in _live_action_grants(action):
        if action.is_closed or share.agency_id != action.owner_agency_id:
            reason = "The action was closed" if action.is_closed else "The action passed to another agency"
            sharing.revoke(actor=actor, grant=share, reason=reason)
    if not action.is_closed and _is_dtc(action.owner_agency):
        sharing.grant(
            actor=actor,
            nominal=action.plan.nominal,
            agency=action.owner_agency,
            scope=ShareScope.ACTIONS,
            reason="Owner of an action in the risk management plan",
            expires_at=_share_expiry(action),
            obj=action,
        )


def _action_errors(values: dict[str, Any], nominal: Nominal, *, creating: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("heading") not in PlanHeading.values:
        errors["heading"] = ["Select the plan heading the action comes under"]
    if not stripped(values.get("text")):
        errors["text"] = ["Enter what is to be done"]
    owner = values.get("owner_agency")
    if not isinstance(owner, Agency):
        errors["owner_agency"] = [f"Select the owning agency. {OWNER_RULE}"]
    elif owner.area_id != nominal.area_id:
        errors["owner_agency"] = ["The owning agency must be one of the MAPPA area's agencies"]
    due_on = values.get("due_on")
    if not isinstance(due_on, date):
        errors["due_on"] = [f"Enter the due date. {DATE_RULE}"]
    elif creating and due_on < timezone.localdate():
        errors["due_on"] = ["The due date of a new action cannot be in the past"]
    status = values.get("status", ActionStatus.OPEN)
    if status not in ActionStatus.values:
        errors["status"] = ["Select open, in progress, done or cancelled (overdue follows from the date)"]
    elif status == ActionStatus.CANCELLED and not stripped(values.get("cancel_reason")):
        errors["cancel_reason"] = [CANCEL_RULE]
    return errors


def add_action(
    *, actor: Actor, registration: Registration, values: dict[str, Any], meeting: Meeting | None = None
) -> PlanAction:
    """A SMART action under one heading; a DTC owner is given sight of it to update it."""
    _require_active(registration)
    nominal = registration.nominal
    errors = _action_errors(values, nominal, creating=True)
    if meeting is not None and meeting.nominal_id != nominal.pk:
        errors["meeting"] = ["The meeting is about someone else"]
    collect(errors)
    with transaction.atomic():
        plan = _plan_locked(actor, registration, None)
        action = PlanAction.objects.create(
            plan=plan,
            heading=values["heading"],
            text=stripped(values["text"]),
            owner_agency=values["owner_agency"],
            owner_person=stripped(values.get("owner_person")),
            due_on=values["due_on"],
            meeting=meeting,
            created_by=actor.user,
        )
        plan.updated_at = timezone.now()
        save_new_version(plan, update_fields=["updated_at"])
        dates_changed([nominal.pk], kinds=[PLAN_ACTION])
        _changed(plan, actor, f"Added an action for {action.owner_agency}: {action.text}", action)
        trail.record(
            actor=actor,
            action="plan_action.create",
            obj=action,
            nominal_id=nominal.pk,
            detail={"owner_agency": action.owner_agency.code, "meeting": meeting.pk if meeting else None},
        )
        _sync_sharing(actor, action)
    return action


def _saved_action(actor: Actor, action: PlanAction, summary: str, event: str, detail: dict[str, Any]) -> None:
    """Store the action's next version, note it in the plan's history (unless `summary` is
    empty), audit it and bring its sharing in line with its owner and status."""
    save_new_version(action)
    dates_changed([action.plan.nominal_id], kinds=[PLAN_ACTION])  # the stored action follows
    if summary:
        _changed(action.plan, actor, summary, action)
    trail.record(actor=actor, action=event, obj=action, nominal_id=action.plan.nominal_id, detail=detail)
    _sync_sharing(actor, action)


def update_action(
    *, actor: Actor, action: PlanAction, values: dict[str, Any], expected_version: int | None = None
) -> PlanAction:
    """Change the action itself (by those who edit the plan)."""
    _require_active(action.plan.registration)
    values = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    with transaction.atomic():
        current = locked(action, expected_version)
        merged = {f: getattr(current, f) for f in ACTION_FIELDS} | values
        collect(_action_errors(merged, current.plan.nominal, creating=False))
        changed = [f for f in ACTION_FIELDS if f in values and getattr(current, f) != merged[f]]
        for field in changed:
            value = merged[field]
            setattr(current, field, stripped(value) if isinstance(value, str) else value)
        if current.status != ActionStatus.CANCELLED:
            current.cancel_reason = ""
        current.closed_at = (current.closed_at or timezone.now()) if current.status in CLOSED_STATUSES else None
        summary = f"Changed the action ({', '.join(changed)}): {current.text}" if changed else ""
        _saved_action(actor, current, summary, "plan_action.update", {"fields": changed, "status": current.status})
    return current


def record_progress(
    *, actor: Actor, action: PlanAction, note: str, status: str, expected_version: int | None = None
) -> ActionUpdate:
    """Progress by the owning agency: a note, and the action open, in progress or done."""
    agency = actor.user.agency
    errors: dict[str, list[str]] = {}
    if not stripped(note):
        errors["note"] = ["Enter the progress made"]
    if status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE):
        errors["status"] = ["Select open, in progress or done (only those who edit the plan cancel an action)"]
    if agency is None:
        errors["agency"] = ["Only a member of an agency records progress"]
    collect(errors)
    assert agency is not None
    with transaction.atomic():
        current = locked(action, expected_version)
        if current.is_closed:
            collect({"status": ["This action is closed: progress can no longer be recorded"]})
        update = ActionUpdate.objects.create(
            action=current, note=stripped(note), status=status, by=actor.user, agency=agency
        )
        current.status = status
        current.closed_at = timezone.now() if status == ActionStatus.DONE else None
        summary = f"{agency} recorded progress ({current.get_status_display().lower()}): {update.note}"
        _saved_action(actor, current, summary, "plan_action.progress", {"status": status, "update": update.pk})
    return update
