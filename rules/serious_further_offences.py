"""Serious further offences: telling the SMB chair and the MAPPA co-ordinator in time.

When a person managed under MAPPA is charged with a serious further offence (SFO), the
Strategic Management Board reviews the case (seed 003, 'Serious Further Offences review
process'); the SMB chair and the MAPPA co-ordinator are told within 5 days of the charge
so the SMB can decide whether to hold a serious case review. The days are calendar days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from rules.citations import SEED_001, SEED_003, seed
from rules.rule import Rule

NOTIFICATION_DAYS: Final = 5

SFO_NOTIFICATION: Final = Rule(
    "sfo.notification",
    "Serious further offence notified",
    "The SMB chair and the MAPPA co-ordinator are notified within 5 days of a person "
    "managed under MAPPA being charged with a serious further offence.",
    f"{seed(SEED_003, 'Serious Further Offences review process', 'The Strategic Management of MAPPA')}; "
    f"{SEED_001}, table 7 (charged with a serious further offence)",
)
SERIOUS_CASE_REVIEW_DECISION: Final = Rule(
    "sfo.serious_case_review_decision",
    "Serious case review decision",
    "The Strategic Management Board decides, and records, whether a serious further "
    "offence leads to a MAPPA serious case review.",
    seed(SEED_003, "Serious Further Offences review process"),
)

RULES: Final[tuple[Rule, ...]] = (SFO_NOTIFICATION, SERIOUS_CASE_REVIEW_DECISION)


def sfo_notification_due_on(charged_on: date) -> date:
    """The last day on which the SMB chair and the co-ordinator are told on time."""
    return charged_on + timedelta(days=NOTIFICATION_DAYS)
