"""Synthetic histories beyond the registration: custody spells, notification at the police
station, and home visits. All made up; every due date comes from rules/.

- Custody spells follow the person's custody addresses (the same dates), so the snapshot
  reads the same from either. A spell that began while registered keeps the category and
  level of that day; most are recalls for breach of licence, a few returns for breach of
  an SHPO (category 1, with the breach recorded on the order), remands for a serious
  further offence, or new sentences. Those in custody now have a release date ahead, for
  people at levels 2 and 3 often within months, with the release work that brings.
- Category 1: the initial notification within the 3 days of the index conviction, which
  for those sentenced to custody run from release (recorded as the requirement's release
  date); a notification within 3 days of each release and of each move to a new home (a
  few moves notified late, a few recent ones not yet); and annual re-notification (s85)
  from the latest notification, with the custody time disregarded, mostly before the day
  it falls due, a few late.
- Home visits over the last year: police visits to category 1 people in the community
  at the interval their risk of serious harm sets, probation visits to high-risk people
  managed at level 2 or 3, some without access, and the next visit planned (a few of
  them already overdue).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from accounts.models import AgencyKind
from cases.models import RegistrationStatus
from custody.models import (
    URGENT_RELEASES,
    ApprovedPremisesReferral,
    CustodyReason,
    CustodySpell,
    ReferralOutcome,
    ReleaseKind,
    SeriousFurtherOffence,
    UrgentReview,
)
from notifications.models import NotificationEvent, NotificationKind, NotificationRequirement, RequirementBasis
from plans.models import RiskAssessment, Tool
from register.models import CustodyStatus
from rules.compliance import NOTIFICATION_DAYS, Absence, periodic_notification_due_on, three_day_deadline
from rules.custody import (
    approved_premises_referral_due_on,
    end_of_custody_licence_confirmation_due_on,
    release_date_confirmation_due,
)
from rules.serious_further_offences import sfo_notification_due_on
from rules.visits import police_home_visit_due, probation_home_visit_due_on
from visits.models import HomeVisit, ScheduleKind, VisitPurpose, VisitSchedule, VisitStatus

from .synthetic_orders import breach_for_return, order_in_force

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


def custody_spells(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, spells: list[Spell], today: date
) -> None:
    """One custody spell for each custody period of the person. A return for breach of an
    order needs an SHPO or SOPO in force (and writes its breach); otherwise it is a recall."""
    registration = person.registration
    prison = staff.agencies[AgencyKind.PRISON]
    recorder = rng.choice(staff.managers["prison"])
    for spell in spells:
        registered = registration is not None and registration.start_date <= spell.entered_on
        reason = _reason(rng, person.category) if registered else CustodyReason.SENTENCE
        if reason == CustodyReason.BREACH_OF_ORDER:
            order = order_in_force(person, spell.entered_on)
            if order is None:
                reason = CustodyReason.RECALL_BREACH_OF_LICENCE
            else:
                breach_for_return(rng, writer, order, spell.entered_on, today)
        months = rng.choice([6, 12, 18, 24, 36, 48]) if reason == CustodyReason.SENTENCE else None
        values: dict[str, Any] = {
            "nominal_id": person.nominal.pk,
            "prison_id": prison.pk,
            "reason": reason,
            "entered_on": spell.entered_on,
            "sentence_date": spell.entered_on if months else None,
            "sentence_months": months,
            "category_at_start": person.category if registered else None,
            "level_at_start": level_on(person.changes, spell.entered_on) if registered else None,
            "recorded_by_id": recorder.pk,
        }
        if spell.released_on is None:
            _release_ahead(rng, writer, person, values, recorder.pk, today)
        else:
            released_how = rng.choices([ReleaseKind.AUTOMATIC, ReleaseKind.PAROLE, ReleaseKind.FROM_COURT], [85, 10, 5])
            values |= {
                "release_on": spell.released_on,
                "released_on": spell.released_on,
                "release_kind": released_how[0],
                "release_confirmed_on": spell.released_on - timedelta(days=rng.randint(30, 180)),
                "release_confirmed_by_id": recorder.pk,
            }
            if values["release_confirmed_on"] < spell.entered_on:
                values["release_confirmed_on"] = spell.entered_on
            if registered and released_how[0] in URGENT_RELEASES:
                values["id"] = writer.next_id(CustodySpell)
                _urgent_review(rng, writer, person, values["id"], spell.released_on, recorder.pk, today)
        if registered and reason == CustodyReason.CHARGED_WITH_SFO:
            _serious_further_offence(rng, writer, person, spell.entered_on, values["level_at_start"], today)
        values["licence_expiry_on"] = values["release_on"] + timedelta(days=rng.randint(180, 1460))
        writer.add_values(CustodySpell, **values)


def _urgent_review(
    rng: random.Random, writer: Writer, person: Person, spell_id: int, released_on: date, user_id: int, today: date
) -> None:
    """A release from court comes without notice: the case is reviewed at once."""
    completed_on = released_on + timedelta(days=rng.randint(0, 3))
    done = completed_on < today and rng.random() < 0.95
    writer.add_values(
        UrgentReview,
        nominal_id=person.nominal.pk,
        spell_id=spell_id,
        reason="Released from court without notice",
        raised_on=released_on,
        raised_by_id=user_id,
        completed_on=completed_on if done else None,
        outcome="Plan reviewed with the agencies; licence conditions confirmed." if done else "",
        completed_by_id=user_id if done else None,
    )


def _serious_further_offence(
    rng: random.Random, writer: Writer, person: Person, charged_on: date, level: int | None, today: date
) -> None:
    """A charge with a serious further offence, notified to the SMB chair and the co-ordinator
    (by the date rules/ sets; a few late or not yet)."""
    due = sfo_notification_due_on(charged_on)
    late = rng.random() < 0.1
    notified = max(charged_on, due + timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 5)))
    told = notified <= today
    registration = person.registration
    assert registration is not None
    writer.add_values(
        SeriousFurtherOffence,
        nominal_id=person.nominal.pk,
        offence=rng.choice(["Rape", "Wounding with intent (s18)", "Attempted murder", "Robbery"]),
        charged_on=charged_on,
        category_at_charge=person.category,
        level_at_charge=level,
        notification_due_on=due,
        chair_notified_on=notified if told else None,
        coordinator_notified_on=notified if told else None,
        recorded_by_id=registration.record_manager_id,
    )


def _release_ahead(
    rng: random.Random, writer: Writer, person: Person, values: dict[str, Any], prison_user_id: int, today: date
) -> None:
    """In custody now: the release date the prison works to is ahead. For people managed at
    level 2 or 3 it is often within months, so the release work is due: the prison confirms
    the date (rules.custody, 4 months before), an Approved Premises referral (3 months
    before), the pre-release meeting, and now and then an end-of-custody early release."""
    registration = person.registration
    managed = registration is not None and registration.status == RegistrationStatus.ACTIVE
    # The level is set 6 months before release (rules.custody), so most in custody at level
    # 2 or 3 are due out within months.
    soon = managed and registration is not None and registration.level >= 2 and rng.random() < 0.85
    release_on = today + timedelta(days=rng.randint(7, 240) if soon else rng.randint(30, 1200))
    values["release_on"] = release_on
    confirm_by = release_date_confirmation_due(release_on).required_by
    if confirm_by <= today and rng.random() < 0.8:
        values["release_confirmed_on"] = max(values["entered_on"], confirm_by - timedelta(days=rng.randint(0, 40)))
        values["release_confirmed_by_id"] = prison_user_id
    if release_on <= today + timedelta(days=90) and rng.random() < 0.15:
        early = release_on - timedelta(days=rng.randint(10, 40))
        if early > today:
            values["end_of_custody_release_on"] = early
            if end_of_custody_licence_confirmation_due_on(early) <= today + timedelta(days=3) and rng.random() < 0.5:
                values["end_of_custody_confirmed_on"] = today
    if soon and approved_premises_referral_due_on(release_on) <= today + timedelta(days=30) and rng.random() < 0.5:
        spell_id = writer.next_id(CustodySpell)
        values["id"] = spell_id
        referred_on = min(today, approved_premises_referral_due_on(release_on) - timedelta(days=rng.randint(0, 30)))
        writer.add_values(
            ApprovedPremisesReferral,
            spell_id=spell_id,
            premises=f"{person.nominal.area.name} Approved Premises",
            referred_on=max(values["entered_on"], referred_on),
            outcome=rng.choice([ReferralOutcome.PENDING, ReferralOutcome.ACCEPTED, ReferralOutcome.ACCEPTED]),
            recorded_by_id=registration.record_manager_id if registration else prison_user_id,
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


# Of moves to a new home: the share notified late (by up to a month), and the share of
# those in the last weeks not notified yet (a breach the police would be chasing).
MOVE_NOTIFIED_LATE = 0.04
MOVE_NOT_YET_NOTIFIED = 0.05
RECENT_MOVE_DAYS = 45


def _disregarded(day: date, away: list[Absence]) -> bool:
    return any(a.start <= day < a.end for a in away)


def _within_three_days(rng: random.Random, start: date, away: list[Absence]) -> date:
    """A day the person notified on time: within the 3 days beginning with start, never
    while detained (those days are not counted, so the 3 days run on from release)."""
    deadline = three_day_deadline(start, away)
    days = [deadline - timedelta(days=n) for n in range(NOTIFICATION_DAYS)]
    return rng.choice([d for d in days if d >= start and not _disregarded(d, away)])


def _detained_after_conviction(person: Person, convicted_on: date, start: date) -> tuple[bool, date | None]:
    """Whether the person was detained from the conviction (the custodial sentence, before
    the registration began on release), and until when: the registration's start, or the
    day a custody spell already on the record took over. (False, None) when a recorded
    spell covers the conviction, or there was no time between conviction and start."""
    if person.sro_breach or convicted_on >= start:
        return False, None
    for spell in person.spells:
        if spell.entered_on <= convicted_on and (spell.released_on is None or spell.released_on > convicted_on):
            return False, None
    following = [s.entered_on for s in person.spells if convicted_on <= s.entered_on <= start]
    return True, min(following, default=start)


def notification_events(
    rng: random.Random, writer: Writer, person: Person, spells: list[Spell], end: date, today: date
) -> None:
    """A registered sex offender's notifications from the relevant date to `end`.

    The relevant date is the index conviction (an SRO breach's is the registration's start).
    Convicted to custody, the person was detained until the registration began on release:
    that is recorded as the requirement's release date, so the 3 days of the initial
    notification run from it (s83(6)), as the person's notification clocks compute."""
    registration = person.registration
    if registration is None or person.category != 1 or person.convicted_on is None:
        return
    user_id = registration.record_manager_id
    officer = f"PC {rng.randint(1000, 9999)}"
    relevant = person.convicted_on
    away = [Absence(s.entered_on, s.released_on or today + timedelta(days=1)) for s in spells]
    detained, detained_until = _detained_after_conviction(person, relevant, registration.start_date)
    if detained:
        writer.add_values(
            NotificationRequirement,
            nominal_id=person.nominal.pk,
            basis=RequirementBasis.CONVICTION,
            relevant_date=relevant,
            subject_until=person.archived_on,
            detained_until=detained_until,
            notes="Sentenced to custody on conviction: the 3 days run from release",
            recorded_by_id=user_id,
        )
        away.append(Absence(relevant, detained_until or relevant))
    first = _within_three_days(rng, relevant, away)
    if first > end:
        return
    _notified(writer, person, NotificationKind.INITIAL, first, officer, user_id)
    dated: list[tuple[date, str, date | None]] = []
    for spell in spells:
        if spell.released_on and first < spell.released_on <= end:
            dated.append((_within_three_days(rng, spell.released_on, []), NotificationKind.RELEASE, spell.released_on))
    dated.extend(_move_notifications(rng, person, first, away, end, today))
    restarts = [on for on, _, _ in dated]  # each notification restarts the year (s85(1))
    last = first
    while True:
        due = periodic_notification_due_on(last_notified_on=last, absences=away)
        on = (
            due + timedelta(days=rng.randint(1, 20))
            if rng.random() < 0.03
            else due - timedelta(days=rng.randint(0, 25))
        )
        if _disregarded(on, away):
            on = due  # not at a police station while detained: the s85(3) day after release
        since = [day for day in restarts if last < day < on]
        if since:
            last = min(since)
            continue
        if on > end:
            break
        dated.append((on, NotificationKind.ANNUAL, None))
        last = on
    for on, kind, event_on in sorted(dated):
        _notified(writer, person, kind, on, officer, user_id, event_on)


