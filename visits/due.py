"""The home visit clocks stored for the worklist (worklists/stored.py).

The dates are the ones on the person's page (visits.clocks, from rules/visits), and the
days of visits planned and not yet done, recomputed once a transaction that writes a
record they read commits: a visit, a schedule, a registration or an address (each of
those services names the kind: `kernel.due_dates.dates_changed`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.db.models import Q

from kernel.due_dates import HOME_VISIT, Due, register_calculator
from register.models import Nominal

from .clocks import HOME_KINDS, visit_clocks_for
from .models import VisitStatus
from .selectors import with_clock_facts

KIND = HOME_VISIT


@register_calculator(KIND)
def visit_dues(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    """Each open visit clock, and each planned visit not yet recorded as done."""
    people = Nominal.objects.filter(
        Q(visit_schedules__isnull=False) | Q(home_visits__status=VisitStatus.PLANNED), pk__in=nominal_ids
    ).distinct()
    for person in with_clock_facts(people):
        ahead = [a.from_date for a in person.addresses.all() if a.kind in HOME_KINDS and a.from_date > today]
        for clock in visit_clocks_for(person, today):
            if not clock.is_open or clock.due_on is None:  # met (on time or late), ended: nothing is due
                continue
            yield Due(nominal_id=person.pk, label=clock.label, due_on=clock.due_on, refresh_on=min(ahead, default=None))
        for visit in person.home_visits.all():
            if visit.status == VisitStatus.PLANNED:
                yield Due(
                    nominal_id=person.pk, label=f"Planned home visit ({visit.agency.name})", due_on=visit.visit_on
                )
