"""Every clock of many people and its state, computed once, in one place.

This is the one answer to "where does this person's clock stand?": the person's pages,
the clocks table, the stored due dates and the API all read clocks built by rules/
(dates) and rules/clocks.py (the six states); the apps below call `clock_states_for`
through kernel.person_clocks. It reads the facts of all the people asked for with a
handful of prefetches, so a worklist page can ask for its rows at once.

Callers scope first: this function does not check who may see the people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from access import policy
from cases.models import Registration, RegistrationStatus
from custody.clocks import SpellFacts, next_spell_starts, spell_clocks
from custody.models import CustodySpell
from meetings.models import Meeting, MeetingStatus
from register.models import Nominal
from rules.clocks import Clock
from visits.clocks import visit_clocks_for
from visits.models import HomeVisit
from visits.selectors import CLOCK_FACTS as VISIT_FACTS

from .selectors import person_clocks

# Everything the clocks of a person read, fetched once for any number of people.
CLOCK_FACTS = (
    "notification_events",
    "notification_requirements",
    "addresses",
    "convictions",
    "visit_schedules",
    Prefetch("home_visits", queryset=HomeVisit.objects.select_related("agency")),
    Prefetch("custody_spells", queryset=CustodySpell.objects.prefetch_related("approved_premises")),
    Prefetch("registrations", queryset=Registration.objects.order_by("-start_date", "-pk")),
    # The risk the home visits follow (the current assessments, the latest agreed level).
    *(fact for fact in VISIT_FACTS if isinstance(fact, Prefetch) and fact.to_attr),
)


def _meeting_days(nominal_ids: list[int]) -> dict[int, list[date]]:
    days: dict[int, list[date]] = {}
    meetings = Meeting.objects.filter(nominal_id__in=nominal_ids).exclude(status=MeetingStatus.CANCELLED)
    for nominal_id, held_on in meetings.values_list("nominal_id", "held_on"):
        days.setdefault(nominal_id, []).append(held_on)
    return days


def release_clocks_of(nominal: Nominal, meeting_days: list[date], today: date) -> list[Clock]:
    """The release clocks of a level 2/3 case's current spell and of its latest release
    (custody/clocks.py, as the custody page shows them)."""
    active = [r for r in nominal.registrations.all() if r.status == RegistrationStatus.ACTIVE]
    if not active or active[0].level == 1:
        return []
    spells = sorted(nominal.custody_spells.all(), key=lambda s: (s.entered_on, s.pk))
    shown = [s for s in spells if s.released_on is None]
    released = [s for s in spells if s.released_on is not None]
    if released:
        shown.insert(0, released[-1])
    later = next_spell_starts(spells)
    clocks: list[Clock] = []
    for spell in shown:
        referred = [r.referred_on for r in spell.approved_premises.all()]
        facts = SpellFacts(
            level=active[0].level,
            meeting_days=tuple(meeting_days),
            referred_on=min(referred, default=None),
            back_in_custody_on=later.get(spell.pk),
        )
        clocks.extend(spell_clocks(spell, facts, today))
    return clocks


def all_clocks_of(nominal: Nominal, meeting_days: list[date], today: date) -> list[Clock]:
    """Every clock of one person whose facts are prefetched (CLOCK_FACTS)."""
    return [
        *person_clocks(nominal, today),
        *release_clocks_of(nominal, meeting_days, today),
        *visit_clocks_for(nominal, today),
    ]


def clocks_for(*, requested_by: policy.UserLike, nominal: Nominal, today: date | None = None) -> list[Clock]:
    """Every clock that applies to the person, as things stand today, for the person's
    pages; 404 when the person is not the requesting user's to see."""
    if not policy.can_view_nominal(requested_by, nominal):
        raise Http404
    return clock_states_for([nominal.pk], today).get(nominal.pk, [])


def clock_states_for(nominal_ids: Iterable[int], today: date | None = None) -> dict[int, list[Clock]]:
    """Every clock of each of these people, in the state rules/clocks.py decides today:
    `clock.status` is one of not_due, due, overdue, met, met_late, ended; `clock.is_open`
    says whether anything is still owed (and so may be listed as due); `clock.status_text`
    reads "Met 2 days late". People not found are left out."""
    ids = sorted(set(nominal_ids))
    today = today or timezone.localdate()
    meetings = _meeting_days(ids)
    people = Nominal.objects.filter(pk__in=ids).prefetch_related(*CLOCK_FACTS)
    return {person.pk: all_clocks_of(person, meetings.get(person.pk, []), today) for person in people}
