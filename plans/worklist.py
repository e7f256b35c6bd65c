"""Worklist sources: plan actions due or overdue, and plan reviews due (worklists/sources.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import Concat, Substr

from access import policy
from cases.models import RegistrationStatus
from worklists.counting import codepoint_order, counted_summary
from worklists.sources import Summary, Wanted, WorkItem, WorklistScope, register_source
from worklists.stored import url_maker

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


_ACTION_FIELDS = (
    "pk",
    "owner_agency__name",
    "text",
    "due_on",
    "plan__nominal_id",
    "plan__nominal__area_id",
    "plan__nominal__family_name",
    "plan__nominal__given_names",
    "owner_agency_id",
)


def _action_item(row: Any, sees_people: bool, page: Callable[[int], str]) -> WorkItem:
    pk, agency, text, due_on, nominal_id, area_id, family, given, agency_id = row
    return WorkItem(
        kind="plan-action",
        label=f"Plan action for {agency}: {text[:120]}",
        due_on=due_on,
        url=page(pk),
        area_id=area_id,
        nominal_id=nominal_id,
        person_name=f"{family.upper()}, {given}" if sees_people else "",
        owner_agency_id=agency_id,
    )


def _sees_people(scope: WorklistScope) -> bool:
    return scope.area_id is not None or policy.works_with_people(scope.user)


def plan_actions_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    """An area holds hundreds of open actions: counted in SQL, items made of the first."""
    actions = _actions_in_scope(scope)
    if scope.agency_id is not None:
        actions = actions.filter(owner_agency_id=scope.agency_id)
    page, sees_people = url_maker("plans:action"), _sees_people(scope)
    if not sees_people and wanted.sort == "person":
        wanted = replace(wanted, sort="due")  # no names shown: by person is by due date
    first_120 = Substr("text", 1, 120)
    return counted_summary(
        actions,
        scope,
        wanted,
        fields=_ACTION_FIELDS,
        due="due_on",
        nominal="plan__nominal",
        label_order=[codepoint_order(Concat(Value("Plan action for "), "owner_agency__name", Value(": "), first_120))],
        to_item=lambda row: _action_item(row, sees_people, page),
    )


@register_source("plan-action", title="Plan actions", summary=plan_actions_summary)
def plan_actions(scope: WorklistScope) -> Iterable[WorkItem]:
    page, sees_people = url_maker("plans:action"), _sees_people(scope)
    for row in _actions_in_scope(scope).order_by("due_on", "pk").values_list(*_ACTION_FIELDS):
        yield _action_item(row, sees_people, page)


_REVIEW_FIELDS = (
    "review_on",
    "nominal_id",
    "nominal__area_id",
    "nominal__family_name",
    "nominal__given_names",
    "registration__lead_agency_id",
    "registration__record_manager_id",
)


def _reviews_in_scope(scope: WorklistScope) -> QuerySet[RiskManagementPlan] | None:
    """Plans due for their formal review: the record manager's, or the whole area's."""
    plans = RiskManagementPlan.objects.filter(
        review_on__isnull=False, review_on__lte=scope.due_by, registration__status=RegistrationStatus.ACTIVE
    )
    if scope.area_id is not None:
        plans = plans.filter(nominal__area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user):
        plans = plans.filter(registration__record_manager_id=scope.user.pk)
    else:
        return None
    if scope.agency_id is not None:
        plans = plans.filter(registration__lead_agency_id=scope.agency_id)
    return plans


def _review_item(row: Any, page: Callable[[int], str]) -> WorkItem:
    review_on, nominal_id, area_id, family, given, agency_id, manager_id = row
    return WorkItem(
        kind="plan-review",
        label="Review the risk management plan",
        due_on=review_on,
        url=page(nominal_id),
        area_id=area_id,
        nominal_id=nominal_id,
        person_name=f"{family.upper()}, {given}",
        owner_agency_id=agency_id,
        owner_user_id=manager_id,
    )


def plan_reviews_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    plans = _reviews_in_scope(scope)
    if plans is None:
        return Summary(total=0, overdue=0, first=[])
    page = url_maker("plans:plan")
    return counted_summary(
        plans,
        scope,
        wanted,
        fields=_REVIEW_FIELDS,
        due="review_on",
        nominal="nominal",
        label_order=[],  # one label for every review
        to_item=lambda row: _review_item(row, page),
    )


@register_source("plan-review", title="Plan reviews", summary=plan_reviews_summary)
def plan_reviews(scope: WorklistScope) -> Iterable[WorkItem]:
    plans = _reviews_in_scope(scope)
    if plans is None:
        return
    page = url_maker("plans:plan")
    for row in plans.order_by("review_on", "pk").values_list(*_REVIEW_FIELDS):
        yield _review_item(row, page)
