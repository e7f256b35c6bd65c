"""Deadlines counted back from a release date (seed 003, 'Custody Issues').

Each function returns the last day on which the thing is on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from rules.citations import SEED_003, seed
from rules.dates import add_months
from rules.rule import Rule

RELEASE_DATE_CONFIRMED: Final = Rule(
    "custody.release_date_confirmed",
    "Release date confirmed",
    "For level 2 and 3 cases the prison confirms the release date at least 4 months "
    "before release, and where possible 6 months before.",
    seed(SEED_003, "Confirming Release Dates", "Prison"),
)
APPROVED_PREMISES_REFERRAL: Final = Rule(
    "custody.approved_premises_referral",
    "Approved Premises referral",
    "A referral to Approved Premises is made no later than 3 months before the release date.",
    seed(SEED_003, "Approved Premises"),
)
END_OF_CUSTODY_LICENCE_CONFIRMED: Final = Rule(
    "custody.end_of_custody_licence_confirmed",
    "End-of-custody early release confirmed",
    "For a level 2 or 3 case released early on End of Custody Licence, the prison "
    "confirms with the offender manager, no later than 7 days before that release, "
    "that the risk management plan can be put in place.",
    seed(SEED_003, "Last minute Early Release due to Sentence Recalculation"),
)
LEVEL_SET: Final = Rule(
    "custody.level_set",
    "MAPPA level set before release",
    "The MAPPA level is set at least 6 months before release, or before the parole "
    "eligibility date for those eligible for parole.",
    seed(SEED_003, "Custody Issues"),
)

RULES: Final[tuple[Rule, ...]] = (
    RELEASE_DATE_CONFIRMED,
    APPROVED_PREMISES_REFERRAL,
    END_OF_CUSTODY_LICENCE_CONFIRMED,
    LEVEL_SET,
)


@dataclass(frozen=True)
class RequiredAndTarget:
    """A deadline that has a minimum (required_by) and a better-practice target_by."""

    required_by: date
    target_by: date


def release_date_confirmation_due(release_on: date) -> RequiredAndTarget:
    """Required 4 months before release; target 6 months before."""
    return RequiredAndTarget(required_by=add_months(release_on, -4), target_by=add_months(release_on, -6))


def approved_premises_referral_due_on(release_on: date) -> date:
    """No later than 3 months before the release date."""
    return add_months(release_on, -3)


def end_of_custody_licence_confirmation_due_on(early_release_on: date) -> date:
    """No later than 7 days before the end-of-custody early release."""
    return early_release_on - timedelta(days=7)


def level_set_due_on(release_or_parole_eligibility_on: date) -> date:
    """6 months before the release date (or the parole eligibility date)."""
    return add_months(release_or_parole_eligibility_on, -6)
