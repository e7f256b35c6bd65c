"""generate_synthetic: made-up people with consistent histories, written in bulk."""

from __future__ import annotations

import itertools
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from accounts.models import Area
from cases.models import LevelChange, PotentiallyDangerousPerson, Registration, RegistrationStatus
from custody.models import CustodySpell
from meetings.models import Meeting
from notifications.models import NotificationEvent, NotificationKind
from register.models import Address, AddressKind, CustodyStatus, Nominal
from register.search import search_text_for
from reports.annual import ReportScope, annual_report
from rules.compliance import periodic_notification_due_on, three_day_deadline
from rules.reviews import next_review_due_on
from visits.models import HomeVisit, ScheduleKind, VisitSchedule, VisitStatus

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
    # Home visits: only to people in the community, each with the agency's schedule and a
    # visit planned; police visit category 1, probation the high-risk at levels 2 and 3.
    visited = HomeVisit.objects.filter(nominal__area__code="DEMO")
    assert visited.filter(status=VisitStatus.COMPLETED).exists()
    assert not visited.exclude(nominal__custody_status=CustodyStatus.COMMUNITY).exists()
    visited_people = set(visited.values_list("nominal_id", flat=True))
    assert visited_people == set(VisitSchedule.objects.values_list("nominal_id", flat=True))
    assert visited_people == set(visited.filter(status=VisitStatus.PLANNED).values_list("nominal_id", flat=True))
    assert not VisitSchedule.objects.filter(kind=ScheduleKind.PROBATION, rosh__in=["low", "medium"]).exists()
    # The snapshot reads the spells: nobody in custody on the day is counted.
    report = annual_report(ReportScope("DEMO", (Area.objects.get(code="DEMO").pk,)), 2026)
    assert sum(sum(row.values()) for row in report["snapshot"].values()) <= people.count() - in_custody.count()
