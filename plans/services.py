"""Every write to risk assessments, plans, actions, external controls and contracts.

Each function takes keyword-only arguments and the acting user, runs in one transaction
and writes its audit event in it. Bad input is refused with every problem named at once
(kernel.errors.collect), before anything is saved.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access import sharing
from access.models import ShareGrant, ShareScope
from accounts.models import RESPONSIBLE_AUTHORITY, Agency, User
from audit import trail
from cases.models import Registration
from kernel.actor import Actor, acting_as
from kernel.errors import VersionConflict, collect
from meetings.models import Meeting
from register.models import Nominal
from rules import risk
from rules.errors import RuleInputError

from .models import (
    CLOSED_STATUSES,
    ROSH_FIELDS,
    ActionStatus,
    ActionUpdate,
    AgreedRiskLevel,
    ControlKind,
    DisclosureContract,
    ExternalControl,
    Imminence,
    PlanAction,
    PlanChange,
    PlanHeading,
    RiskAssessment,
    RiskManagementPlan,
    Tool,
)

# The rules each refusal names.
SCALE_RULE = "Use the OASys scale: low, medium, high or very high (seed 003, 'Risk Assessment')"
RM2000_RULE = "RM2000 is only for adult male sexual offenders (seed 003, 'Risk Assessment')"
OASYS_RULE = "Rate the risk of serious harm for at least one group at risk, in the community or in custody (OASys)"
SUPERSEDE_RULE = "A new assessment supersedes the last one of the same tool, so it cannot be dated before it"
OWNER_RULE = "Every action has an owning agency (actions are SMART; seed 003, 'Risk Management Plans')"
DATE_RULE = "Every action has a date by which it is done (actions are SMART; seed 003, 'Risk Management Plans')"
CANCEL_RULE = "A cancelled action records the reason it was cancelled"
AGREED_RULE = "Where tools disagree, the level agreed and the reasoning are recorded (seed 003, 'Risk Assessment')"
# A DTC agency keeps sight of its overdue action for a while after its due date.
ACTION_SHARE_GRACE_DAYS = 28

ASSESSMENT_TEXT = ("who_is_at_risk", "nature_of_harm", "risk_increased_by", "risk_reduced_by", "notes")
PLAN_FIELDS = ("review_on", *PlanHeading.values)
ACTION_FIELDS = ("heading", "text", "owner_agency", "owner_person", "due_on", "status", "cancel_reason")
CONTROL_FIELDS = ("kind", "text", "from_on", "to_on", "source")
CONTRACT_FIELDS = (
    "setting",
    "undertakings",
    "who_will_know",
    "breach_consequence",
    "offender_signed_on",
    "offender_manager",
    "offender_manager_signed_on",
)


def _text(value: Any) -> str:
    return str(value or "").strip()


def _check_level(errors: dict[str, list[str]], field: str, value: Any, *, required: bool = False) -> str:
    level = _text(value)
    if not level:
        if required:
            errors.setdefault(field, []).append(f"Select the level. {SCALE_RULE}")
        return ""
    try:
        risk.rank(level)
    except RuleInputError:
        errors.setdefault(field, []).append(f"{level!r} is not a risk level. {SCALE_RULE}")
        return ""
    return level


def _not_future(errors: dict[str, list[str]], field: str, value: date | None, what: str) -> None:
    if value is None:
        errors.setdefault(field, []).append(f"Enter the date {what}")
    elif value > timezone.localdate():
        errors.setdefault(field, []).append(f"The date {what} cannot be in the future")


# --- Risk assessments -----------------------------------------------------------------


def record_assessment(
    *, acting_user: User, nominal: Nominal, values: dict[str, Any], request: HttpRequest | None = None
) -> RiskAssessment:
    """Record an assessment; it supersedes the current one of the same tool."""
    errors: dict[str, list[str]] = {}
    tool = _text(values.get("tool"))
    if tool not in Tool.values:
        errors["tool"] = ["Select the assessment tool"]
    tool_name = _text(values.get("tool_name"))
    if tool == Tool.OTHER and not tool_name:
        errors["tool_name"] = ["Enter the name of the tool"]
    assessed_on = values.get("assessed_on")
    _not_future(errors, "assessed_on", assessed_on, "of the assessment")
    assessor = _text(values.get("assessor"))
    if not assessor:
        errors["assessor"] = ["Enter who made the assessment"]
    agency = values.get("agency") or acting_user.agency
    if not isinstance(agency, Agency):
        errors["agency"] = ["Select the assessor's agency"]
    ratings = {field: _check_level(errors, field, values.get(field)) for field in ROSH_FIELDS}
    reconviction = _check_level(errors, "reconviction_level", values.get("reconviction_level"))
    imminence = _text(values.get("imminence"))
    if imminence and imminence not in Imminence.values:
        errors["imminence"] = ["Select how imminent the risk is"]
    if tool == Tool.OASYS:
        overall = risk.highest(ratings.values()) or ""
        if not overall and not any(field in errors for field in ROSH_FIELDS):
            errors["community_public"] = [OASYS_RULE]
    else:
        overall = _check_level(errors, "overall_level", values.get("overall_level"), required=True)
    if tool == Tool.RM2000 and isinstance(assessed_on, date):
        if not risk.rm2000_applies(gender=nominal.gender, date_of_birth=nominal.date_of_birth, assessed_on=assessed_on):
            errors["tool"] = [RM2000_RULE]
        reconviction = reconviction or overall
    collect(errors)
    assert isinstance(assessed_on, date) and isinstance(agency, Agency)
    with transaction.atomic():
        # Lock the person so two assessments of one tool cannot both supersede the same one.
        Nominal.objects.select_for_update().filter(pk=nominal.pk).first()
        current = (
            RiskAssessment.objects.filter(nominal=nominal, tool=tool, tool_name=tool_name if tool == Tool.OTHER else "")
            .filter(superseded_by__isnull=True)
            .first()
        )
        if current is not None and isinstance(assessed_on, date) and assessed_on < current.assessed_on:
            collect({"assessed_on": [f"{SUPERSEDE_RULE} ({current.assessed_on:%d %B %Y})"]})
        assessment = RiskAssessment.objects.create(
            nominal=nominal,
            tool=tool,
            tool_name=tool_name if tool == Tool.OTHER else "",
            assessed_on=assessed_on,
            assessor=assessor,
            agency=agency,
            overall_level=overall,
            reconviction_level=reconviction,
            imminence=imminence,
            supersedes=current,
            recorded_by=acting_user,
            **ratings,
            **{field: _text(values.get(field)) for field in ASSESSMENT_TEXT},
        )
        trail.record(
            actor=acting_user,
            action="risk_assessment.create",
            obj=assessment,
            nominal_id=nominal.pk,
            request=request,
            detail={"tool": tool, "overall_level": overall, "supersedes": current.pk if current else None},
        )
    return assessment


def agree_risk_level(
    *,
    acting_user: User,
    nominal: Nominal,
    agreed_level: str,
    reasoning: str,
    agreed_on: date | None,
    reconviction_level: str = "",
    request: HttpRequest | None = None,
) -> AgreedRiskLevel:
    """Record the level agreed in professional discussion, against the current assessments."""
    errors: dict[str, list[str]] = {}
    level = _check_level(errors, "agreed_level", agreed_level, required=True)
    reconviction = _check_level(errors, "reconviction_level", reconviction_level)
    if not _text(reasoning):
        errors["reasoning"] = [f"Enter the reasoning. {AGREED_RULE}"]
    _not_future(errors, "agreed_on", agreed_on, "it was agreed")
    collect(errors)
    assert agreed_on is not None
    with transaction.atomic():
        agreed = AgreedRiskLevel.objects.create(
            nominal=nominal,
            agreed_level=level,
            reconviction_level=reconviction,
            reasoning=_text(reasoning),
            agreed_on=agreed_on,
            recorded_by=acting_user,
        )
        agreed.assessments.set(list(nominal.risk_assessments.filter(superseded_by__isnull=True)))
        trail.record(
            actor=acting_user,
            action="risk_level.agree",
            obj=agreed,
            nominal_id=nominal.pk,
            request=request,
            detail={"agreed_level": level},
        )
    return agreed


# --- The plan ---------------------------------------------------------------------------


def _plan_locked(acting_user: User, registration: Registration, expected_version: int | None) -> RiskManagementPlan:
    """The registration's plan, locked; made on first use (version 0 means "not yet made")."""
    Registration.objects.select_for_update().get(pk=registration.pk)
    plan = RiskManagementPlan.objects.select_for_update().filter(registration=registration).first()
    current_version = plan.version if plan else 0
    if expected_version is not None and expected_version != current_version:
        raise VersionConflict(current_version)
    if plan is None:
        plan = RiskManagementPlan.objects.create(
            registration=registration, nominal_id=registration.nominal_id, created_by=acting_user
        )
        trail.record(
            actor=acting_user, action="risk_plan.create", obj=plan, nominal_id=registration.nominal_id, detail={}
        )
    return plan


