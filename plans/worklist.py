"""Worklist sources: plan actions due or overdue, and plan reviews due (worklists/sources.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse

from access import policy
from cases.models import RegistrationStatus
from worklists.sources import WorkItem, WorklistScope, register_source

from .models import CLOSED_STATUSES, PlanAction, RiskManagementPlan


def _actions_in_scope(scope: WorklistScope) -> QuerySet[PlanAction]:
    """The area's open actions for the co-ordinator; otherwise those owned by the user's
    agency that the user may see (a DTC SPOC: those shared with the agency)."""
    actions = PlanAction.objects.filter(
        due_on__lte=scope.due_by, plan__registration__status=RegistrationStatus.ACTIVE
    ).exclude(status__in=list(CLOSED_STATUSES))
    if scope.area_id is not None:
        return actions.filter(plan__nominal__area_id=scope.area_id)
    user = scope.user
    if user is None or getattr(user, "agency_id", None) is None:
        return PlanAction.objects.none()
    actions = actions.filter(owner_agency_id=user.agency_id)
    if policy.works_with_people(user):
        # The agency's open actions due are few: sight is checked person by person.
        return actions.filter(plan__nominal__in=policy.visible_nominals(user, few=True))
    return actions.filter(pk__in=policy.visible_plan_actions(user).values("pk"))


@register_source("plan-action", title="Plan actions")
def plan_actions(scope: WorklistScope) -> Iterable[WorkItem]:
    sees_people = scope.area_id is not None or policy.works_with_people(scope.user)
    for action in _actions_in_scope(scope).select_related("plan__nominal", "owner_agency"):
        nominal = action.plan.nominal
        yield WorkItem(
            kind="plan-action",
            label=f"Plan action for {action.owner_agency}: {action.text[:120]}",
            due_on=action.due_on,
            url=reverse("plans:action", args=[action.pk]),
            area_id=nominal.area_id,
            nominal_id=nominal.pk,
            person_name=str(nominal) if sees_people else "",
            owner_agency_id=action.owner_agency_id,
        )


@register_source("plan-review", title="Plan reviews")
def plan_reviews(scope: WorklistScope) -> Iterable[WorkItem]:
    """Plans due for their formal review: the record manager's, or the whole area's."""
    plans = RiskManagementPlan.objects.filter(
        review_on__isnull=False, review_on__lte=scope.due_by, registration__status=RegistrationStatus.ACTIVE
    )
    if scope.area_id is not None:
        plans = plans.filter(nominal__area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user):
        plans = plans.filter(registration__record_manager_id=scope.user.pk)
    else:
        return
    for plan in plans.select_related("nominal", "registration"):
        assert plan.review_on is not None
        yield WorkItem(
            kind="plan-review",
            label="Review the risk management plan",
            due_on=plan.review_on,
            url=reverse("plans:plan", args=[plan.nominal_id]),
            area_id=plan.nominal.area_id,
            nominal_id=plan.nominal_id,
            person_name=str(plan.nominal),
            owner_agency_id=plan.registration.lead_agency_id,
            owner_user_id=plan.registration.record_manager_id,
        )
