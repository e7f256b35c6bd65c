"""Synthetic histories beyond the registration: custody spells, notification at the police
station, and home visits. All made up; every due date comes from rules/.

- Custody spells follow the person's custody addresses (the same dates), so the snapshot
  reads the same from either. A spell that began while registered keeps the category and
  level of that day; most are recalls for breach of licence, a few returns for breach of
  an SHPO (category 1), remands for a serious further offence, or new sentences.
- Category 1: the initial notification within the 3 days, a notification within 3 days
  of each release, and annual re-notification (s85) with the custody time disregarded,
  mostly before the day it falls due, a few late.
- Home visits over the last year: police visits to category 1 people in the community
  at the interval their risk of serious harm sets, probation visits to high-risk people
  managed at level 2 or 3, some without access, and the next visit planned (a few of
  them already overdue).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from accounts.models import AgencyKind
from custody.models import CustodyReason, CustodySpell, ReleaseKind
from notifications.models import NotificationEvent, NotificationKind
from register.models import CustodyStatus
from rules.compliance import Absence, periodic_notification_due_on, three_day_deadline
from rules.visits import police_home_visit_due, probation_home_visit_due_on
from visits.models import HomeVisit, ScheduleKind, VisitPurpose, VisitSchedule, VisitStatus

if TYPE_CHECKING:
    from .synthetic import AreaStaff, Person, Writer

VISIT_HISTORY_DAYS = 365
ROSH_SHARES = (("low", 50), ("medium", 35), ("high", 12), ("very_high", 3))


@dataclass(frozen=True)
class Spell:
    entered_on: date
    released_on: date | None


def level_on(changes: list[tuple[date, int | None, int]], day: date) -> int | None:
    """The level in force on the day from the person's decisions; None before the first."""
    level = None
    for decided_on, _, to_level in changes:
        if decided_on > day:
            break
        level = to_level
    return level


def _reason(rng: random.Random, category: int) -> str:
    draw = rng.random()
    if draw < 0.55:
        return CustodyReason.RECALL_BREACH_OF_LICENCE
    if draw < 0.62 and category == 1:
        return CustodyReason.BREACH_OF_ORDER
    if draw < 0.64:
        return CustodyReason.CHARGED_WITH_SFO
    if draw < 0.70:
        return CustodyReason.REMAND
    return CustodyReason.SENTENCE


def custody_spells(rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, spells: list[Spell]) -> None:
    """One custody spell for each custody period of the person."""
    registration = person.registration
    prison = staff.agencies[AgencyKind.PRISON]
    recorder = rng.choice(staff.managers["prison"])
    for spell in spells:
        registered = registration is not None and registration.start_date <= spell.entered_on
        reason = _reason(rng, person.category) if registered else CustodyReason.SENTENCE
        months = rng.choice([6, 12, 18, 24, 36, 48]) if reason == CustodyReason.SENTENCE else None
        release_on = spell.released_on or spell.entered_on + timedelta(days=rng.randint(90, 900))
        released_how = rng.choices([ReleaseKind.AUTOMATIC, ReleaseKind.PAROLE, ReleaseKind.FROM_COURT], [85, 10, 5])
        writer.add_values(
            CustodySpell,
            nominal_id=person.nominal.pk,
            prison_id=prison.pk,
            reason=reason,
            entered_on=spell.entered_on,
            sentence_date=spell.entered_on if months else None,
            sentence_months=months,
            release_on=release_on,
            licence_expiry_on=release_on + timedelta(days=rng.randint(180, 1460)),
            category_at_start=person.category if registered else None,
            level_at_start=level_on(person.changes, spell.entered_on) if registered else None,
            released_on=spell.released_on,
            release_kind=released_how[0] if spell.released_on else "",
            recorded_by_id=recorder.pk,
        )


def _notified(
    writer: Writer, person: Person, kind: str, on: date, officer: str, user_id: int, event_on: date | None = None
) -> None:
    writer.add_values(
        NotificationEvent,
        nominal_id=person.nominal.pk,
        kind=kind,
        notified_on=on,
        event_on=event_on,
        police_station=f"{person.nominal.area.name} police station",
        officer=officer,
        recorded_by_id=user_id,
    )


