"""Properties of the level 1 disclosure review (rule disclosure.level_1_review; seed 003,
"Disclosure"): categories 1 and 2 at level 1 are reviewed no less than every four months."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.reviews import DISCLOSURE_REVIEW, disclosure_review_due_on

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))


@given(category=st.sampled_from([1, 2]), decided=DATES)
def test_categories_1_and_2_at_level_1_are_due_within_four_calendar_months(category: int, decided: date) -> None:
    due = disclosure_review_due_on(category=category, level=1, last_decision_on=decided)
    assert due is not None
    # Never later than four calendar months, and never sooner than four months less the
    # days a month-end clamp can take away (31 March + 4 months is 31 July; 31 October is
    # 28 or 29 February).
    assert timedelta(days=120) - timedelta(days=3) <= due - decided <= timedelta(days=123)
    assert due.day == decided.day or due.day < decided.day  # clamped only at a month's end


@given(category=st.sampled_from([1, 2]), first=DATES, gap=st.integers(min_value=0, max_value=400))
def test_a_later_decision_is_never_due_for_review_sooner(category: int, first: date, gap: int) -> None:
    later = first + timedelta(days=gap)
    assert disclosure_review_due_on(category=category, level=1, last_decision_on=later) >= disclosure_review_due_on(  # type: ignore[operator]
        category=category, level=1, last_decision_on=first
    )


@given(category=st.sampled_from([1, 2, 4]), level=st.sampled_from([2, 3]), decided=DATES)
def test_levels_2_and_3_have_no_separate_review(category: int, level: int, decided: date) -> None:
    assert disclosure_review_due_on(category=category, level=level, last_decision_on=decided) is None


def test_the_rule_cites_its_source() -> None:
    assert DISCLOSURE_REVIEW.key == "disclosure.level_1_review"
    assert "003" in DISCLOSURE_REVIEW.citation and "Disclosure" in DISCLOSURE_REVIEW.citation