def _move_notifications(
    rng: random.Random, person: Person, initial_on: date, away: list[Absence], end: date, today: date
) -> list[tuple[date, str, date | None]]:
    """A change of address notification for each move to a new home after the initial
    notification (which gives the home address of its day): nearly all within the 3 days,
    a few late, and a few of the last weeks' moves not notified yet."""
    found: list[tuple[date, str, date | None]] = []
    for moved_on in person.home_moves:
        if not initial_on < moved_on <= end:
            continue
        if moved_on > today - timedelta(days=RECENT_MOVE_DAYS) and rng.random() < MOVE_NOT_YET_NOTIFIED:
            continue
        if rng.random() < MOVE_NOTIFIED_LATE:
            on = three_day_deadline(moved_on, away) + timedelta(days=rng.randint(1, 30))
            if _disregarded(on, away):
                continue  # detained before notifying it: the release notification gives the home
        else:
            on = _within_three_days(rng, moved_on, away)
        if on <= end:
            found.append((on, NotificationKind.CHANGE_OF_ADDRESS, moved_on))
    return found


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
    # The visits follow the latest risk assessment: an OASys rating the public at that risk.
    writer.add_values(
        RiskAssessment,
        nominal_id=person.nominal.pk,
        tool=Tool.OASYS,
        assessed_on=assessed_on,
        assessor="Offender manager (OASys)",
        agency_id=staff.agencies[AgencyKind.PROBATION].pk,
        overall_level=rosh,
        community_public=rosh,
        recorded_by_id=user_id,
    )
    writer.add_values(VisitSchedule, nominal_id=person.nominal.pk, kind=kind, recorded_by_id=user_id)

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
