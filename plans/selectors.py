"""Reads of risk, plans, actions, controls and contracts, always scoped to the requesting
user through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from access import policy, sharing
from access.models import ShareScope
from accounts.models import User
from audit import trail
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from register.models import Nominal
from rules import risk

from .models import (
    CLOSED_STATUSES,
    AgreedRiskLevel,
    DisclosureContract,
    ExternalControl,
    PlanAction,
    PlanChange,
    PlanHeading,
    RiskAssessment,
    RiskLevel,
    RiskManagementPlan,
    Tool,
)

# Tools that grade the risk of serious harm; the others grade reconviction or a kind of harm.
ROSH_TOOLS = (Tool.OASYS, Tool.ASSET)


def _need(requested_by: User, nominal: Nominal) -> None:
    if not policy.can_view_plans(requested_by, nominal):
        raise Http404


def assessments(*, requested_by: User, nominal: Nominal) -> QuerySet[RiskAssessment]:
    """The whole history, newest first."""
    _need(requested_by, nominal)
    return nominal.risk_assessments.select_related("agency", "recorded_by", "superseded_by")


def current_assessments(*, requested_by: User, nominal: Nominal) -> list[RiskAssessment]:
    """The latest assessment of each tool (the ones nothing supersedes)."""
    return list(assessments(requested_by=requested_by, nominal=nominal).filter(superseded_by__isnull=True))


def agreed_levels(*, requested_by: User, nominal: Nominal) -> QuerySet[AgreedRiskLevel]:
    _need(requested_by, nominal)
    return nominal.agreed_risk_levels.select_related("recorded_by").prefetch_related("assessments")


def get_assessment(*, requested_by: User, pk: int) -> RiskAssessment:
    try:
        assessment = RiskAssessment.objects.select_related("nominal", "agency", "recorded_by").get(pk=pk)
    except (RiskAssessment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _need(requested_by, assessment.nominal)
    return assessment


def read_assessment(*, actor: Actor, pk: int) -> RiskAssessment:
    """The assessment, if the actor may see it (404 otherwise), with the read audited."""
    assessment = get_assessment(requested_by=actor.user, pk=pk)
    trail.record(actor=actor, action="risk_assessment.view", obj=assessment, nominal_id=assessment.nominal_id)
    return assessment


@dataclass(frozen=True)
class OverallRisk:
    """The person's latest overall risk of serious harm, for the badge on their summary."""

    level: str
    label: str
    source: str  # "agreed" or the tool whose assessment gives it
    as_of: date
    tools_disagree: bool  # the current tools disagree and no level has been agreed since
    reconviction_level: str


def overall_risk(*, requested_by: User, nominal: Nominal) -> OverallRisk | None:
    """The level agreed in professional discussion when it is as recent as every current
    assessment; otherwise the latest RoSH tool's level (OASys or ASSET), else the latest
    tool's, flagged when the current tools disagree (rules.risk)."""
    current = current_assessments(requested_by=requested_by, nominal=nominal)
    agreed = agreed_levels(requested_by=requested_by, nominal=nominal).first()
    return overall_risk_from(current, agreed)


def overall_risk_from(current: list[RiskAssessment], agreed: AgreedRiskLevel | None) -> OverallRisk | None:
    """overall_risk from the current assessments and the latest agreed level, already read
    (the home visit schedule reads them for many people at once; its callers check access)."""
    if not current and agreed is None:
        return None
    latest_assessed = max((a.assessed_on for a in current), default=None)
    by_tool = {a.tool: a for a in current}
    reconviction = risk.reconviction_level(
        oasys=by_tool[Tool.OASYS].reconviction_level if Tool.OASYS in by_tool else None,
        rm2000=by_tool[Tool.RM2000].reconviction_level if Tool.RM2000 in by_tool else None,
    )
    if agreed is not None and (latest_assessed is None or agreed.agreed_on >= latest_assessed):
        return OverallRisk(
            level=agreed.agreed_level,
            label=agreed.get_agreed_level_display(),
            source="agreed",
            as_of=agreed.agreed_on,
            tools_disagree=False,
            reconviction_level=agreed.reconviction_level or reconviction or "",
        )
    rosh = [a for a in current if a.tool in ROSH_TOOLS] or current
    lead = max(rosh, key=lambda a: (a.assessed_on, a.recorded_at))
    return OverallRisk(
        level=lead.overall_level,
        label=RiskLevel(lead.overall_level).label,
        source=lead.tool_label,
        as_of=lead.assessed_on,
        tools_disagree=risk.disagree(a.overall_level for a in current),
        reconviction_level=reconviction or "",
    )


# --- The plan ---------------------------------------------------------------------------


def plan_registration(nominal: Nominal) -> Registration | None:
    """The registration whose plan is shown: the active one, else the latest archived."""
    return policy.current_registration_of(nominal)


