from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.errors import RuleInputError
from rules.levels import check_category, check_category_level, check_level
from rules.reviews import (
    REVIEW_CADENCES,
    disclosure_review_due_on,
    full_meeting_rule,
    is_next_meeting_within_cadence,
    next_full_meeting_due_on,
    next_review_due_on,
    post_release_meeting_due_on,
    pre_release_meeting_due_on,
    released_on_or_after_for_post_release_meeting,
    review_rule,
    review_window,
)

LAST = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("level", "latest"),
    [(1, date(2024, 4, 22)), (2, date(2024, 3, 25)), (3, date(2024, 2, 12))],
)
def test_next_review_due_on_is_the_latest_permissible_date(level: int, latest: date) -> None:
    assert next_review_due_on(level=level, last_review_on=LAST) == latest
    assert review_rule(level).key == f"reviews.level_{level}"


@pytest.mark.parametrize(
    ("level", "window"),
    [
        (1, (date(2024, 1, 2), date(2024, 4, 22))),
        (2, (date(2024, 2, 26), date(2024, 3, 25))),
        (3, (date(2024, 1, 29), date(2024, 2, 12))),
    ],
)
def test_review_window(level: int, window: tuple[date, date]) -> None:
    assert review_window(level, LAST) == window


@pytest.mark.parametrize(
    ("level", "next_on", "within"),
    [
        (1, LAST, False),
        (1, date(2024, 1, 2), True),
        (1, date(2024, 4, 22), True),
        (1, date(2024, 4, 23), False),
        (2, date(2024, 2, 25), False),
        (2, date(2024, 2, 26), True),
        (2, date(2024, 3, 25), True),
        (2, date(2024, 3, 26), False),
        (3, date(2024, 1, 28), False),
        (3, date(2024, 1, 29), True),
        (3, date(2024, 2, 12), True),
        (3, date(2024, 2, 13), False),
    ],
)
def test_is_next_meeting_within_cadence(level: int, next_on: date, within: bool) -> None:
    assert is_next_meeting_within_cadence(level, LAST, next_on) is within


def test_full_meetings() -> None:
    assert next_full_meeting_due_on(2, date(2024, 8, 31)) == date(2025, 2, 28)
    assert next_full_meeting_due_on(3, LAST) == date(2024, 3, 25)
    assert full_meeting_rule(2).key == "reviews.level_2_full_meeting"
    with pytest.raises(RuleInputError) as caught:
        next_full_meeting_due_on(1, LAST)
    assert caught.value.field == "level"


@pytest.mark.parametrize("level", [0, 4, -1, True])
def test_invalid_level(level: int) -> None:
    calls: list[Callable[[], object]] = [
        lambda: next_review_due_on(level=level, last_review_on=LAST),
        lambda: review_window(level, LAST),
        lambda: next_full_meeting_due_on(level, LAST),
        lambda: is_next_meeting_within_cadence(level, LAST, LAST),
        lambda: check_level(level),
    ]
    for call in calls:
        with pytest.raises(RuleInputError) as caught:
            call()
        assert caught.value.field == "level"


@pytest.mark.parametrize(
    ("category", "level", "expected"),
    [
        (1, 1, date(2024, 5, 31)),
        (2, 1, date(2024, 5, 31)),
        (1, 2, None),
        (2, 3, None),
        (3, 2, None),
        (4, 1, None),
    ],
)
def test_disclosure_review(category: int, level: int, expected: date | None) -> None:
    assert disclosure_review_due_on(category=category, level=level, last_decision_on=date(2024, 1, 31)) == expected


@pytest.mark.parametrize(("category", "level", "field"), [(3, 1, "level"), (5, 1, "category")])
def test_disclosure_review_rejects_impossible_cases(category: int, level: int, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        disclosure_review_due_on(category=category, level=level, last_decision_on=LAST)
    assert caught.value.field == field


def test_category_and_level_checks() -> None:
    assert check_category(4) == 4
    check_category_level(4, 1)
    check_category_level(3, 2)
    for bad in (0, 5, True):
        with pytest.raises(RuleInputError):
            check_category(bad)
    with pytest.raises(RuleInputError) as caught:
        check_category_level(3, 1)
    assert caught.value.field == "level"


def test_custody_meetings() -> None:
    assert pre_release_meeting_due_on(level=2, release_on=date(2024, 8, 31)) == date(2024, 2, 29)
    assert post_release_meeting_due_on(level=3, released_on=date(2024, 1, 31)) == date(2024, 2, 29)
    calls: list[Callable[[], object]] = [
        lambda: pre_release_meeting_due_on(level=1, release_on=LAST),
        lambda: post_release_meeting_due_on(level=1, released_on=LAST),
    ]
    for call in calls:
        with pytest.raises(RuleInputError) as caught:
            call()
        assert caught.value.field == "level"


@given(
    level=st.sampled_from(sorted(REVIEW_CADENCES)),
    held=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
)
def test_latest_date_is_always_within_cadence_and_one_day_more_is_not(level: int, held: date) -> None:
    latest = next_review_due_on(level=level, last_review_on=held)
    earliest, _ = review_window(level, held)
    assert held < earliest <= latest
    assert is_next_meeting_within_cadence(level, held, latest)
    assert is_next_meeting_within_cadence(level, held, earliest)
    assert not is_next_meeting_within_cadence(level, held, latest + timedelta(days=1))
    assert not is_next_meeting_within_cadence(level, held, earliest - timedelta(days=1))


@given(
    released_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    level=st.sampled_from([2, 3]),
)
def test_a_release_before_the_bound_never_has_a_post_release_meeting_still_due(
    released_on: date, today: date, level: int
) -> None:
    """The worklist reads only releases on or after the bound: none before it is still due."""
    if post_release_meeting_due_on(level=level, released_on=released_on) >= today:
        assert released_on >= released_on_or_after_for_post_release_meeting(today)
