"""Open plan actions and plan reviews, stored with their area for the co-ordinator's area
view (worklists/stored.py): an area holds hundreds of each, and counting them live joins
every plan in the country to the area's people. A user's own work is still read live.

Rewritten once a plan's review date or an action is written (plans.services names the
kinds); a write to the registration, or a transfer, rewrites every stored kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from cases.models import RegistrationStatus
from kernel.due_dates import PLAN_ACTION, PLAN_REVIEW, Due, register_calculator

from .models import CLOSED_STATUSES, PlanAction, RiskManagementPlan

ACTIONS = PLAN_ACTION
REVIEWS = PLAN_REVIEW
REVIEW_LABEL = "Review the risk management plan"


def action_label(agency: str, text: str) -> str:
    return f"Plan action for {agency}: {text[:120]}"


@register_calculator(ACTIONS)
def open_actions(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    actions = PlanAction.objects.filter(
        plan__nominal_id__in=nominal_ids, plan__registration__status=RegistrationStatus.ACTIVE
    ).exclude(status__in=list(CLOSED_STATUSES))
    for pk, nominal_id, agency_id, agency, text, due_on in actions.values_list(
        "pk", "plan__nominal_id", "owner_agency_id", "owner_agency__name", "text", "due_on"
    ):
        yield Due(
            nominal_id=nominal_id,
            label=action_label(agency, text),
            due_on=due_on,
            owner_agency_id=agency_id,
            ref_id=pk,
        )


@register_calculator(REVIEWS)
def plan_reviews(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    plans = RiskManagementPlan.objects.filter(
        nominal_id__in=nominal_ids, review_on__isnull=False, registration__status=RegistrationStatus.ACTIVE
    )
    for pk, nominal_id, review_on in plans.values_list("pk", "nominal_id", "review_on"):
        if review_on is not None:  # filtered above; the column allows none
            yield Due(nominal_id=nominal_id, label=REVIEW_LABEL, due_on=review_on, ref_id=pk)
