"""The stored due dates a transaction changes are recomputed once, after it commits: once
per person, for every kind named for them in it, and never for a write rolled back.

The test's own transaction never commits, so each test runs the on-commit work it queued
as a commit would (`django_capture_on_commit_callbacks`); the blocks inside it are savepoints,
which Django treats as it treats a transaction for on-commit work (a rollback discards it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from accounts.models import User
from kernel import due_dates
from kernel.actor import Actor
from kernel.due_dates import Due, dates_changed
from register.models import Nominal
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db

FIRST, SECOND = "test-first", "test-second"


class Rollback(Exception):
    pass


@pytest.fixture
def asked() -> Iterator[list[tuple[str, list[int]]]]:
    """Two test kinds whose calculators note the people each call is asked about, and give
    each person one clock (stored through the worklists' real refresher)."""
    calls: list[tuple[str, list[int]]] = []

    def calculator(kind: str) -> Callable[[Sequence[int], date], list[Due]]:
        def dues(nominal_ids: Sequence[int], today: date) -> list[Due]:
            calls.append((kind, sorted(nominal_ids)))
            return [Due(nominal_id=pk, label=kind, due_on=today + timedelta(days=7)) for pk in nominal_ids]

        return dues

    for kind in (FIRST, SECOND):
        due_dates.register_calculator(kind)(calculator(kind))
    yield calls
    for kind in (FIRST, SECOND):
        del due_dates.CALCULATORS[kind]


@pytest.fixture
def people(police_om: User, make_person: Any, make_registration: Any) -> list[Nominal]:
    """Two people with active registrations (only they have stored clocks)."""
    made = [make_person(police_om), make_person(police_om)]
    for person in made:
        make_registration(person, police_om)
    return made


def each_asked(asked: list[tuple[str, list[int]]]) -> list[tuple[str, int]]:
    """Each (kind, person) a calculator was asked about, as often as it was asked."""
    return sorted((kind, pk) for kind, ids in asked for pk in ids)


def stored_kinds(person: Nominal) -> list[str]:
    return sorted(StoredDue.objects.filter(nominal=person, kind__in=[FIRST, SECOND]).values_list("kind", flat=True))


def test_two_writes_in_one_transaction_recompute_each_person_once_for_the_union_of_kinds(
    people: list[Nominal], asked: list[tuple[str, list[int]]], django_capture_on_commit_callbacks: Any
) -> None:
    one, other = people
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        dates_changed([one.pk], kinds=[FIRST])
        dates_changed([one.pk, other.pk], kinds=[SECOND])
        assert asked == []  # nothing before the commit
    assert len(queued) == 1  # one callback for the transaction
    # One call per group of kinds: the first person for both, the other for the second.
    assert sorted(asked) == [(FIRST, [one.pk]), (SECOND, [one.pk]), (SECOND, [other.pk])]
    assert stored_kinds(one) == [FIRST, SECOND]
    assert stored_kinds(other) == [SECOND]


def test_every_kind_named_once_covers_the_kinds_named_elsewhere_in_the_transaction(
    people: list[Nominal], asked: list[tuple[str, list[int]]], django_capture_on_commit_callbacks: Any
) -> None:
    one, _ = people
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dates_changed([one.pk], kinds=[FIRST])
        dates_changed([one.pk])  # every kind: a registration written
        dates_changed([one.pk], kinds=[SECOND])
    assert each_asked(asked) == [(FIRST, one.pk), (SECOND, one.pk)]
    assert StoredDue.objects.filter(nominal=one, kind="registration-review").count() == 1


def test_a_rolled_back_transaction_recomputes_nothing_and_leaves_nothing_queued(
    people: list[Nominal], asked: list[tuple[str, list[int]]], django_capture_on_commit_callbacks: Any
) -> None:
    one, other = people
    with django_capture_on_commit_callbacks(execute=True) as queued, pytest.raises(Rollback), transaction.atomic():
        dates_changed([one.pk], kinds=[FIRST])
        raise Rollback
    assert queued == [] and asked == []
    assert stored_kinds(one) == []
    # The next transaction starts afresh: only its own person is recomputed.
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        dates_changed([other.pk], kinds=[FIRST])
    assert len(queued) == 1
    assert asked == [(FIRST, [other.pk])]
    assert stored_kinds(one) == []
    assert stored_kinds(other) == [FIRST]


def test_nested_blocks_are_recomputed_once_after_the_outer_one_commits(
    people: list[Nominal], asked: list[tuple[str, list[int]]], django_capture_on_commit_callbacks: Any
) -> None:
    one, other = people
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with transaction.atomic():
            dates_changed([one.pk], kinds=[FIRST])
            with transaction.atomic():
                dates_changed([one.pk, other.pk], kinds=[FIRST])
                with transaction.atomic():
                    dates_changed([other.pk], kinds=[SECOND])
            assert asked == []  # the inner blocks' ends are no commit
        assert asked == []
    assert len(queued) == 1
    assert each_asked(asked) == [(FIRST, one.pk), (FIRST, other.pk), (SECOND, other.pk)]
    assert stored_kinds(one) == [FIRST]
    assert stored_kinds(other) == [FIRST, SECOND]


def test_a_service_write_stores_the_dates_only_once_it_commits(
    police_om: User, make_person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from cases import services as case_services

    person = make_person(police_om)
    register = {
        "actor": Actor(police_om),
        "nominal": person,
        "category": 1,
        "level": 1,
        "lead_agency": police_om.agency,
        "record_manager": police_om,
        "start_date": date(2024, 1, 2),
        "reason": "Registered following sentence",
    }
    with django_capture_on_commit_callbacks(execute=True):
        case_services.register(**register)
        assert not StoredDue.objects.filter(nominal=person).exists()
    assert StoredDue.objects.filter(nominal=person, kind="registration-review").count() == 1
