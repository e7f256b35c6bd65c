"""Every write to notification records: notifications made, the requirement, breaches.

Each write is one transaction with its audit event. Views and the API have already asked
access.policy.can_record_rso; bad input is refused with the field and the rule named.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kernel import records as kernel_records
from kernel.actor import Actor
from kernel.due_dates import NOTIFICATION, dates_changed
from kernel.errors import collect
from orders.models import CivilOrder, OrderBreach, OrderKind
from orders.rso_records import audited, cleaned, edited
from orders.services import breach_errors
from register.models import Nominal
from rules.errors import RuleInputError
from rules.indefinite_review import (
    REASONS_WHEN_CONTINUING,
    determination_due_on,
    further_review_eligible_on,
    indefinite_review_eligible_on,
    last_day_subject_after_discharge,
)
from rules.orders import sro_breach_notification

from .clocks import first_notification_after_release
from .models import (
    IndefiniteReview,
    NotificationBreach,
    NotificationEvent,
    NotificationKind,
    NotificationRequirement,
    RequirementBasis,
    ReviewDetermination,
)

EVENT_FIELDS = ("kind", "notified_on", "event_on", "police_station", "officer", "details")
REQUIREMENT_FIELDS = ("basis", "relevant_date", "subject_until", "detained_until", "notes")
BREACH_FIELDS = ("breach_on", "description", "outcome", "outcome_on")

# Kinds that notify something that happened on a day of its own (the change, the release,
# the 7th day of a stay, the departure abroad, moving in with a child).
DATED_KINDS = frozenset(
    {
        NotificationKind.CHANGE_OF_NAME,
        NotificationKind.CHANGE_OF_ADDRESS,
        NotificationKind.RELEASE,
        NotificationKind.QUALIFYING_STAY,
        NotificationKind.FOREIGN_TRAVEL,
        NotificationKind.HOUSEHOLD_WITH_CHILD,
    }
)
# A stay or a household is notified once it has happened; a change, a release or travel
# may be notified beforehand, giving its expected date (s84(2), and the 2012 regulations).
AFTER_THE_EVENT = frozenset({NotificationKind.QUALIFYING_STAY, NotificationKind.HOUSEHOLD_WITH_CHILD})

NOTIFIED_IN_FUTURE = "The notification date must be today or in the past: record a notification once it is made"
EVENT_DATE_NEEDED = "Enter the date of the {what} (rule soa84: the 3 days run from it)"
EVENT_DATE_NOT_WANTED = "An initial or periodic notification has no separate event date: leave it blank"
STAY_BEFORE_NOTIFICATION = (
    "A 7-day stay or a household with a child is notified after it begins: the date must be on or before "
    "the notification date"
)
DATE_IN_FUTURE = "The date must be today or in the past"
DETAINED_BEFORE_RELEVANT = "The release or return date must be on or after the relevant date"


def _event_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    kind, notified_on, event_on = values.get("kind"), values.get("notified_on"), values.get("event_on")
    if kind not in NotificationKind.values:
        errors["kind"] = ["Select the kind of notification"]
    if not isinstance(notified_on, date):
        errors["notified_on"] = ["Enter the date the notification was made"]
    elif notified_on > today:
        errors["notified_on"] = [NOTIFIED_IN_FUTURE]
    if not values.get("police_station"):
        errors["police_station"] = ["Enter the police station where the notification was made"]
    if not values.get("officer"):
        errors["officer"] = ["Enter the officer who took the notification"]
    if kind in DATED_KINDS:
        if not isinstance(event_on, date):
            label = NotificationKind(kind).label.lower()
            errors["event_on"] = [EVENT_DATE_NEEDED.format(what=label)]
        elif kind in AFTER_THE_EVENT and isinstance(notified_on, date) and event_on > notified_on:
            errors["event_on"] = [STAY_BEFORE_NOTIFICATION]
    elif kind in NotificationKind.values and event_on is not None:
        errors["event_on"] = [EVENT_DATE_NOT_WANTED]
    return errors


def record_notification(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> NotificationEvent:
    """A notification made at a police station: initial, a change, a stay, travel, periodic."""
    values = cleaned(values, EVENT_FIELDS)
    values.setdefault("event_on", None)
    collect(_event_errors(values))
    with transaction.atomic():
        event = NotificationEvent.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        dates_changed([nominal.pk], kinds=[NOTIFICATION])
        audited(actor, "notification.create", event, nominal.pk, kind=event.kind)
    return event


def update_notification(
    *, actor: Actor, event: NotificationEvent, values: dict[str, Any], expected_version: int | None = None
) -> NotificationEvent:
    values = cleaned(values, EVENT_FIELDS)
    with transaction.atomic():
        saved = edited(
            event,
            values,
            fields=EVENT_FIELDS,
            expected_version=expected_version,
            problems=lambda _, merged: _event_errors(merged),
        )
        dates_changed([saved.nominal_id], kinds=[NOTIFICATION])
        audited(actor, "notification.update", saved, saved.nominal_id, fields=sorted(values))
    return saved


def _requirement_errors(values: dict[str, Any], nominal: Nominal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    relevant = values.get("relevant_date")
    if values.get("basis") not in RequirementBasis.values:
        errors["basis"] = ["Select why the person is subject to notification"]
    if not isinstance(relevant, date):
        errors["relevant_date"] = ["Enter the relevant date"]
    elif relevant > today:
        errors["relevant_date"] = [DATE_IN_FUTURE]
    elif relevant < nominal.date_of_birth:
        errors["relevant_date"] = ["The relevant date must be after the date of birth"]
    detained, until = values.get("detained_until"), values.get("subject_until")
    if isinstance(relevant, date) and isinstance(detained, date) and detained < relevant:
        errors["detained_until"] = [DETAINED_BEFORE_RELEVANT]
    if isinstance(relevant, date) and isinstance(until, date) and until < relevant:
        errors["subject_until"] = ["The last day subject must be on or after the relevant date"]
    return errors


def record_requirement(
    *,
    actor: Actor,
    nominal: Nominal,
    values: dict[str, Any],
    order: CivilOrder | None = None,
    breach: OrderBreach | None = None,
) -> NotificationRequirement:
    """That the person is subject to notification from a relevant date, and why."""
    values = cleaned(values, REQUIREMENT_FIELDS)
    collect(_requirement_errors(values, nominal))
    with transaction.atomic():
        requirement = NotificationRequirement.objects.create(
            nominal=nominal, order=order, breach=breach, recorded_by=actor.user, **values
        )
        dates_changed([nominal.pk], kinds=[NOTIFICATION])
        audited(
            actor,
            "notification_requirement.create",
            requirement,
            nominal.pk,
            basis=requirement.basis,
            relevant_date=requirement.relevant_date.isoformat(),
        )
    return requirement


def update_requirement(
    *,
    actor: Actor,
    requirement: NotificationRequirement,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> NotificationRequirement:
    values = cleaned(values, REQUIREMENT_FIELDS)
    with transaction.atomic():
        saved = edited(
            requirement,
            values,
            fields=REQUIREMENT_FIELDS,
            expected_version=expected_version,
            problems=lambda fresh, merged: _requirement_errors(merged, fresh.nominal),
        )
        dates_changed([saved.nominal_id], kinds=[NOTIFICATION])
        audited(actor, "notification_requirement.update", saved, saved.nominal_id, fields=sorted(values))
    return saved


def subject_after_sro_breach(actor: Actor, breach: OrderBreach) -> NotificationRequirement | None:
    """A conviction or caution for breaching a Sexual Risk Order makes the person subject to
    notification from that day until the order ends (rules.orders.SRO_BREACH_NOTIFICATION).
    Run by orders.services inside the transaction that records the breach's outcome (it is
    registered there from NotificationsConfig.ready); once per breach."""
    order = breach.order
    if order.kind != OrderKind.SRO or not breach.outcome or breach.outcome_on is None:
        return None
    consequence = sro_breach_notification(
        outcome=breach.outcome,
        dealt_with_on=breach.outcome_on,
        order_made_on=order.made_on,
        order_ends_on=order.has_effect_until,
    )
    if consequence is None or NotificationRequirement.objects.filter(breach=breach).exists():
        return None
    until = f"until {consequence.subject_until:%d %B %Y}" if consequence.subject_until else "until further order"
    return record_requirement(
        actor=actor,
        nominal=order.nominal,
        values={
            "basis": RequirementBasis.SRO_BREACH,
            "relevant_date": consequence.relevant_date,
            "subject_until": consequence.subject_until,
            "notes": (
                f"{breach.get_outcome_display()} on {consequence.relevant_date:%d %B %Y} for breach of the Sexual "
                f"Risk Order made {order.made_on:%d %B %Y}: subject to notification {until} "
                f"(rule {consequence.rule.key}; {consequence.rule.citation})"
            ),
        },
        order=order,
        breach=breach,
    )


def record_breach(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> NotificationBreach:
    """A breach of the notification requirements, with its outcome when known."""
    values = cleaned(values, BREACH_FIELDS)
    values.setdefault("outcome", "")
    values.setdefault("outcome_on", None)
    collect(breach_errors(values))
    with transaction.atomic():
        breach = NotificationBreach.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        audited(actor, "notification_breach.create", breach, nominal.pk, outcome=breach.outcome)
    return breach


def update_breach(
    *, actor: Actor, breach: NotificationBreach, values: dict[str, Any], expected_version: int | None = None
) -> NotificationBreach:
    values = cleaned(values, BREACH_FIELDS)
    with transaction.atomic():
        saved = edited(
            breach,
            values,
            fields=BREACH_FIELDS,
            expected_version=expected_version,
            problems=lambda _, merged: breach_errors(merged),
        )
        audited(actor, "notification_breach.update", saved, saved.nominal_id, outcome=saved.outcome)
    return saved


# --- Review of indefinite notification requirements (SOA 2003 s91A-s91F) ----------------

APPLICATION_FIELDS = ("received_on", "notes")
DETERMINATION_FIELDS = ("determination", "determined_on", "notice_received_on", "reasons", "further_review_years")
# Indefinite by virtue of s80(1) or s81(1) (a conviction, caution or finding) or a
# notification order (s91A(3)); a requirement brought by an SRO breach lasts as the order does.
REVIEWABLE_BASES = frozenset({RequirementBasis.CONVICTION, RequirementBasis.NOTIFICATION_ORDER})
# Orders that must be discharged before an application may be made (s91A(2)(b)).
BARRING_ORDERS = (OrderKind.SHPO, OrderKind.SOPO)

NOT_INDEFINITE = (
    "Only indefinite notification requirements can be reviewed (s91A(3)): choose a requirement from a "
    "conviction, caution, finding or notification order with no last day recorded"
)
ALREADY_OPEN = "An application about this requirement is waiting for a determination: record that first"
ALREADY_DETERMINED = "The determination is recorded: a further application is a new review"
REASONS_NEEDED = (
    f"Give the reasons: the notice must state them when the requirements continue (rule {REASONS_WHEN_CONTINUING.key})"
)


def _first_qualifying_date(requirement: NotificationRequirement) -> tuple[date, str]:
    """The qualifying date (rules.indefinite_review) and how it was found. With no
    notification after release recorded, the relevant date gives the earliest it can be."""
    nominal = requirement.nominal
    first = first_notification_after_release(nominal, requirement.relevant_date)
    eligibility = indefinite_review_eligible_on(
        first_notified_after_release_on=first.notified_on if first else requirement.relevant_date,
        date_of_birth=nominal.date_of_birth,
        relevant_date=requirement.relevant_date,
    )
    since = (
        f"the first notification after release on {first.notified_on:%d %B %Y}"
        if first
        else "the relevant date (no notification after release is recorded)"
    )
    return eligibility.eligible_on, f"{eligibility.years} years from {since}, rule {eligibility.rule.key}"


def _application_errors(values: dict[str, Any], requirement: Any, nominal: Nominal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    received_on = values.get("received_on")
    if not isinstance(requirement, NotificationRequirement) or requirement.nominal_id != nominal.pk:
        errors["requirement"] = ["Select the notification requirement the application is about"]
    elif requirement.basis not in REVIEWABLE_BASES or requirement.subject_until is not None:
        errors["requirement"] = [NOT_INDEFINITE]
    elif IndefiniteReview.objects.filter(requirement=requirement, determination="").exists():
        errors["requirement"] = [ALREADY_OPEN]
    if not isinstance(received_on, date):
        errors["received_on"] = ["Enter the date the application was received"]
    elif received_on > timezone.localdate():
        errors["received_on"] = [DATE_IN_FUTURE]
    if errors:
        return errors
    assert isinstance(received_on, date) and isinstance(requirement, NotificationRequirement)
    qualifying_on, how = _first_qualifying_date(requirement)
    if received_on < qualifying_on:
        errors["received_on"] = [
            f"An application may be made on or after the qualifying date, {qualifying_on:%d %B %Y} ({how})"
        ]
    further = (
        IndefiniteReview.objects.filter(requirement=requirement, determination=ReviewDetermination.CONTINUES)
        .order_by("-determined_on")
        .first()
    )
    if further is not None and further.next_application_from and received_on < further.next_application_from:
        errors["received_on"] = [
            f"A further application may be made on or after {further.next_application_from:%d %B %Y}, the further "
            f"qualifying date set on {further.determined_on:%d %B %Y} (rule soa91b.further_review)"
        ]
    barred = nominal.civil_orders.filter(kind__in=BARRING_ORDERS, made_on__lte=received_on)
    if any(order.in_force_on(received_on) for order in barred):
        errors["received_on"] = [
            "The person was subject to a sexual harm prevention order (or SOPO) on that day: it must be "
            "discharged before an application may be made (s91A(2)(b))"
        ]
    return errors


def record_review_application(
    *, actor: Actor, nominal: Nominal, requirement: NotificationRequirement | None, values: dict[str, Any]
) -> IndefiniteReview:
    """A written application for review of the indefinite notification requirements,
    received by the police; its determination falls due under rules.indefinite_review."""
    values = cleaned(values, APPLICATION_FIELDS)
    with transaction.atomic():
        if requirement is not None:
            # Held until the review is written, so two applications cannot both be the open one.
            requirement = NotificationRequirement.objects.select_for_update().get(pk=requirement.pk)
        collect(_application_errors(values, requirement, nominal))
        assert requirement is not None
        review = IndefiniteReview.objects.create(
            nominal=nominal,
            requirement=requirement,
            received_on=values["received_on"],
            notes=values.get("notes", ""),
            determine_by=determination_due_on(received_on=values["received_on"]),
            recorded_by=actor.user,
        )
        audited(
            actor,
            "indefinite_review.create",
            review,
            nominal.pk,
            received_on=review.received_on.isoformat(),
            determine_by=review.determine_by.isoformat(),
        )
    return review


def _determination_errors(values: dict[str, Any], review: IndefiniteReview) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    outcome, determined_on = values.get("determination"), values.get("determined_on")
    notice_on, years = values.get("notice_received_on"), values.get("further_review_years")
    if review.is_determined:
        return {"determination": [ALREADY_DETERMINED]}
    if outcome not in ReviewDetermination.values:
        errors["determination"] = ["Select the determination"]
    if not isinstance(determined_on, date):
        errors["determined_on"] = ["Enter the date of the determination"]
    elif determined_on > today:
        errors["determined_on"] = [DATE_IN_FUTURE]
    elif determined_on < review.received_on:
        errors["determined_on"] = ["The determination must be on or after the day the application was received"]
    if outcome == ReviewDetermination.CONTINUES:
        if not values.get("reasons"):
            errors["reasons"] = [REASONS_NEEDED]
        if isinstance(years, int) and isinstance(determined_on, date):
            try:
                further_review_eligible_on(determined_on=determined_on, years=years)
            except RuleInputError as error:
                errors["further_review_years"] = [
                    f"The further period is 8 years, or longer up to 15 (rule soa91b.further_review): {error.message}"
                ]
    if outcome == ReviewDetermination.DISCHARGED:
        if not isinstance(notice_on, date):
            errors["notice_received_on"] = [
                "Enter the date the person received the notice: the requirements end that day (rule "
                "soa91c.discharge_on_notice)"
            ]
        elif notice_on > today:
            errors["notice_received_on"] = [DATE_IN_FUTURE]
        elif isinstance(determined_on, date) and notice_on < determined_on:
            errors["notice_received_on"] = ["The notice must be received on or after the date of the determination"]
        if isinstance(years, int):
            errors["further_review_years"] = ["A further review period is set only when the requirements continue"]
    return errors


def record_determination(
    *, actor: Actor, review: IndefiniteReview, values: dict[str, Any], expected_version: int | None = None
) -> IndefiniteReview:
    """The police's determination. Continuing needs reasons and gives the further qualifying
    date; a discharge ends the requirement (its last day subject) in the same transaction."""
    values = cleaned(values, DETERMINATION_FIELDS)
    with transaction.atomic():
        locked = kernel_records.locked(review, expected_version)
        collect(_determination_errors(values, locked))
        outcome, determined_on = values["determination"], values["determined_on"]
        locked.determination, locked.determined_on = outcome, determined_on
        locked.reasons = values.get("reasons", "")
        locked.determined_by = actor.user
        if outcome == ReviewDetermination.CONTINUES:
            years = values.get("further_review_years") or 8
            locked.further_review_years = years
            locked.next_application_from = further_review_eligible_on(determined_on=determined_on, years=years)
        else:
            locked.notice_received_on = values["notice_received_on"]
            requirement = NotificationRequirement.objects.select_for_update().get(pk=locked.requirement_id)
            if requirement.subject_until is not None:
                collect({"determination": [NOT_INDEFINITE]})
            last_day = last_day_subject_after_discharge(
                notice_received_on=locked.notice_received_on, determined_on=determined_on
            )
            note = (
                f"Discharged on review: determined {determined_on:%d %B %Y}, notice received "
                f"{locked.notice_received_on:%d %B %Y} (rule soa91c.discharge_on_notice)"
            )
            update_requirement(
                actor=actor,
                requirement=requirement,
                values={
                    "subject_until": max(last_day, requirement.relevant_date),
                    "notes": f"{requirement.notes}\n{note}".strip(),
                },
            )
            # The category 1 registration resting on the requirement ends with it, in this
            # transaction and audited (rules.exit_guard.EXIT_ON_DISCHARGE).
            from cases.services import leave_on_discharge

            leave_on_discharge(actor=actor, nominal=locked.nominal, left_on=locked.notice_received_on, reason=note)
        kernel_records.save_new_version(locked)
        audited(
            actor,
            "indefinite_review.determine",
            locked,
            locked.nominal_id,
            determination=outcome,
            determined_on=determined_on.isoformat(),
        )
    return locked
