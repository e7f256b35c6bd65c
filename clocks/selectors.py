"""Every clock that applies to a person, computed from the facts on record today.

The dates all come from rules/: this module reads the record (scoped to the requesting
user through access.policy), chooses which rules apply to it, and passes the facts in.
Where a clock needs a fact that is not recorded, it is still shown, without a date, and
its detail says what is missing, so the practitioner knows the clock exists.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cases.models import Registration
from custody.selectors import latest_licence_expiry
from notifications.clocks import first_notification_after_release, notification_clocks_for
from register.models import Conviction, Nominal
from register.selectors import current_registration
from rules.clocks import Clock, make_clock
from rules.errors import RuleInputError
from rules.exit import (
    CATEGORY_1_EXIT,
    CATEGORY_2_EXIT,
    CATEGORY_4_EXIT,
    RETENTION_REVIEW,
    mappa_exit,
    retention_review_on,
)
from rules.indefinite_review import indefinite_review_eligible_on
from rules.notification import NOTIFICATION_TABLE, Disposal, NotificationPeriod, notification_period
from rules.reviews import next_review_due_on, review_rule
from rules.rule import Rule
from rules.terrorism import terrorism_notification_period

from .calculator import DISPOSAL_LABELS, humanise, period_in_words

# The conviction form records a life sentence as 1200 months (register/forms.py).
LIFE_SENTENCE_MONTHS = 1200

CATEGORY_1_EXIT_LABEL = "Notification ends: leaves MAPPA (category 1)"
CATEGORY_2_EXIT_LABEL = "Licence expiry or end of hospital order restrictions: leaves MAPPA (category 2)"
CATEGORY_3_EXIT_LABEL = "Leaves MAPPA only by a MAPP meeting decision (category 3)"
CATEGORY_4_EXIT_LABEL = "Terrorism notification ends: leaves MAPPA (category 4)"
INDEFINITE_REVIEW_LABEL = "May apply for review of indefinite notification"
NO_INDEX_OFFENCE = (
    "No index offence is recorded: record it, with its disposal and sentence, on the "
    "Convictions page to compute this date."
)


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _clock(
    rule: Rule,
    due_on: date | None,
    today: date,
    *,
    label: str = "",
    citation: str = "",
    met_on: date | None = None,
    detail: str = "",
) -> Clock:
    clock = make_clock(rule, due_on, today, met_on=met_on, detail=detail)
    return replace(clock, label=label or clock.label, citation=citation or clock.citation)


def _left_mappa_on(registration: Registration, today: date) -> date | None:
    """The day an archived registration left MAPPA: that stops its exit clock."""
    if registration.is_active or registration.archived_on is None or registration.archived_on > today:
        return None
    return registration.archived_on


def _index_conviction(nominal: Nominal) -> Conviction | None:
    # At most one index offence (a constraint); .all() uses the prefetched convictions.
    return next((c for c in nominal.convictions.all() if c.is_index_offence), None)


def review_clock(registration: Registration, today: date) -> Clock:
    """The next review: the date recorded on the registration (the level's cadence from the
    last review, or an earlier date agreed at a meeting, rules.agreed_review), so the clock,
    the worklists and the registration page tell the same date."""
    cadence = next_review_due_on(level=registration.level, last_review_on=registration.last_reviewed_on)
    due_on = registration.next_review_due_on or cadence
    detail = f"Last reviewed {_day(registration.last_reviewed_on)}"
    if due_on != cadence:
        detail += f"; agreed for {_day(due_on)} (the level's cadence gives {_day(cadence)})"
    return _clock(review_rule(registration.level), due_on, today, detail=detail)


def retention_clock(nominal: Nominal, today: date) -> Clock:
    """The review for deletion at the person's 100th birthday (rules.exit)."""
    return _clock(
        RETENTION_REVIEW,
        retention_review_on(nominal.date_of_birth),
        today,
        detail="The person's 100th birthday: the record is reviewed, expecting deletion",
    )


