"""generate_synthetic: made-up people with consistent histories, written in bulk."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Area
from cases.models import LevelChange, PotentiallyDangerousPerson, Registration, RegistrationStatus
from custody.models import CustodyReason, CustodySpell
from devdata.synthetic_histories import RECENT_MOVE_DAYS
from disclosure.models import Disclosure
from kernel.worklist_sources import Wanted, WorklistScope, summarise
from meetings.models import Meeting
from notifications.clocks import HOME_KINDS, notification_clocks_for
from notifications.models import (
    NotificationBreach,
    NotificationEvent,
    NotificationKind,
    NotificationRequirement,
    RequirementBasis,
)
from notifications.selectors import with_clock_facts
from orders.models import BreachOutcome, CivilOrder, OrderBreach, OrderKind
from plans.models import ActionStatus, PlanAction, RiskAssessment, RiskManagementPlan
from referrals.models import Referral, ReferralStatus
from register.models import Address, AddressKind, CustodyStatus, Nominal
from register.search import search_text_for
from reports.annual import ReportScope, annual_report
from rules.clocks import ClockStatus
from rules.compliance import periodic_notification_due_on, three_day_deadline
from rules.reviews import disclosure_review_due_on, next_review_due_on
from transfers.models import Transfer, TransferStatus
from visits.models import HomeVisit, ScheduleKind, VisitSchedule, VisitStatus
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db


def test_it_writes_people_with_histories_that_follow_the_rules() -> None:
    out = StringIO()
    call_command("generate_synthetic", people=400, area="DEMO", seed=3, stdout=out, verbosity=0)
    assert "Added 400 people" in out.getvalue()
    people = Nominal.objects.filter(area__code="DEMO")
    assert people.count() == 400
    person = people.order_by("pk").first()
    assert person is not None and person.reference == f"DEMO-{person.pk:06d}"
    assert person.search_text == search_text_for(
        [person.family_name, person.given_names], [person.reference, person.pnc]
    )
    registrations = Registration.objects.filter(nominal__area__code="DEMO")
    assert registrations.count() + PotentiallyDangerousPerson.objects.count() == 400
    assert not registrations.filter(category=3, level=1).exists()
    # Every registration's next review follows rules.reviews from its last decision.
    for registration in registrations.filter(status=RegistrationStatus.ACTIVE)[:50]:
        assert registration.next_review_due_on == next_review_due_on(
            level=registration.level, last_review_on=registration.last_reviewed_on
        )
        latest = registration.level_changes.order_by("-decided_on", "-pk").first()
        assert latest is not None and latest.to_level == registration.level
    # Each registration starts with its first decision on its start date.
    firsts = LevelChange.objects.filter(from_level__isnull=True, registration__nominal__area__code="DEMO")
    assert firsts.count() == registrations.count()
    assert not firsts.exclude(decided_on=F("registration__start_date")).exists()
    # Mostly category 1, level 1; meetings only at levels 2 and 3.
    shape = dict(registrations.values_list("category").annotate(n=Count("pk")))
    assert shape[1] > registrations.count() * 0.6
    assert set(Meeting.objects.values_list("level", flat=True)) <= {2, 3}
    report = annual_report(ReportScope("DEMO", (Area.objects.get(code="DEMO").pk,)), 2026)
    assert sum(report["snapshot"]["1"].values()) > 0


def test_an_unknown_area_is_refused(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("generate_synthetic", people=5, area="NOPE", stdout=StringIO())


def test_custody_notification_and_visit_histories_follow_the_records() -> None:
    call_command("generate_synthetic", people=600, area="DEMO", seed=11, stdout=StringIO(), verbosity=0)
    today = timezone.localdate()
    people = Nominal.objects.filter(area__code="DEMO")
    # Everyone recorded as in custody has one open spell, and every spell has a custody
    # address with the same dates.
    in_custody = people.filter(custody_status=CustodyStatus.CUSTODY)
    assert in_custody.exists()
    open_spells = CustodySpell.objects.filter(released_on__isnull=True)
    assert set(open_spells.values_list("nominal_id", flat=True)) == set(in_custody.values_list("pk", flat=True))
    spells = set(CustodySpell.objects.values_list("nominal_id", "entered_on", "released_on"))
    addresses = set(Address.objects.filter(kind=AddressKind.CUSTODY).values_list("nominal_id", "from_date", "to_date"))
    assert spells == addresses and CustodySpell.objects.filter(released_on__isnull=False).exists()
    # A spell during a registration keeps the category and level of its first day.
    for spell in CustodySpell.objects.filter(category_at_start__isnull=False).select_related("nominal")[:40]:
        registration = Registration.objects.get(nominal=spell.nominal)
        assert registration.start_date <= spell.entered_on and spell.category_at_start == registration.category
        in_force = (
            registration.level_changes.filter(decided_on__lte=spell.entered_on).order_by("-decided_on", "-pk").first()
        )
        assert in_force is not None and spell.level_at_start == in_force.to_level
    assert not CustodySpell.objects.filter(category_at_start__isnull=False, level_at_start__isnull=True).exists()
    # Only category 1 notify; each notified once initially, within the 3 days when at liberty,
    # never while in custody, and then at least once a year (a few late, by under 3 weeks).
    events = NotificationEvent.objects.filter(nominal__area__code="DEMO")
    assert not events.exclude(nominal__registrations__category=1).exists()
    initials = events.filter(kind=NotificationKind.INITIAL)
    assert initials.values("nominal_id").distinct().count() == initials.count() > 0
    assert events.filter(kind=NotificationKind.ANNUAL).count() > initials.count()
    for spell in CustodySpell.objects.filter(nominal__notification_events__isnull=False).distinct()[:40]:
        during = events.filter(nominal_id=spell.nominal_id, notified_on__gte=spell.entered_on)
        if spell.released_on:
            during = during.filter(notified_on__lt=spell.released_on)
        assert not during.exists()
    for nominal_id in initials.values_list("nominal_id", flat=True)[:60]:
        days = list(events.filter(nominal_id=nominal_id).order_by("notified_on").values_list("notified_on", flat=True))
        spells_of = CustodySpell.objects.filter(nominal_id=nominal_id)
        for earlier, later in itertools.pairwise(days):
            if not spells_of.filter(entered_on__gt=earlier, entered_on__lt=later).exists():
                assert later <= periodic_notification_due_on(last_notified_on=earlier) + timedelta(days=20)
        registration = Registration.objects.get(nominal_id=nominal_id)
        if not spells_of.filter(entered_on__lte=registration.start_date).exists():
            assert days[0] <= three_day_deadline(registration.start_date)
    # Each move to a new home after the initial notification, while subject, is notified as
    # a change of address (the move's day as its event), bar a few of the last weeks' moves.
    category_1 = people.filter(registrations__status=RegistrationStatus.ACTIVE, registrations__category=1)
    initial_on = dict(initials.filter(nominal__in=category_1).values_list("nominal_id", "notified_on"))
    changes = set(events.filter(kind=NotificationKind.CHANGE_OF_ADDRESS).values_list("nominal_id", "event_on"))
    moves = Address.objects.filter(nominal_id__in=initial_on, kind__in=HOME_KINDS).values_list(
        "nominal_id", "from_date"
    )
    after_initial = [(n, moved_on) for n, moved_on in moves if moved_on > initial_on[n]]
    unnotified = [(n, moved_on) for n, moved_on in after_initial if (n, moved_on) not in changes]
    assert len(after_initial) > 50
    assert all(moved_on > today - timedelta(days=RECENT_MOVE_DAYS) for _, moved_on in unnotified)
    # So the stored notification clocks (the worklist's) are rarely overdue, and the initial
    # notification is met within the 3 days that the clock counts from the relevant date.
    overdue = StoredDue.objects.filter(kind="notification", nominal__in=category_1, due_on__lt=today)
    assert overdue.values("nominal_id").distinct().count() <= 0.02 * category_1.count()
    met = 0
    for person in with_clock_facts(category_1.filter(pk__in=initial_on).order_by("pk"))[:80]:
        clocks = [c for c in notification_clocks_for(person, today) if c.key == "soa83.initial_notification"]
        if not clocks:
            continue  # a notification period that has ended: no clocks run
        [initial] = clocks
        assert initial.status == ClockStatus.MET and "late" not in initial.detail, initial.detail
        met += 1
    assert met >= 40
    # Home visits: only to people in the community, each with the agency's schedule and a
    # visit planned; police visit category 1, probation the high-risk at levels 2 and 3.
    visited = HomeVisit.objects.filter(nominal__area__code="DEMO")
    assert visited.filter(status=VisitStatus.COMPLETED).exists()
    assert not visited.exclude(nominal__custody_status=CustodyStatus.COMMUNITY).exists()
    visited_people = set(visited.values_list("nominal_id", flat=True))
    assert visited_people == set(VisitSchedule.objects.values_list("nominal_id", flat=True))
    assert visited_people == set(visited.filter(status=VisitStatus.PLANNED).values_list("nominal_id", flat=True))
    # Probation visits the high-risk: the latest assessment of each person it visits says so.
    probation_visited = VisitSchedule.objects.filter(kind=ScheduleKind.PROBATION).values("nominal_id")
    assert not RiskAssessment.objects.filter(
        nominal_id__in=probation_visited, overall_level__in=["low", "medium"]
    ).exists()
    assert visited_people <= set(RiskAssessment.objects.values_list("nominal_id", flat=True))
    # The snapshot reads the spells: nobody in custody on the day is counted.
    report = annual_report(ReportScope("DEMO", (Area.objects.get(code="DEMO").pk,)), 2026)
    assert sum(sum(row.values()) for row in report["snapshot"].values()) <= people.count() - in_custody.count()


def _last_year_ending(today: date) -> int:
    """The last reporting year (1 April to 31 March) wholly past."""
    return today.year if today.month >= 4 else today.year - 1


def test_orders_breaches_and_returns_give_the_annual_report_something_to_count() -> None:
    call_command("generate_synthetic", people=1500, area="DEMO", seed=7, stdout=StringIO(), verbosity=0)
    today = timezone.localdate()
    demo = Area.objects.get(code="DEMO")
    category_1 = Registration.objects.filter(nominal__area=demo, category=1)
    # About six in ten registered sex offenders have an SHPO (or SOPO) made at sentence,
    # only category 1 people and PDPs hold orders, and PDPs hold only SROs.
    orders = CivilOrder.objects.filter(nominal__area=demo)
    shpos = orders.filter(kind__in=[OrderKind.SHPO, OrderKind.SOPO])
    assert 0.45 * category_1.count() < shpos.count() < 0.75 * category_1.count()
    pdps = PotentiallyDangerousPerson.objects.values("nominal_id")
    assert not orders.exclude(nominal__registrations__category=1).exclude(nominal_id__in=pdps).exists()
    assert not orders.filter(nominal_id__in=pdps).exclude(kind=OrderKind.SRO).exists()
    # Every breach happened while its order was in force.
    breaches = OrderBreach.objects.filter(order__nominal__area=demo).select_related("order")
    assert breaches.exists() and all(b.order.in_force_on(b.breach_on) for b in breaches)
    # Each registration begun by an SRO breach: the conviction or caution for the breach on
    # the registration's first day, and the requirement it brought (rules.orders).
    requirements = NotificationRequirement.objects.filter(nominal__area=demo, basis=RequirementBasis.SRO_BREACH)
    assert requirements.exists()
    for requirement in requirements.select_related("breach__order"):
        breach = requirement.breach
        assert breach is not None and breach.order.kind == OrderKind.SRO
        assert breach.outcome in (BreachOutcome.CONVICTED, BreachOutcome.CAUTION)
        registration = Registration.objects.get(nominal_id=requirement.nominal_id)
        assert requirement.relevant_date == breach.outcome_on == registration.start_date and registration.category == 1
    # A return to custody for breach of an order has the order in force and its breach.
    returns = CustodySpell.objects.filter(nominal__area=demo, reason=CustodyReason.BREACH_OF_ORDER)
    assert returns.exists()
    for spell in returns:
        assert OrderBreach.objects.filter(
            order__nominal_id=spell.nominal_id, breach_on__lte=spell.entered_on, outcome__in=["charged", "convicted"]
        ).exists()
    # Notification breaches: only registered sex offenders, never while in custody.
    notification_breaches = NotificationBreach.objects.filter(nominal__area=demo)
    assert not notification_breaches.exclude(nominal__registrations__category=1).exists()
    for failure in notification_breaches[:80]:
        detained = CustodySpell.objects.filter(nominal_id=failure.nominal_id, entered_on__lte=failure.breach_on).filter(
            Q(released_on__isnull=True) | Q(released_on__gt=failure.breach_on)
        )
        assert not detained.exists()
    # The annual report counts them: notification breaches and SHPOs in the last year, and
    # over the last three years returns to custody and people made subject by an SRO breach.
    scope = ReportScope("DEMO", (demo.pk,))
    year = _last_year_ending(today)
    report = annual_report(scope, year)
    assert report["rso_notification_breaches"] > 0
    assert report["restrictive_orders"]["shpo"] > 0
    reports = [annual_report(scope, y) for y in (year, year - 1, year - 2)]
    returned = [cells for r in reports for line in r["returned_to_custody"].values() for cells in line.values()]
    assert sum(sum(cells.values()) for cells in returned) > 0
    assert sum(r["sro_breach_became_notifiable"] for r in reports) > 0


def test_plans_disclosures_transfers_referrals_and_release_work() -> None:
    call_command("generate_synthetic", people=2500, area="DEMO", seed=21, stdout=StringIO(), verbosity=0)
    today = timezone.localdate()
    demo = Area.objects.get(code="DEMO")
    active = Registration.objects.filter(nominal__area=demo, status=RegistrationStatus.ACTIVE)
    # Plans: every active case with a MAPP meeting held has one; a few at level 1 too.
    met = active.filter(nominal__meetings__held_on__lte=today).distinct()
    plans = RiskManagementPlan.objects.filter(nominal__area=demo)
    assert set(met.values_list("pk", flat=True)) <= set(plans.values_list("registration_id", flat=True))
    assert 0 < plans.filter(registration__level=1).count() < 0.2 * active.filter(level=1).count()
    # SMART actions: owned by an agency, dated; most past their date are done, some overdue.
    actions = PlanAction.objects.filter(plan__nominal__area=demo)
    past = actions.filter(due_on__lt=today)
    overdue = past.exclude(status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
    assert 0 < overdue.count() < 0.35 * past.count()
    assert actions.filter(due_on__gte=today).exists()
    # Disclosure: level 1 decisions carry their 4-monthly review date from rules/, some overdue;
    # at levels 2 and 3 the meeting decides.
    level_1 = Disclosure.objects.filter(nominal__area=demo, level=1)
    assert level_1.exists() and level_1.filter(review_due_on__lt=today).exists()
    for disclosure in level_1[:50]:
        assert disclosure.review_due_on == disclosure_review_due_on(
            category=disclosure.category, level=1, last_decision_on=disclosure.last_reviewed_on or disclosure.decided_on
        )
    assert not Disclosure.objects.filter(nominal__area=demo, level__in=[2, 3], meeting__isnull=True).exists()
    # Transfers: most came in and completed (the person now belongs here), others are going out.
    transfers = Transfer.objects.filter(nominal__area=demo)
    assert 0.005 * active.count() < transfers.count() < 0.03 * active.count()
    completed_in = transfers.filter(status=TransferStatus.COMPLETED, to_area=demo)
    assert completed_in.exists() and not completed_in.filter(from_area=demo).exists()
    assert transfers.exclude(status=TransferStatus.COMPLETED).exists()
    assert not transfers.exclude(status=TransferStatus.COMPLETED).exclude(from_area=demo).exists()
    # Referrals at (nearly) every status of the journey.
    statuses = set(Referral.objects.filter(nominal__area=demo).values_list("status", flat=True))
    assert ReferralStatus.ACCEPTED in statuses and len(statuses) >= 6
    # In custody now: the release date is ahead, for some level 2/3 people within months.
    open_spells = CustodySpell.objects.filter(nominal__area=demo, released_on__isnull=True)
    assert not open_spells.filter(release_on__lte=today).exists()
    soon = open_spells.filter(
        release_on__lte=today + timedelta(days=240),
        nominal__registrations__status=RegistrationStatus.ACTIVE,
        nominal__registrations__level__in=[2, 3],
    )
    assert soon.exists()
    # Stored due dates exist straight after generation, and the co-ordinator's area view
    # has work from every kind of history.
    assert StoredDue.objects.filter(nominal__area=demo, kind="notification").exists()
    assert StoredDue.objects.filter(nominal__area=demo, kind="home-visit").exists()
    scope = WorklistScope(today=today, due_by=today + timedelta(days=28), area_id=demo.pk)
    for kind in ("plan-action", "plan-review", "disclosure-review", "transfer", "notification", "home-visit"):
        assert summarise(kind, scope, Wanted()).total > 0, kind
    # Release work falls due over the coming months (the prison confirms 4 months ahead).
    months_ahead = WorklistScope(today=today, due_by=today + timedelta(days=120), area_id=demo.pk)
    release_work = ("release-date-confirmation", "approved-premises-referral", "end-of-custody-confirmation")
    assert sum(summarise(kind, months_ahead, Wanted()).total for kind in release_work) > 0