def _change(plan: RiskManagementPlan, by: User, summary: str, action: PlanAction | None = None) -> None:
    PlanChange.objects.create(plan=plan, action=action, summary=summary[:300], by=by)


def _require_active(registration: Registration) -> None:
    if not registration.is_active:
        collect({"registration": ["The MAPPA registration is archived: its plan is read-only"]})


def update_plan(
    *,
    acting_user: User,
    registration: Registration,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> RiskManagementPlan:
    """The review date and what the plan says under each heading."""
    _require_active(registration)
    values = {k: v for k, v in values.items() if k in PLAN_FIELDS}
    with transaction.atomic():
        plan = _plan_locked(acting_user, registration, expected_version)
        review_on = values.get("review_on", plan.review_on)
        moved = "review_on" in values and review_on != plan.review_on
        if moved and isinstance(review_on, date) and review_on < timezone.localdate():
            collect({"review_on": ["The plan's review date cannot be in the past"]})
        changed = []
        for field, value in values.items():
            value = _text(value) if field != "review_on" else value
            if getattr(plan, field) != value:
                setattr(plan, field, value)
                changed.append(field)
        if changed:
            plan.version += 1
            plan.updated_at = timezone.now()
            plan.save()
            labels = ["review date" if f == "review_on" else PlanHeading(f).label.lower() for f in changed]
            _change(plan, acting_user, "Changed " + ", ".join(labels))
        trail.record(
            actor=acting_user,
            action="risk_plan.update",
            obj=plan,
            nominal_id=plan.nominal_id,
            request=request,
            detail={"fields": changed},
        )
    return plan


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


def _sync_sharing(acting_user: User, action: PlanAction, request: HttpRequest | None) -> None:
    """An open action owned by a DTC agency is shared with that agency; nobody else keeps
    a grant to it, and closing it ends the grant."""
    for share in _live_action_grants(action):
        if action.is_closed or share.agency_id != action.owner_agency_id:
            reason = "The action was closed" if action.is_closed else "The action passed to another agency"
            sharing.revoke(
                actor=acting_as(acting_user, request) if request else Actor(acting_user), grant=share, reason=reason
            )
    if not action.is_closed and _is_dtc(action.owner_agency):
        sharing.grant(
            actor=acting_as(acting_user, request) if request else Actor(acting_user),
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
    if not _text(values.get("text")):
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
    elif status == ActionStatus.CANCELLED and not _text(values.get("cancel_reason")):
        errors["cancel_reason"] = [CANCEL_RULE]
    return errors


def add_action(
    *,
    acting_user: User,
    registration: Registration,
    values: dict[str, Any],
    meeting: Meeting | None = None,
    request: HttpRequest | None = None,
) -> PlanAction:
    """A SMART action under one heading; a DTC owner is given sight of it to update it."""
    _require_active(registration)
    nominal = registration.nominal
    errors = _action_errors(values, nominal, creating=True)
    if meeting is not None and meeting.nominal_id != nominal.pk:
        errors["meeting"] = ["The meeting is about someone else"]
    collect(errors)
    with transaction.atomic():
        plan = _plan_locked(acting_user, registration, None)
        action = PlanAction.objects.create(
            plan=plan,
            heading=values["heading"],
            text=_text(values["text"]),
            owner_agency=values["owner_agency"],
            owner_person=_text(values.get("owner_person")),
            due_on=values["due_on"],
            meeting=meeting,
            created_by=acting_user,
        )
        plan.version += 1
        plan.updated_at = timezone.now()
        plan.save(update_fields=["version", "updated_at"])
        _change(plan, acting_user, f"Added an action for {action.owner_agency}: {action.text}", action)
        trail.record(
            actor=acting_user,
            action="plan_action.create",
            obj=action,
            nominal_id=nominal.pk,
            request=request,
            detail={"owner_agency": action.owner_agency.code, "meeting": meeting.pk if meeting else None},
        )
        _sync_sharing(acting_user, action, request)
    return action


def _action_locked(action: PlanAction, expected_version: int | None) -> PlanAction:
    locked = (
        PlanAction.objects.select_for_update().select_related("plan__registration", "owner_agency").get(pk=action.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked.version)
    return locked


def update_action(
    *,
    acting_user: User,
    action: PlanAction,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PlanAction:
    """Change the action itself (by those who edit the plan)."""
    _require_active(action.plan.registration)
    values = {k: v for k, v in values.items() if k in ACTION_FIELDS}
    with transaction.atomic():
        locked = _action_locked(action, expected_version)
        merged = {f: getattr(locked, f) for f in ACTION_FIELDS} | values
        collect(_action_errors(merged, locked.plan.nominal, creating=False))
        changed = [f for f in ACTION_FIELDS if f in values and getattr(locked, f) != merged[f]]
        for field in changed:
            value = merged[field]
            setattr(locked, field, _text(value) if isinstance(value, str) else value)
        if locked.status != ActionStatus.CANCELLED:
            locked.cancel_reason = ""
        locked.closed_at = (locked.closed_at or timezone.now()) if locked.status in CLOSED_STATUSES else None
        locked.version += 1
        locked.save()
        if changed:
            _change(locked.plan, acting_user, f"Changed the action ({', '.join(changed)}): {locked.text}", locked)
        trail.record(
            actor=acting_user,
            action="plan_action.update",
            obj=locked,
            nominal_id=locked.plan.nominal_id,
            request=request,
            detail={"fields": changed, "status": locked.status},
        )
        _sync_sharing(acting_user, locked, request)
    return locked


def record_progress(
    *,
    acting_user: User,
    action: PlanAction,
    note: str,
    status: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> ActionUpdate:
    """Progress by the owning agency: a note, and the action open, in progress or done."""
    errors: dict[str, list[str]] = {}
    if not _text(note):
        errors["note"] = ["Enter the progress made"]
    if status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE):
        errors["status"] = ["Select open, in progress or done (only those who edit the plan cancel an action)"]
    if acting_user.agency is None:
        errors["agency"] = ["Only a member of an agency records progress"]
    collect(errors)
    assert acting_user.agency is not None
    with transaction.atomic():
        locked = _action_locked(action, expected_version)
        if locked.is_closed:
            collect({"status": ["This action is closed: progress can no longer be recorded"]})
        update = ActionUpdate.objects.create(
            action=locked, note=_text(note), status=status, by=acting_user, agency=acting_user.agency
        )
        locked.status = status
        locked.closed_at = timezone.now() if status == ActionStatus.DONE else None
        locked.version += 1
        locked.save()
        _change(
            locked.plan,
            acting_user,
            f"{acting_user.agency} recorded progress ({locked.get_status_display().lower()}): {update.note}",
            locked,
        )
        trail.record(
            actor=acting_user,
            action="plan_action.progress",
            obj=locked,
            nominal_id=locked.plan.nominal_id,
            request=request,
            detail={"status": status, "update": update.pk},
        )
        _sync_sharing(acting_user, locked, request)
    return update


# --- Licence conditions and other external controls; controlled-disclosure contracts ----


def _control_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in ControlKind.values:
        errors["kind"] = ["Select the kind of control"]
    if not _text(values.get("text")):
        errors["text"] = ["Enter the condition as it is written"]
    if not _text(values.get("source")):
        errors["source"] = ["Enter where the condition comes from (for example the licence)"]
    from_on, to_on = values.get("from_on"), values.get("to_on")
    if not isinstance(from_on, date):
        errors["from_on"] = ["Enter the date the condition starts"]
    elif isinstance(to_on, date) and to_on < from_on:
        errors["to_on"] = ["The end date must be on or after the start date"]
    return errors


def record_control(
    *, acting_user: User, nominal: Nominal, values: dict[str, Any], request: HttpRequest | None = None
) -> ExternalControl:
    values = {k: v for k, v in values.items() if k in CONTROL_FIELDS}
    collect(_control_errors(values))
    with transaction.atomic():
        control = ExternalControl.objects.create(
            nominal=nominal,
            recorded_by=acting_user,
            **{k: _text(v) if isinstance(v, str) else v for k, v in values.items()},
        )
        trail.record(
            actor=acting_user, action="external_control.create", obj=control, nominal_id=nominal.pk, request=request
        )
    return control


def update_control(
    *,
    acting_user: User,
    control: ExternalControl,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> ExternalControl:
    values = {k: v for k, v in values.items() if k in CONTROL_FIELDS}
    with transaction.atomic():
        locked = ExternalControl.objects.select_for_update().get(pk=control.pk)
        if expected_version is not None and locked.version != expected_version:
            raise VersionConflict(locked.version)
        merged = {f: getattr(locked, f) for f in CONTROL_FIELDS} | values
        collect(_control_errors(merged))
        for field, value in values.items():
            setattr(locked, field, _text(value) if isinstance(value, str) else value)
        locked.version += 1
        locked.save()
        trail.record(
            actor=acting_user,
            action="external_control.update",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            detail={"fields": sorted(values)},
        )
    return locked


def _contract_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    required = {
        "setting": "Enter where the contract applies",
        "undertakings": "Enter what the person undertakes to do and not do, one per line",
        "who_will_know": "Enter who will be told, on a need-to-know basis, and why",
        "breach_consequence": "Enter what happens if the contract is broken",
        "offender_manager": "Enter the offender manager's name",
    }
    errors = {field: [message] for field, message in required.items() if not _text(values.get(field))}
    today = timezone.localdate()
    for field in ("offender_signed_on", "offender_manager_signed_on"):
        signed = values.get(field)
        if isinstance(signed, date) and signed > today:
            errors[field] = ["A signature cannot be dated in the future"]
    return errors


def record_contract(
    *, acting_user: User, nominal: Nominal, values: dict[str, Any], request: HttpRequest | None = None
) -> DisclosureContract:
    values = {k: v for k, v in values.items() if k in CONTRACT_FIELDS}
    collect(_contract_errors(values))
    with transaction.atomic():
        contract = DisclosureContract.objects.create(
            nominal=nominal,
            recorded_by=acting_user,
            **{k: _text(v) if isinstance(v, str) else v for k, v in values.items()},
        )
        trail.record(
            actor=acting_user, action="disclosure_contract.create", obj=contract, nominal_id=nominal.pk, request=request
        )
    return contract


def update_contract(
    *,
    acting_user: User,
    contract: DisclosureContract,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> DisclosureContract:
    values = {k: v for k, v in values.items() if k in CONTRACT_FIELDS}
    with transaction.atomic():
        locked = DisclosureContract.objects.select_for_update().get(pk=contract.pk)
        if expected_version is not None and locked.version != expected_version:
            raise VersionConflict(locked.version)
        merged = {f: getattr(locked, f) for f in CONTRACT_FIELDS} | values
        collect(_contract_errors(merged))
        for field, value in values.items():
            setattr(locked, field, _text(value) if isinstance(value, str) else value)
        locked.version += 1
        locked.save()
        trail.record(
            actor=acting_user,
            action="disclosure_contract.update",
            obj=locked,
            nominal_id=locked.nominal_id,
            request=request,
            detail={"fields": sorted(values), "signed": locked.is_signed},
        )
    return locked