def _s82_period(nominal: Nominal, conviction: Conviction) -> NotificationPeriod:
    """The SOA 2003 s82 period for the index conviction.

    The conviction records one sentence length: the custodial term for custody (1200 for
    life) and, for a conditional discharge, the length of the discharge.
    """
    months = conviction.sentence_months
    life = conviction.disposal == Disposal.CUSTODY and months is not None and months >= LIFE_SENTENCE_MONTHS
    return notification_period(
        date_of_birth=nominal.date_of_birth,
        relevant_date=conviction.conviction_date,
        disposal=conviction.disposal,
        custody_months=months if conviction.disposal == Disposal.CUSTODY and not life else None,
        discharge_months=months if conviction.disposal == Disposal.CONDITIONAL_DISCHARGE else None,
        life=life,
    )


def _describe_s82(period: NotificationPeriod, relevant_date: date) -> str:
    row = next(r for r in NOTIFICATION_TABLE if r.rule.key == period.rule_key)
    if period.indefinite:
        return (
            f"Indefinite notification ({row.rule.label}): there is no exit date; the record is "
            "archived on death or after a successful review"
        )
    assert period.last_day is not None
    halved = ", halved as under 18 on the relevant date" if period.under_18 and row.halved_under_18 else ""
    return (
        f"Notification for {period_in_words(period).lower()} from the conviction on {_day(relevant_date)} "
        f"({row.rule.label}{halved}); subject up to and including {_day(period.last_day)}"
    )


def _category_1_clocks(nominal: Nominal, registration: Registration, today: date) -> list[Clock]:
    left_on = _left_mappa_on(registration, today)
    conviction = _index_conviction(nominal)
    if conviction is None:
        return [
            _clock(CATEGORY_1_EXIT, None, today, label=CATEGORY_1_EXIT_LABEL, met_on=left_on, detail=NO_INDEX_OFFENCE)
        ]
    try:
        period = _s82_period(nominal, conviction)
    except RuleInputError as error:
        detail = f"No date can be computed from the index offence. {humanise(error.message)}."
        return [_clock(CATEGORY_1_EXIT, None, today, label=CATEGORY_1_EXIT_LABEL, met_on=left_on, detail=detail)]
    leaving = mappa_exit(category=1, notification=period)
    clocks = [
        _clock(
            leaving.rule,
            leaving.exit_on,
            today,
            label=CATEGORY_1_EXIT_LABEL,
            citation=f"{period.citation}; {leaving.rule.citation}",
            met_on=left_on,
            detail=_describe_s82(period, conviction.conviction_date),
        )
    ]
    if period.indefinite:
        clocks.append(_indefinite_review_clock(nominal, conviction, today))
    return clocks


def _indefinite_review_clock(nominal: Nominal, conviction: Conviction, today: date) -> Clock:
    """SOA 2003 s91B: eligibility runs from the first notification after release.

    That notification is taken from the notifications recorded (notifications app): the
    first release notification after the conviction, else the initial notification. With
    neither recorded no date is given; the conviction date gives the earliest it could be,
    since that notification comes on or after the conviction.
    """
    first = first_notification_after_release(nominal, conviction.conviction_date)
    earliest = indefinite_review_eligible_on(
        first_notified_after_release_on=first.notified_on if first else conviction.conviction_date,
        date_of_birth=nominal.date_of_birth,
        relevant_date=conviction.conviction_date,
    )
    under_18 = " (8 rather than 15 as under 18 on the relevant date)" if earliest.under_18 else ""
    if first is not None:
        detail = (
            f"Eligible {earliest.years} years{under_18} after the first notification following release "
            f"from custody: the {first.get_kind_display().lower()} on {_day(first.notified_on)}."
        )
        return _clock(earliest.rule, earliest.eligible_on, today, label=INDEFINITE_REVIEW_LABEL, detail=detail)
    detail = (
        f"Eligible {earliest.years} years{under_18} after the first notification following release "
        "from custody. That date is not recorded, so no date is computed; it cannot be before "
        f"{_day(earliest.eligible_on)}, {earliest.years} years after the conviction."
    )
    return _clock(earliest.rule, None, today, label=INDEFINITE_REVIEW_LABEL, detail=detail)


