"""Who decides each step of a transfer between areas (seed 003, 'Transfer of MAPPA Cases',
'Cross Border Transfers').

The rules here are pure: they compare who is acting with who requested the transfer and
with the area that is to receive it, and name the rule a refused step breaks. The access
policy asks them; the services ask them again under the transfer's row lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rules.citations import SEED_003, seed
from rules.rule import Rule

APPROVER_IS_NOT_REQUESTER: Final = Rule(
    "transfers.approver_is_not_requester",
    "Approved by someone other than its requester",
    "A transfer is approved by someone in the sending area other than the person who requested it: "
    "the offender manager assesses the risks of the move in consultation with their manager, so the "
    "decision is never the requester's alone.",
    seed(SEED_003, "Transfer of MAPPA Cases"),
)
RECEIVING_AREA_DECIDES: Final = Rule(
    "transfers.receiving_area_decides",
    "Accepted or declined by the receiving area",
    "Once the sending area has approved a transfer, the receiving area confirms that it can manage the "
    "case, or declines it: only the receiving area's own MAPPA co-ordinator or offender managers accept "
    "or decline, never the sending area on its behalf.",
    seed(SEED_003, "Cross Border Transfers", "Transfer of MAPPA Cases"),
)
PROBATION_DECIDES_UNDER_SUPERVISION: Final = Rule(
    "transfers.probation_decides_under_supervision",
    "Probation decides a transfer under supervision",
    "Where the person is under probation supervision, the decision whether the case is transferred is "
    "the Probation Service's.",
    seed(SEED_003, "Transfer of MAPPA Cases"),
)

RULES: Final[tuple[Rule, ...]] = (
    APPROVER_IS_NOT_REQUESTER,
    RECEIVING_AREA_DECIDES,
    PROBATION_DECIDES_UNDER_SUPERVISION,
)


@dataclass(frozen=True)
class Decider:
    """Who is acting, as the transfer rules see them."""

    user_id: int
    area_id: int | None  # the area of their agency
    is_probation: bool  # works for a probation agency
    may_decide_for_area: bool  # the area's co-ordinator, or an offender manager of a case-managing agency


def approval_refused_by(decider: Decider, *, requested_by_id: int, under_probation_supervision: bool) -> Rule | None:
    """The rule that stops `decider` approving (or refusing, before approval) a requested
    transfer; None when they may."""
    if decider.user_id == requested_by_id:
        return APPROVER_IS_NOT_REQUESTER
    if under_probation_supervision and not decider.is_probation:
        return PROBATION_DECIDES_UNDER_SUPERVISION
    return None


def receiving_decision_refused_by(decider: Decider, *, to_area_id: int | None) -> Rule | None:
    """The rule that stops `decider` accepting or declining an approved transfer; None when they may."""
    if to_area_id is None or decider.area_id != to_area_id or not decider.may_decide_for_area:
        return RECEIVING_AREA_DECIDES
    return None


def refusal_message(rule: Rule) -> str:
    """What a refused step tells the user: the rule, by name and source."""
    return f"{rule.statement} (rule {rule.key}: {rule.citation})"