def notification_events(
    rng: random.Random, writer: Writer, person: Person, spells: list[Spell], end: date, today: date
) -> None:
    """A registered sex offender's notifications from registration to `end`."""
    registration = person.registration
    if registration is None or person.category != 1:
        return
    user_id = registration.record_manager_id
    officer = f"PC {rng.randint(1000, 9999)}"
    away = [Absence(s.entered_on, s.released_on or today + timedelta(days=1)) for s in spells]
    start = registration.start_date
    deadline = three_day_deadline(start, away)  # the 3 days run from release when detained
    first = deadline - timedelta(days=rng.randint(0, 2))
    if first < start or any(a.start <= first < a.end for a in away):
        first = deadline
    if first > end:
        return
    _notified(writer, person, NotificationKind.INITIAL, first, officer, user_id)
    dated: list[tuple[date, str, date | None]] = []
    for spell in spells:
        if spell.released_on and first < spell.released_on <= end:
            deadline = three_day_deadline(spell.released_on)
            dated.append(
                (
                    spell.released_on + timedelta(days=rng.randint(0, (deadline - spell.released_on).days)),
                    NotificationKind.RELEASE,
                    spell.released_on,
                )
            )
    last = first
    while True:
        due = periodic_notification_due_on(last_notified_on=last, absences=away)
        on = (
            due + timedelta(days=rng.randint(1, 20))
            if rng.random() < 0.03
            else due - timedelta(days=rng.randint(0, 25))
        )
        if any(a.start <= on < a.end for a in away):
            on = due  # not at a police station while detained: the s85(3) day after release
        releases = [r for r in dated if last < r[0] < on]
        if releases:  # each notification restarts the year
            last = releases[0][0]
            continue
        if on > end:
            break
        dated.append((on, NotificationKind.ANNUAL, None))
        last = on
    for on, kind, event_on in sorted(dated):
        _notified(writer, person, kind, on, officer, user_id, event_on)


def home_visits(rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, today: date) -> None:
    """Police visits to category 1 people in the community; probation visits at high risk
    to people managed at level 2 or 3. The last year of visits and the next one planned."""
    registration = person.registration
    if registration is None or registration.archived_on or person.nominal.custody_status != CustodyStatus.COMMUNITY:
        return
    rosh = rng.choices([r for r, _ in ROSH_SHARES], [w for _, w in ROSH_SHARES])[0]
    if person.category == 1:
        kind, agency = ScheduleKind.POLICE, staff.agencies[AgencyKind.POLICE]
    elif registration.level >= 2:
        kind, agency, rosh = (
            ScheduleKind.PROBATION,
            staff.agencies[AgencyKind.PROBATION],
            rng.choice(["high", "very_high"]),
        )
    else:
        return
    user_id = registration.record_manager_id
    assessed_on = max(registration.start_date, today - timedelta(days=rng.randint(30, 700)))
    writer.add_values(
        VisitSchedule,
        nominal_id=person.nominal.pk,
        kind=kind,
        rosh=rosh,
        assessed_on=assessed_on,
        recorded_by_id=user_id,
    )

    def next_due(last: date) -> date:
        if kind == ScheduleKind.POLICE:
            return police_home_visit_due(rosh=rosh, last_visit_on=last).target_by
        due = probation_home_visit_due_on(rosh=rosh, last_visit_on=last)
        assert due is not None  # high and very high risk always have an interval
        return due

    def visit(on: date, status: str) -> None:
        writer.add_values(
            HomeVisit,
            nominal_id=person.nominal.pk,
            agency_id=agency.pk,
            joint=rng.random() < 0.1,
            visit_on=on,
            status=status,
            announced=rng.random() < 0.7,
            purpose=VisitPurpose.ROUTINE,
            visitors=f"{kind.label} offender manager",
            outcome="Home checked; no concerns found." if status == VisitStatus.COMPLETED else "",
            recorded_by_id=user_id,
        )

    day = max(registration.start_date, today - timedelta(days=VISIT_HISTORY_DAYS)) + timedelta(days=rng.randint(0, 30))
    while day <= today:
        visit(day, VisitStatus.NO_ACCESS if rng.random() < 0.05 else VisitStatus.COMPLETED)
        due = next_due(day)
        day = (
            due - timedelta(days=rng.randint(0, 7)) if rng.random() < 0.92 else due + timedelta(days=rng.randint(3, 30))
        )
    visit(day if rng.random() < 0.95 else today - timedelta(days=rng.randint(1, 14)), VisitStatus.PLANNED)