def _category_2_clocks(registration: Registration, today: date) -> list[Clock]:
    # The licence expiry is recorded on the person's custody spells (custody app).
    licence_expiry_on = latest_licence_expiry(registration.nominal)
    if licence_expiry_on is None:
        exit_on = None
        detail = (
            "Neither the licence expiry date nor the end of hospital order restrictions is recorded, "
            "so no date is computed."
        )
    else:
        exit_on = mappa_exit(category=2, licence_expiry_on=licence_expiry_on).exit_on
        detail = f"The licence expires on {_day(licence_expiry_on)} (recorded on the custody spell)."
    return [
        _clock(
            CATEGORY_2_EXIT,
            exit_on,
            today,
            label=CATEGORY_2_EXIT_LABEL,
            met_on=_left_mappa_on(registration, today),
            detail=detail,
        )
    ]


def _category_3_clocks(registration: Registration, today: date) -> list[Clock]:
    leaving = mappa_exit(category=3)
    detail = (
        "No date is computed: a level 2 or 3 MAPP meeting decides when the risk no longer needs management under MAPPA."
    )
    return [
        _clock(
            leaving.rule,
            leaving.exit_on,
            today,
            label=CATEGORY_3_EXIT_LABEL,
            met_on=_left_mappa_on(registration, today),
            detail=detail,
        )
    ]


def _category_4_clocks(nominal: Nominal, registration: Registration, today: date) -> list[Clock]:
    left_on = _left_mappa_on(registration, today)

    def undated(detail: str) -> list[Clock]:
        return [_clock(CATEGORY_4_EXIT, None, today, label=CATEGORY_4_EXIT_LABEL, met_on=left_on, detail=detail)]

    conviction = _index_conviction(nominal)
    if conviction is None:
        return undated(NO_INDEX_OFFENCE)
    months = conviction.sentence_months
    if conviction.disposal == Disposal.CUSTODY:
        if months is None:
            return undated("The sentence length of the index offence is not recorded, so no date is computed.")
        life = months >= LIFE_SENTENCE_MONTHS
        sentence_months = None if life else months
    elif conviction.disposal in (Disposal.HOSPITAL_WITH_RESTRICTION, Disposal.HOSPITAL_WITHOUT_RESTRICTION):
        life, sentence_months = False, None
    else:
        label = DISPOSAL_LABELS[Disposal(conviction.disposal)].lower()
        return undated(
            f"The index disposal ({label}) does not bring notification under the Counter-Terrorism "
            "Act 2008 (s45), so no date is computed."
        )
    try:
        period = terrorism_notification_period(
            sentence_months=sentence_months,
            life=life,
            relevant_date=conviction.conviction_date,
            date_of_birth=nominal.date_of_birth,
        )
    except RuleInputError as error:
        return undated(f"No date can be computed from the index offence. {humanise(error.message)}.")
    leaving = mappa_exit(category=4, terrorism_notification=period)
    detail = (
        f"Notification for {period.years} years from {_day(conviction.conviction_date)} ({period.basis}). "
        "Time in custody or detention after the person is dealt with does not count (s53(7)); "
        "it is not recorded here, so the exit may be later."
    )
    return [
        _clock(
            leaving.rule,
            leaving.exit_on,
            today,
            label=CATEGORY_4_EXIT_LABEL,
            citation=f"{period.citation}; {leaving.rule.citation}",
            met_on=left_on,
            detail=detail,
        )
    ]


def _category_clocks(nominal: Nominal, registration: Registration, today: date) -> list[Clock]:
    if registration.category == 1:
        return _category_1_clocks(nominal, registration, today)
    if registration.category == 2:
        return _category_2_clocks(registration, today)
    if registration.category == 3:
        return _category_3_clocks(registration, today)
    return _category_4_clocks(nominal, registration, today)


def person_clocks(nominal: Nominal, today: date) -> list[Clock]:
    """The registration's clocks, the notification clocks and the retention review of one
    person (unscoped: clocks/states.py adds the custody and visit clocks and is what
    callers use).

    The next review by level (while the registration is active), the exit clocks of the
    registration's category (with the notification period they depend on), the review
    of indefinite notification where it applies, and the retention review at 100.
    """
    registration = current_registration(nominal)
    clocks: list[Clock] = []
    if registration is not None:
        if registration.is_active:
            clocks.append(review_clock(registration, today))
        clocks.extend(_category_clocks(nominal, registration, today))
    # Notification compliance (initial, changes, releases, stays, re-notification) from the
    # records, for category 1 or anyone recorded as subject to notification.
    clocks.extend(notification_clocks_for(nominal, today))
    clocks.append(retention_clock(nominal, today))
    return clocks
