"""generate_synthetic: made-up people with consistent histories, written in bulk."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from accounts.models import Area
from cases.models import LevelChange, PotentiallyDangerousPerson, Registration, RegistrationStatus
from meetings.models import Meeting
from register.models import Nominal
from register.search import search_text_for
from reports.annual import ReportScope, annual_report
from rules.reviews import next_review_due_on

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
