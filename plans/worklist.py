"""Worklist sources: plan actions due or overdue, and plan reviews due (kernel/worklist_sources.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import Concat, Substr

from access import policy
from cases.models import RegistrationStatus
from kernel.worklist_counting import CountedSource, codepoint_order, register_counted_source, shown_name
from kernel.worklist_sources import WorkItem, WorklistScope, url_maker
from kernel.worklist_stored import stored_for_area

from .due import ACTIONS, REVIEW_LABEL, REVIEWS, action_label
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


_FIRST_120 = Substr("text", 1, 120)  # as much of the action as its label shows


def _sees_people(scope: WorklistScope) -> bool:
    return scope.area_id is not None or policy.works_with_people(scope.user)


def _action_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    page, sees_people = url_maker("plans:action"), _sees_people(scope)

    def item(row: Any) -> WorkItem:
        pk, agency, text, due_on, nominal_id, area_id, family, given, agency_id = row
        return WorkItem(
            kind="plan-action",
            label=action_label(agency, text),
            due_on=due_on,
            url=page(pk),
            area_id=area_id,
            nominal_id=nominal_id,
            person_name=shown_name(family, given) if sees_people else "",
            owner_agency_id=agency_id,
        )

    return item


# An area holds hundreds of open actions: its view reads them stored (plans/due.py).
plan_actions = register_counted_source(
    ACTIONS,
    "Plan actions",
    CountedSource(
        rows=_actions_in_scope,
        fields=(
            "pk",
            "owner_agency__name",
            "text",
            "due_on",
            "plan__nominal_id",
            "plan__nominal__area_id",
            "plan__nominal__family_name",
            "plan__nominal__given_names",
            "owner_agency_id",
        ),
        due="due_on",
        nominal="plan__nominal",
        agency="owner_agency_id",
        item=_action_item,
        label_order=(
            codepoint_order(
                Concat(Value("Plan action for "), "owner_agency__name", Value(": "), Substr("text", 1, 120))
            ),
        ),
        names_shown=_sees_people,
    ),
    for_area=stored_for_area(ACTIONS, "plans:action", links_to_record=True, agency="owner_agency_id", manager=False),
)


def _reviews_in_scope(scope: WorklistScope) -> QuerySet[RiskManagementPlan] | None:
    """Plans due for their formal review: the record manager's, or the whole area's."""
    plans = RiskManagementPlan.objects.filter(
        review_on__isnull=False, review_on__lte=scope.due_by, registration__status=RegistrationStatus.ACTIVE
    )
    if scope.area_id is not None:
        return plans.filter(nominal__area_id=scope.area_id)
    if scope.user is not None and policy.works_with_people(scope.user):
        return plans.filter(registration__record_manager_id=scope.user.pk)
    return None


def _review_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    page = url_maker("plans:plan")

    def item(row: Any) -> WorkItem:
        review_on, nominal_id, area_id, family, given, agency_id, manager_id = row
        return WorkItem(
            kind="plan-review",
            label=REVIEW_LABEL,
            due_on=review_on,
            url=page(nominal_id),
            area_id=area_id,
            nominal_id=nominal_id,
            person_name=shown_name(family, given),
            owner_agency_id=agency_id,
            owner_user_id=manager_id,
        )

    return item


plan_reviews = register_counted_source(
    REVIEWS,
    "Plan reviews",
    CountedSource(
        rows=_reviews_in_scope,
        fields=(
            "review_on",
            "nominal_id",
            "nominal__area_id",
            "nominal__family_name",
            "nominal__given_names",
            "registration__lead_agency_id",
            "registration__record_manager_id",
        ),
        due="review_on",
        nominal="nominal",
        agency="registration__lead_agency_id",
        item=_review_item,
    ),
    for_area=stored_for_area(REVIEWS, "plans:plan"),
)
