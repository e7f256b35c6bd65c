"""The rules minutes and meetings are checked against: the records search answered before
the meeting, Young MAPPA for under 18s, the basis of level 2 or 3, and the agreed review."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.agreed_review import agreed_review_problem, latest_review_on
from rules.information_requests import answer_due_on, working_day_before
from rules.level_basis import LEVEL_2_3_BASIS, Basis, basis_problems, starts_level_2_or_3
from rules.reviews import next_review_due_on
from rules.working_days import is_working_day
from rules.young_mappa import YOUNG_MAPPA, eighteenth_birthday, young_mappa_problem

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


# --- The records search is answered before the meeting ------------------------------------


def test_a_meeting_held_soon_brings_the_answer_forward_to_the_working_day_before() -> None:
    # Requested Monday 30 November 2026 for a meeting on Monday 7 December: due Friday 4 December,
    # not 7 December (the meeting day itself) nor 14 December.
    assert answer_due_on(requested_on=date(2026, 11, 30), meeting_on=date(2026, 12, 7)) == date(2026, 12, 4)


def test_a_meeting_far_off_keeps_the_seven_days() -> None:
    assert answer_due_on(requested_on=date(2026, 11, 2), meeting_on=date(2026, 12, 7)) == date(2026, 11, 9)


def test_bank_holidays_are_skipped_before_the_meeting() -> None:
    # A meeting on Tuesday 29 December 2026: 28 December is the Boxing Day substitute, so Thursday 24th.
    assert working_day_before(date(2026, 12, 29)) == date(2026, 12, 24)


def test_a_request_made_on_the_eve_of_an_emergency_meeting_is_due_the_same_day() -> None:
    assert answer_due_on(requested_on=date(2026, 12, 7), meeting_on=date(2026, 12, 7)) == date(2026, 12, 7)


@given(requested_on=days, ahead=st.integers(min_value=0, max_value=120))
def test_the_answer_is_never_later_than_seven_days_nor_after_the_meeting(requested_on: date, ahead: int) -> None:
    meeting_on = requested_on + timedelta(days=ahead)
    due = answer_due_on(requested_on=requested_on, meeting_on=meeting_on)
    assert requested_on <= due <= requested_on + timedelta(days=7)
    if working_day_before(meeting_on) >= requested_on:
        assert due < meeting_on
        assert due == min(requested_on + timedelta(days=7), working_day_before(meeting_on))


@given(day=days)
def test_the_working_day_before_is_a_working_day_before_the_day(day: date) -> None:
    before = working_day_before(day)
    assert before < day and is_working_day(before)
    assert all(not is_working_day(before + timedelta(days=n)) for n in range(1, (day - before).days))


# --- Young MAPPA ---------------------------------------------------------------------------


def test_young_mappa_allows_a_17_year_old_at_level_2() -> None:
    assert young_mappa_problem(date_of_birth=date(2009, 6, 1), held_on=date(2026, 12, 7), level=2) is None


def test_young_mappa_refuses_an_adult_naming_the_rule() -> None:
    problem = young_mappa_problem(date_of_birth=date(1990, 6, 1), held_on=date(2026, 12, 7), level=2)
    assert problem is not None and YOUNG_MAPPA.key in problem and "under 18" in problem


def test_young_mappa_refuses_on_the_18th_birthday() -> None:
    assert young_mappa_problem(date_of_birth=date(2008, 12, 7), held_on=date(2026, 12, 7), level=2) is not None
    assert young_mappa_problem(date_of_birth=date(2008, 12, 8), held_on=date(2026, 12, 7), level=2) is None


def test_young_mappa_is_a_level_2_meeting() -> None:
    problem = young_mappa_problem(date_of_birth=date(2010, 1, 1), held_on=date(2026, 12, 7), level=3)
    assert problem is not None and "level 2" in problem


@given(born=days, held_on=days)
def test_young_mappa_allowed_exactly_before_the_18th_birthday(born: date, held_on: date) -> None:
    allowed = young_mappa_problem(date_of_birth=born, held_on=held_on, level=2) is None
    assert allowed == (held_on < eighteenth_birthday(born))


# --- The basis of level 2 or 3 -------------------------------------------------------------


def test_raising_level_1_to_2_directly_is_refused_naming_the_rule() -> None:
    problems = basis_problems(from_level=1, to_level=2, basis=Basis.REVIEW, reference="", emergency_reason="")
    assert LEVEL_2_3_BASIS.key in problems["basis"]


@pytest.mark.parametrize("basis", [Basis.REFERRAL, Basis.MEETING])
def test_a_referral_or_a_meeting_starts_level_2_with_its_reference(basis: Basis) -> None:
    assert basis_problems(from_level=1, to_level=2, basis=basis, reference="12", emergency_reason="") == {}
    missing = basis_problems(from_level=1, to_level=2, basis=basis, reference=" ", emergency_reason="")
    assert "basis_reference" in missing


def test_the_emergency_route_needs_its_reason() -> None:
    assert basis_problems(from_level=None, to_level=3, basis=Basis.EMERGENCY, reference="", emergency_reason="x") == {}
    refused = basis_problems(from_level=None, to_level=3, basis=Basis.EMERGENCY, reference="", emergency_reason="")
    assert LEVEL_2_3_BASIS.key in refused["emergency_reason"]


def test_a_review_keeping_or_lowering_the_level_needs_no_referral() -> None:
    assert basis_problems(from_level=2, to_level=2, basis=Basis.REVIEW, reference="", emergency_reason="") == {}
    assert basis_problems(from_level=3, to_level=1, basis=Basis.REVIEW, reference="", emergency_reason="") == {}
    assert (
        basis_problems(from_level=None, to_level=1, basis=Basis.REGISTRATION, reference="", emergency_reason="") == {}
    )


def test_an_unknown_basis_is_refused() -> None:
    assert "basis" in basis_problems(from_level=1, to_level=1, basis="hunch", reference="", emergency_reason="")


@given(
    from_level=st.sampled_from([None, 1, 2, 3]),
    to_level=st.sampled_from([1, 2, 3]),
    basis=st.sampled_from(list(Basis)),
)
def test_only_a_referral_meeting_emergency_or_continuation_starts_level_2_or_3(
    from_level: int | None, to_level: int, basis: Basis
) -> None:
    problems = basis_problems(
        from_level=from_level, to_level=to_level, basis=basis, reference="R", emergency_reason="E"
    )
    refused = "basis" in problems
    assert refused == (starts_level_2_or_3(from_level, to_level) and basis in (Basis.REGISTRATION, Basis.REVIEW))


# --- The agreed next review ----------------------------------------------------------------


def test_an_agreed_date_sooner_than_the_cadence_stands() -> None:
    # Seen: a level 2 meeting on 7 December 2026 agreed 1 February 2027; the cadence allows 1 March.
    assert latest_review_on(level=2, decided_on=date(2026, 12, 7)) == date(2027, 3, 1)
    assert agreed_review_problem(level=2, decided_on=date(2026, 12, 7), agreed_on=date(2027, 2, 1), reason="") is None


def test_a_date_later_than_the_cadence_needs_its_reason() -> None:
    problem = agreed_review_problem(level=2, decided_on=date(2026, 12, 7), agreed_on=date(2027, 3, 2), reason="")
    assert problem is not None and "reviews.level_2" in problem and "reviews.agreed_next_review" in problem
    assert (
        agreed_review_problem(level=2, decided_on=date(2026, 12, 7), agreed_on=date(2027, 3, 2), reason="Trial") is None
    )


@given(level=st.sampled_from([1, 2, 3]), decided_on=days, ahead=st.integers(min_value=-10, max_value=200))
def test_a_reason_is_needed_exactly_past_the_cadence(level: int, decided_on: date, ahead: int) -> None:
    agreed_on = decided_on + timedelta(days=ahead)
    problem = agreed_review_problem(level=level, decided_on=decided_on, agreed_on=agreed_on, reason="")
    latest = next_review_due_on(level=level, last_review_on=decided_on)
    assert (problem is None) == (decided_on < agreed_on <= latest)
