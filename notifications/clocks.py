"""The notification compliance clocks of one person, from what is recorded.

Every date comes from rules/compliance.py; this module only chooses the facts: the
relevant date (the latest recorded requirement, else the index conviction of a category 1
registration), time detained (the requirement's release date, the custody spells, and a
detention recorded only as the person's status), the notifications made, and the home
moves recorded on the register. Time detained is not counted in any of the clocks: the
3 days of s83(1) and s84(1) (s83(6), s84(5)) and the periodic period (s85(3)-(4)).
It reads prefetched relations (``.all()``) so that a worklist can compute the clocks of
many people from a handful of queries.

Callers check access first: the scoped entry point is notifications.selectors.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cases.models import Category, RegistrationStatus
from register.models import AddressKind, CustodyStatus, Nominal
from rules.clock_events import RELEASE_OPENS_NOTIFICATION, STAYS_OPEN_NOTIFICATION
from rules.clocks import Clock, lateness_detail, make_clock, restated
from rules.compliance import (
    QUALIFYING_STAY,
    Absence,
    ChangeKind,
    StillAway,
    change_notification_clock,
    initial_notification_clock,
    notification_due_on,
    periodic_notification_clock,
    periodic_notification_due_on,
    qualifying_period_reached_on,
    stay_days,
)

from .models import NotificationEvent, NotificationKind, NotificationRequirement

CHANGES: dict[str, ChangeKind] = {
    NotificationKind.CHANGE_OF_NAME: ChangeKind.NAME,
    NotificationKind.CHANGE_OF_ADDRESS: ChangeKind.HOME_ADDRESS,
    NotificationKind.RELEASE: ChangeKind.RELEASE,
}
# Notifications under s83(1), s84(1) and s85(1), each of which restarts the periodic
# period (s85(1)). Foreign travel and household notifications are made under the
# regulations and do not.
RESTARTS_PERIOD = frozenset(
    {
        NotificationKind.INITIAL,
        *CHANGES,
        NotificationKind.QUALIFYING_STAY,
        NotificationKind.WEEKLY,
        NotificationKind.ANNUAL,
    }
)
# Addresses that are a home: a move to one is a change of home address (s84(1)(b)).
HOME_KINDS = frozenset({AddressKind.MAIN, AddressKind.APPROVED_PREMISES})
# An address recorded as secondary, from its first to its last day (open: up to today), is
# a stay there: stays adding up to 7 days bring a notification (s84(1)(c), s84(6)).
STAY_KINDS = frozenset({AddressKind.SECONDARY})


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class Basis:
    """Why and from when the person is subject to notification."""

    relevant_date: date
    description: str
    absences: tuple[Absence, ...] = ()
    subject_until: date | None = None


def _latest_requirement(nominal: Nominal) -> NotificationRequirement | None:
    requirements = sorted(nominal.notification_requirements.all(), key=lambda r: (r.relevant_date, r.pk))
    return requirements[-1] if requirements else None


def _active_category_1(nominal: Nominal) -> bool:
    return any(
        r.status == RegistrationStatus.ACTIVE and r.category == Category.REGISTERED_SEX_OFFENDER
        for r in nominal.registrations.all()
    )


def notification_basis(nominal: Nominal) -> Basis | None:
    """The requirement the clocks run from; None when the person is not known to be subject."""
    requirement = _latest_requirement(nominal)
    if requirement is not None:
        absences: tuple[Absence, ...] = ()
        if requirement.detained_until is not None:
            absences = (Absence(requirement.relevant_date, requirement.detained_until),)
        return Basis(
            relevant_date=requirement.relevant_date,
            description=requirement.get_basis_display(),
            absences=absences,
            subject_until=requirement.subject_until,
        )
    if not _active_category_1(nominal):
        return None
    index = next((c for c in nominal.convictions.all() if c.is_index_offence), None)
    if index is None:
        return None
    return Basis(relevant_date=index.conviction_date, description=f"the index conviction ({index.offence})")


@dataclass(frozen=True)
class TimeAway:
    """Time detained that the clocks do not count: spells that ended, and the one now."""

    ended: tuple[Absence, ...] = ()
    now: StillAway | None = None
    now_detail: str = ""


def time_away(nominal: Nominal, basis: Basis) -> TimeAway:
    """The requirement's detention, the custody spells (released_on None: still inside)
    and a detention the register records only as the person's status (in hospital, or in
    custody with no spell recorded), whose start is then unknown."""
    spells = list(nominal.custody_spells.all())
    ended = basis.absences + tuple(Absence(s.entered_on, s.released_on) for s in spells if s.released_on is not None)
    current = next((s for s in spells if s.released_on is None), None)
    if current is not None:
        since = f"The person has been in custody since {_day(current.entered_on)}"
        return TimeAway(ended, StillAway(current.entered_on), since)
    if nominal.custody_status != CustodyStatus.COMMUNITY:
        status = nominal.get_custody_status_display().lower()
        return TimeAway(ended, StillAway(None), f"The person is {status} now (no custody spell recorded)")
    return TimeAway(ended)


def _waiting_for_release(away: TimeAway, runs: str) -> str:
    record = "recording the release" if away.now and away.now.since else "recording the detention and the release"
    return f"{away.now_detail}: {runs}; {record} gives the date"


def _events(nominal: Nominal, since: date) -> list[NotificationEvent]:
    """Notifications made on or after the relevant date, oldest first."""
    found = [e for e in nominal.notification_events.all() if e.notified_on >= since]
    return sorted(found, key=lambda e: (e.notified_on, e.pk))


def _initial_clock(basis: Basis, away: TimeAway, events: list[NotificationEvent], today: date) -> Clock:
    initial = next((e for e in events if e.kind == NotificationKind.INITIAL), None)
    detail = f"Subject to notification from {_day(basis.relevant_date)}: {basis.description}"
    if basis.absences:
        detail += f"; detained or abroad until {_day(basis.absences[0].end)}, so the 3 days run from then"
    clock = initial_notification_clock(
        relevant_date=basis.relevant_date,
        today=today,
        absences=away.ended,
        still_away=None if initial else away.now,
        notified_on=initial.notified_on if initial else None,
    )
    if initial is None and clock.due_on is None:
        detail += f". {_waiting_for_release(away, 'the 3 days run from release')}"
    if initial is not None:
        detail += f"; notified at {initial.police_station} on {_day(initial.notified_on)}"
    return replace(clock, detail="; ".join(p for p in (detail, clock.detail) if p))


def _unnotified_moves(
    nominal: Nominal, basis: Basis, away: TimeAway, events: list[NotificationEvent], today: date
) -> list[Clock]:
    """A move to a new home recorded on the register with no change notification for it.

    A move on or before the initial notification is no change: the initial notification
    gives the home address the person has then (s83(5)), so it notifies that move."""
    notified = {e.event_on for e in events if e.kind == NotificationKind.CHANGE_OF_ADDRESS}
    initial = next((e for e in events if e.kind == NotificationKind.INITIAL), None)
    clocks = []
    for address in nominal.addresses.all():
        moved_on = address.from_date
        if address.kind not in HOME_KINDS or moved_on <= basis.relevant_date or moved_on > today:
            continue
        if moved_on in notified or (initial is not None and moved_on <= initial.notified_on):
            continue
        clock = change_notification_clock(
            changed_on=moved_on,
            today=today,
            change=ChangeKind.HOME_ADDRESS,
            absences=away.ended,
            still_away=away.now,
        )
        detail = f"Moved to {address} on {_day(moved_on)} (on the register); no change of address notification recorded"
        if clock.due_on is None:
            detail += f". {_waiting_for_release(away, 'the 3 days run from release')}"
        clocks.append(replace(clock, detail=detail))
    return clocks


def _latest_change_clock(
    away: TimeAway,
    events: list[NotificationEvent],
    today: date,
    shown: Collection[int] = (),
) -> Clock | None:
    changes = [e for e in events if e.kind in CHANGES and e.event_on is not None and e.pk not in shown]
    if not changes:
        return None
    latest = max(changes, key=lambda e: (e.event_on or e.notified_on, e.pk))
    assert latest.event_on is not None
    clock = change_notification_clock(
        changed_on=latest.event_on,
        today=today,
        change=CHANGES[latest.kind],
        absences=away.ended,
        notified_on=latest.notified_on,
    )
    detail = f"{latest.get_kind_display()} on {_day(latest.event_on)}, notified on {_day(latest.notified_on)}"
    late = lateness_detail(clock.due_on, latest.notified_on)
    return replace(clock, detail="; ".join(p for p in (detail, late) if p))


def _latest_stay_clock(
    away: TimeAway,
    events: list[NotificationEvent],
    today: date,
    shown: Collection[int] = (),
) -> Clock | None:
    stays = [
        e for e in events if e.kind == NotificationKind.QUALIFYING_STAY and e.event_on is not None and e.pk not in shown
    ]
    if not stays:
        return None
    latest = max(stays, key=lambda e: (e.event_on or e.notified_on, e.pk))
    assert latest.event_on is not None
    due_on = notification_due_on(latest.event_on, away.ended)
    detail = f"Qualifying period reached on {_day(latest.event_on)}; notified on {_day(latest.notified_on)}"
    return make_clock(QUALIFYING_STAY, due_on, today, met_on=latest.notified_on, detail=detail)


def _periodic_clock(nominal: Nominal, away: TimeAway, events: list[NotificationEvent], today: date) -> Clock | None:
    restarting = [e for e in events if e.kind in RESTARTS_PERIOD]
    if not restarting:
        return None
    last = restarting[-1]
    clock = periodic_notification_clock(
        last_notified_on=last.notified_on,
        today=today,
        no_fixed_abode=nominal.no_fixed_abode,
        absences=away.ended,
        still_away=away.now,
    )
    detail = f"From the last notification ({last.get_kind_display().lower()}) on {_day(last.notified_on)}"
    if nominal.no_fixed_abode:
        detail += "; no fixed abode, so weekly"
    if clock.due_on is None:
        detail += f". {_waiting_for_release(away, 'a period ending while detained runs on to 3 days after release')}"
    elif clock.due_on != periodic_notification_due_on(
        last_notified_on=last.notified_on, no_fixed_abode=nominal.no_fixed_abode
    ):
        detail += "; the period would have ended while the person was detained, so it runs on to 3 days after release"
    return replace(clock, detail=detail)


def _release_notifications(
    events: list[NotificationEvent], released_on: date, taken: set[int]
) -> NotificationEvent | None:
    """The release notification made for a release: the one naming its day, else the first
    made on or after it that names no other day."""
    releases = [e for e in events if e.kind == NotificationKind.RELEASE and e.pk not in taken]
    exact = next((e for e in releases if e.event_on == released_on), None)
    if exact is not None:
        return exact
    return next(
        (e for e in releases if e.notified_on >= released_on and (e.event_on is None or e.event_on >= released_on)),
        None,
    )


def _release_clocks(
    nominal: Nominal, basis: Basis, away: TimeAway, events: list[NotificationEvent], today: date
) -> tuple[list[Clock], set[int]]:
    """A release recorded on the custody pages starts the 3 days of s84(1)(d), whether or
    not a notification is recorded; before the initial notification the release starts that
    instead (s83(6)), so only releases after it open a clock. Every clock still running is
    shown, and the latest that has stopped. Also answers the release notifications matched."""
    initial = next((e for e in events if e.kind == NotificationKind.INITIAL), None)
    if initial is None:
        return [], set()
    releases = sorted(
        (s for s in nominal.custody_spells.all() if s.released_on is not None),
        key=lambda s: (s.released_on, s.pk),
    )
    taken: set[int] = set()
    clocks: list[Clock] = []
    for spell in releases:
        released_on = spell.released_on
        assert released_on is not None
        if released_on <= initial.notified_on or released_on <= basis.relevant_date or released_on > today:
            continue
        notified = _release_notifications(events, released_on, taken)
        if notified is not None:
            taken.add(notified.pk)
        due_on = notification_due_on(released_on, away.ended, away.now)
        detail = f"Released from custody on {_day(released_on)} (recorded on the custody pages)"
        if notified is not None:
            detail += f"; notified at {notified.police_station} on {_day(notified.notified_on)}"
        else:
            detail += "; no release notification recorded"
        clocks.append(
            make_clock(
                RELEASE_OPENS_NOTIFICATION,
                due_on,
                today,
                met_on=notified.notified_on if notified else None,
                detail=detail,
            )
        )
    return _running_and_latest(clocks), taken


def _running_and_latest(clocks: list[Clock]) -> list[Clock]:
    """Every clock still running, and the latest of those that have stopped."""
    stopped = [c for c in clocks if not c.is_running]
    return [c for c in clocks if c.is_running or (stopped and c is stopped[-1])]


def _stays(nominal: Nominal, basis: Basis, today: date) -> dict[str, list[tuple[date, date]]]:
    """The recorded stays since the relevant date, by address (the same place recorded more
    than once adds up)."""
    by_place: dict[str, list[tuple[date, date]]] = {}
    for address in nominal.addresses.all():
        if address.kind not in STAY_KINDS:
            continue
        first = max(address.from_date, basis.relevant_date)
        last = min(address.to_date or today, today)
        if first <= last:
            by_place.setdefault(str(address), []).append((first, last))
    return by_place


def _stay_clocks(
    nominal: Nominal, basis: Basis, away: TimeAway, events: list[NotificationEvent], today: date
) -> tuple[list[Clock], set[int]]:
    """Stays recorded at an address adding up to 7 days (in one period or within 12 months)
    start the 3 days of s84(1)(c) on the 7th day, whether or not a notification is recorded.
    A notification of a stay names its 7th day; one naming a day of these stays meets it.
    Also answers the stay notifications matched."""
    stays = [e for e in events if e.kind == NotificationKind.QUALIFYING_STAY and e.event_on is not None]
    taken: set[int] = set()
    clocks = []
    for place, periods in sorted(_stays(nominal, basis, today).items()):
        reached_on = qualifying_period_reached_on(stay_days(periods))
        if reached_on is None:
            continue
        notified = next(
            (
                e
                for e in stays
                if e.pk not in taken and e.event_on is not None and any(a <= e.event_on <= b for a, b in periods)
            ),
            None,
        )
        if notified is not None:
            taken.add(notified.pk)
        due_on = notification_due_on(reached_on, away.ended, away.now)
        detail = f"Stays recorded at {place} add up to 7 days on {_day(reached_on)}"
        if notified is not None:
            detail += f"; notified on {_day(notified.notified_on)}"
        else:
            detail += "; no notification of the stay recorded"
        met_on = notified.notified_on if notified else None
        clocks.append(make_clock(STAYS_OPEN_NOTIFICATION, due_on, today, met_on=met_on, detail=detail))
    return clocks, taken


def first_notification_after_release(nominal: Nominal, convicted_on: date) -> NotificationEvent | None:
    """The notification the indefinite-notification review counts from (s91B): the first
    release notification on or after the conviction, else the first initial notification."""
    events = _events(nominal, convicted_on)
    release = next((e for e in events if e.kind == NotificationKind.RELEASE), None)
    return release or next((e for e in events if e.kind == NotificationKind.INITIAL), None)


def notification_clocks_for(nominal: Nominal, today: date) -> list[Clock]:
    """The initial notification, open and latest changes, releases recorded on the custody
    pages (s84(1)(d)), stays recorded at an address (s84(1)(c)), the latest 7-day stay
    notified, and the next periodic notification. Empty when the person is not subject.
    Once the notification period has ended, the clocks still running then end with it
    (rules/clocks.py: ended): nothing is due, and the page says so."""
    basis = notification_basis(nominal)
    if basis is None:
        return []
    if basis.subject_until is not None and basis.subject_until < today:
        return _ended(_running_clocks(nominal, basis, today), basis.subject_until, today)
    return _running_clocks(nominal, basis, today)


def _ended(clocks: list[Clock], subject_until: date, today: date) -> list[Clock]:
    """The clocks, with those still running ended the day after the last day subject."""
    ended_on = subject_until + timedelta(days=1)
    words = f"Notification ended on {_day(subject_until)}: nothing is due"
    return [
        replace(restated(c, today, ended_on=ended_on), detail="; ".join(p for p in (c.detail, words) if p))
        if c.is_running
        else c
        for c in clocks
    ]


def _running_clocks(nominal: Nominal, basis: Basis, today: date) -> list[Clock]:
    events = _events(nominal, basis.relevant_date)
    away = time_away(nominal, basis)
    clocks = [_initial_clock(basis, away, events, today)]
    clocks.extend(_unnotified_moves(nominal, basis, away, events, today))
    releases, notified_releases = _release_clocks(nominal, basis, away, events, today)
    clocks.extend(releases)
    stays, notified_stays = _stay_clocks(nominal, basis, away, events, today)
    clocks.extend(stays)
    for optional in (
        _latest_change_clock(away, events, today, notified_releases),
        _latest_stay_clock(away, events, today, notified_stays),
    ):
        if optional is not None:
            clocks.append(optional)
    periodic = _periodic_clock(nominal, away, events, today)
    if periodic is not None:
        clocks.append(periodic)
    return clocks
