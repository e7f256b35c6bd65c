"""Level 1 disclosure reviews, stored with their area for the co-ordinator's area view
(worklists/stored.py): an area holds hundreds, and counting them live joins every
decision in the country to the area's people. A user's own are still read live.

Rewritten once a decision or its review is written (disclosure.services); a write to the
registration (whose level decides whether the review is still due), or a transfer,
rewrites every stored kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from cases.models import Registration, RegistrationStatus
from kernel.due_dates import DISCLOSURE_REVIEW, Due, register_calculator

from .models import Disclosure

REVIEWS = DISCLOSURE_REVIEW
REVIEW_LABEL = "Review the level 1 disclosure decision"


@register_calculator(REVIEWS)
def level_1_reviews(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    at_level_1 = Registration.objects.filter(
        nominal_id__in=nominal_ids, status=RegistrationStatus.ACTIVE, level=1
    ).values("nominal_id")
    due = Disclosure.objects.filter(nominal_id__in=at_level_1, review_due_on__isnull=False)
    for pk, nominal_id, due_on, agency_id in due.values_list("pk", "nominal_id", "review_due_on", "deciding_agency_id"):
        if due_on is not None:  # filtered above; the column allows none
            yield Due(nominal_id=nominal_id, label=REVIEW_LABEL, due_on=due_on, owner_agency_id=agency_id, ref_id=pk)