def plan_for(*, requested_by: User, registration: Registration) -> RiskManagementPlan:
    """The registration's plan, or an unsaved empty one (version 0) before it is started."""
    _need(requested_by, registration.nominal)
    plan = RiskManagementPlan.objects.filter(registration=registration).first()
    if plan is None:
        plan = RiskManagementPlan(registration=registration, nominal=registration.nominal, version=0)
    return plan


def plan_actions(*, requested_by: User, plan: RiskManagementPlan) -> list[PlanAction]:
    if plan.pk is None:
        return []
    return list(
        policy.visible_plan_actions(requested_by)
        .filter(plan=plan)
        .select_related("owner_agency", "meeting")
        .prefetch_related("updates")
    )


def plan_changes(*, requested_by: User, plan: RiskManagementPlan) -> list[PlanChange]:
    if plan.pk is None:
        return []
    _need(requested_by, plan.nominal)
    return list(plan.changes.select_related("by", "by__agency")[:200])


@dataclass(frozen=True)
class HeadingTask:
    """One heading of the plan, as a row of the GOV.UK task list."""

    heading: str
    label: str
    text: str
    actions: list[PlanAction]
    overdue: int

    @property
    def status(self) -> str:
        if self.overdue:
            return f"{self.overdue} overdue"
        if not self.text and not self.actions:
            return "Not started"
        return "Written" if all(a.is_closed for a in self.actions) else "In progress"


def heading_tasks(plan: RiskManagementPlan, actions: list[PlanAction]) -> list[HeadingTask]:
    today = timezone.localdate()
    tasks = []
    for heading in PlanHeading:
        under = [a for a in actions if a.heading == heading]
        overdue = sum(1 for a in under if a.status_on(today) == "overdue")
        tasks.append(HeadingTask(heading.value, heading.label, getattr(plan, heading.value), under, overdue))
    return tasks


def get_action(*, requested_by: User, pk: int) -> PlanAction:
    """The action, or 404 whether it does not exist or is not the user's to see."""
    try:
        action: PlanAction = (
            policy.visible_plan_actions(requested_by)
            .select_related("plan__nominal", "plan__registration", "owner_agency", "meeting", "created_by")
            .get(pk=pk)
        )
    except (PlanAction.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return action


def action_viewed(actor: Actor, action: PlanAction) -> None:
    """Audit a read of the action: for a DTC SPOC, a read of what was shared with them."""
    if policy.is_dtc_contact(actor.user):
        sharing.record_shared_view(actor=actor, nominal=action.plan.nominal, scope=ShareScope.ACTIONS, obj=action)
    else:
        trail.record(actor=actor, action="plan_action.view", obj=action, nominal_id=action.plan.nominal_id)


def read_action(*, actor: Actor, pk: int) -> PlanAction:
    """The action, if the actor may see it (404 otherwise), with the read audited."""
    action = get_action(requested_by=actor.user, pk=pk)
    action_viewed(actor, action)
    return action


def my_agency_actions(*, requested_by: User) -> QuerySet[PlanAction]:
    """Open actions owned by the user's agency that the user may see, soonest first."""
    agency_id = requested_by.agency_id
    return (
        policy.visible_plan_actions(requested_by)
        .filter(owner_agency_id=agency_id, plan__registration__status=RegistrationStatus.ACTIVE)
        .exclude(status__in=list(CLOSED_STATUSES))
        .select_related("plan__nominal", "owner_agency")
        .order_by("due_on", "pk")
    )


def read_my_agency_actions(*, actor: Actor, limit: int) -> list[PlanAction]:
    """The first `limit` of my_agency_actions, with the read of them audited."""
    found = list(my_agency_actions(requested_by=actor.user)[:limit])
    trail.record(actor=actor, action="plan_action.list", detail={"shown": [a.pk for a in found]})
    return found


# --- External controls and contracts ----------------------------------------------------


def controls(*, requested_by: User, nominal: Nominal) -> QuerySet[ExternalControl]:
    _need(requested_by, nominal)
    return nominal.external_controls.select_related("recorded_by")


def contracts(*, requested_by: User, nominal: Nominal) -> QuerySet[DisclosureContract]:
    _need(requested_by, nominal)
    return nominal.disclosure_contracts.select_related("recorded_by")


def get_control(*, requested_by: User, pk: int) -> ExternalControl:
    try:
        control = ExternalControl.objects.select_related("nominal").get(pk=pk)
    except (ExternalControl.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _need(requested_by, control.nominal)
    return control


def get_contract(*, requested_by: User, pk: int) -> DisclosureContract:
    try:
        contract = DisclosureContract.objects.select_related("nominal").get(pk=pk)
    except (DisclosureContract.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _need(requested_by, contract.nominal)
    return contract
