"""rules.exit_guard: nobody leaves MAPPA before the category's exit point, except on death."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.catalogue import find
from rules.exit_guard import EXIT_ON_DISCHARGE, ExitBasis, exit_refusal

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))
dated_categories = st.sampled_from([1, 2, 4])


@given(category=dated_categories, exit_on=days, left_on=days)
def test_a_dated_exit_is_refused_exactly_before_the_exit_point(category: int, exit_on: date, left_on: date) -> None:
    refusal = exit_refusal(category=category, basis=ExitBasis.EXIT_POINT, left_on=left_on, exit_on=exit_on)
    assert (refusal is not None) == (left_on < exit_on)
    if refusal is not None:
        assert refusal.field == "archived_on"
        assert refusal.rule.key == f"exit.category_{category}"
        assert f"rule exit.category_{category}" in refusal.message
        assert f"{exit_on.day} {exit_on:%B %Y}" in refusal.message


@given(category=st.sampled_from([1, 2, 3, 4]), exit_on=st.one_of(st.none(), days), left_on=days)
def test_death_ends_mappa_in_every_category_on_any_day(category: int, exit_on: date | None, left_on: date) -> None:
    assert exit_refusal(category=category, basis=ExitBasis.DIED, left_on=left_on, exit_on=exit_on) is None


@given(category=dated_categories, left_on=days)
def test_without_an_exit_date_only_death_ends_mappa(category: int, left_on: date) -> None:
    refusal = exit_refusal(
        category=category, basis=ExitBasis.EXIT_POINT, left_on=left_on, exit_detail="Indefinite notification."
    )
    assert refusal is not None and refusal.field == "archived_on"
    assert "no exit date can be computed" in refusal.message and "Indefinite notification." in refusal.message


@given(left_on=days, decided=st.one_of(st.none(), days))
def test_category_3_leaves_only_on_or_after_a_meetings_decision(left_on: date, decided: date | None) -> None:
    refusal = exit_refusal(category=3, basis=ExitBasis.EXIT_POINT, left_on=left_on, meeting_decided_on=decided)
    allowed = decided is not None and decided <= left_on
    assert (refusal is None) == allowed
    if refusal is not None:
        assert refusal.field == "meeting_decided_on" and refusal.rule.key == "exit.category_3"


def test_a_discharge_of_notification_ends_only_category_1() -> None:
    today = date(2026, 12, 8)
    assert exit_refusal(category=1, basis=ExitBasis.NOTIFICATION_DISCHARGED, left_on=today) is None
    refusal = exit_refusal(category=2, basis=ExitBasis.NOTIFICATION_DISCHARGED, left_on=today)
    assert refusal is not None and refusal.rule == EXIT_ON_DISCHARGE


def test_an_unknown_reason_is_refused_on_its_field() -> None:
    refusal = exit_refusal(category=1, basis="testing", left_on=date(2026, 1, 1), exit_on=date(2020, 1, 1))
    assert refusal is not None and refusal.field == "exit_basis"


def test_the_exit_rules_are_in_the_catalogue_with_their_sources() -> None:
    for key in ("exit.not_before_exit_point", "exit.on_death", "exit.on_discharge"):
        entry = find(key)
        assert entry.citation and entry.module == "rules.exit_guard"
    assert "s91C" in find("exit.on_discharge").citation
    assert "Inclusion Period" in find("exit.on_death").citation


def test_the_day_of_the_exit_point_itself_is_allowed() -> None:
    exit_on = date(2031, 3, 1)
    assert exit_refusal(category=1, basis="exit_point", left_on=exit_on, exit_on=exit_on) is None
    assert exit_refusal(category=1, basis="exit_point", left_on=exit_on - timedelta(days=1), exit_on=exit_on)
