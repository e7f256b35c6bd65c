"""The notification clocks stored for the worklist (worklists/stored.py).

The dates are the ones on the person's page (notifications.clocks, from rules/compliance),
recomputed once a transaction that writes a record they read commits: a notification, a
requirement, a registration, a conviction, an address, a custody spell (time detained is
not counted) or the person's own details (their custody status: a detention in hospital).
Each of those services names the kind (`kernel.due_dates.dates_changed`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from kernel.due_dates import NOTIFICATION, Due, register_calculator
from register.models import Nominal

from .clocks import HOME_KINDS, notification_basis, notification_clocks_for
from .selectors import with_clock_facts

KIND = NOTIFICATION


def next_home_move(person: Nominal, today: date) -> date | None:
    """A move recorded ahead of its day starts a clock on that day."""
    ahead = [a.from_date for a in person.addresses.all() if a.kind in HOME_KINDS and a.from_date > today]
    return min(ahead, default=None)


@register_calculator(KIND)
def notification_dues(nominal_ids: Sequence[int], today: date) -> Iterator[Due]:
    for person in with_clock_facts(Nominal.objects.filter(pk__in=nominal_ids)):
        basis = notification_basis(person)
        refresh_on = next_home_move(person, today)
        for clock in notification_clocks_for(person, today):
            if not clock.is_open or clock.due_on is None:  # met (on time or late), ended: nothing is due
                continue
            yield Due(
                nominal_id=person.pk,
                label=clock.label,
                due_on=clock.due_on,
                stops_after=basis.subject_until if basis else None,
                refresh_on=refresh_on,
            )
