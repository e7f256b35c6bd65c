from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.catalogue import find
from rules.compliance import three_day_deadline
from rules.dates import add_years
from rules.errors import RuleInputError
from rules.orders import (
    ORDERS,
    REFORM_DATE,
    SRO_BREACH_NOTIFICATION,
    BreachOutcome,
    OrderKind,
    earliest_end_on,
    order_problems,
    sro_breach_notification,
)

made_dates = st.dates(min_value=date(2004, 5, 1), max_value=date(2060, 12, 31))


def fields(problems: list[RuleInputError]) -> list[str]:
    return [p.field for p in problems]


def test_every_kind_has_a_catalogued_row() -> None:
    assert set(ORDERS) == set(OrderKind)
    for row in ORDERS.values():
        assert find(row.rule.key).module == "rules.orders"
    assert "s129" in find(SRO_BREACH_NOTIFICATION.key).citation


@pytest.mark.parametrize(("kind", "years"), [(OrderKind.SHPO, 5), (OrderKind.SRO, 2)])
def test_minimum_durations(kind: OrderKind, years: int) -> None:
    made = date(2020, 2, 29)
    assert earliest_end_on(kind, made) == add_years(made, years)
    short = order_problems(kind=kind, made_on=made, ends_on=add_years(made, years) - timedelta(days=1))
    assert fields(short) == ["ends_on"]
    assert f"rule orders.{kind.value}" in short[0].message
    assert order_problems(kind=kind, made_on=made, ends_on=add_years(made, years)) == []
    assert order_problems(kind=kind, made_on=made, ends_on=None) == []


@given(made_dates, st.sampled_from(list(OrderKind)), st.integers(min_value=0, max_value=10_000))
def test_an_order_is_refused_exactly_when_it_breaks_a_rule(made: date, kind: OrderKind, days: int) -> None:
    ends = made + timedelta(days=days)
    row = ORDERS[kind]
    problems = order_problems(kind=kind, made_on=made, ends_on=ends)
    too_early = row.made_from is not None and made < row.made_from
    too_late = row.made_before is not None and made >= row.made_before
    too_short = row.minimum_years is not None and ends < add_years(made, row.minimum_years)
    assert ("made_on" in fields(problems)) == (too_early or too_late)
    assert ("ends_on" in fields(problems)) == too_short


def test_historic_orders_cannot_be_made_after_the_reform() -> None:
    for kind in (OrderKind.SOPO, OrderKind.RSHO, OrderKind.FTO):
        assert fields(order_problems(kind=kind, made_on=REFORM_DATE)) == ["made_on"]
        assert order_problems(kind=kind, made_on=REFORM_DATE - timedelta(days=1)) == []
    assert fields(order_problems(kind=OrderKind.SHPO, made_on=REFORM_DATE - timedelta(days=1))) == ["made_on"]
    assert order_problems(kind=OrderKind.VOO, made_on=date(2012, 1, 1)) == []


def test_an_end_before_the_making_is_refused() -> None:
    problems = order_problems(kind=OrderKind.VOO, made_on=date(2012, 1, 1), ends_on=date(2011, 12, 31))
    assert fields(problems) == ["ends_on"]


@given(made_dates, st.integers(min_value=-30, max_value=3000))
def test_foreign_travel_prohibitions_last_at_most_five_years(made: date, days: int) -> None:
    made = max(made, REFORM_DATE)
    ends = made + timedelta(days=days)
    problems = order_problems(
        kind=OrderKind.SHPO, made_on=made, foreign_travel_restriction=True, foreign_travel_ends_on=ends
    )
    assert (problems != []) == (ends < made or ends > add_years(made, 5))


def test_foreign_travel_only_where_the_order_allows_it() -> None:
    problems = order_problems(
        kind=OrderKind.NOTIFICATION_ORDER, made_on=date(2020, 1, 1), foreign_travel_restriction=True
    )
    assert fields(problems) == ["foreign_travel_restriction"]
    problems = order_problems(kind=OrderKind.SRO, made_on=date(2020, 1, 1), foreign_travel_ends_on=date(2021, 1, 1))
    assert fields(problems) == ["foreign_travel_ends_on"]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(RuleInputError) as caught:
        order_problems(kind="asbo", made_on=date(2020, 1, 1))
    assert caught.value.field == "kind"


@given(
    made_dates,
    st.integers(min_value=0, max_value=2000),
    st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
    st.sampled_from(list(BreachOutcome)),
)
def test_sro_breach_brings_notification_only_on_conviction_or_caution(
    made: date, after: int, lasts: int | None, outcome: BreachOutcome
) -> None:
    dealt = made + timedelta(days=after)
    ends = None if lasts is None else made + timedelta(days=lasts)
    result = sro_breach_notification(outcome=outcome, dealt_with_on=dealt, order_made_on=made, order_ends_on=ends)
    in_force = ends is None or ends >= dealt
    if outcome in (BreachOutcome.CAUTION, BreachOutcome.CONVICTED) and in_force:
        assert result is not None
        assert result.relevant_date == dealt
        assert result.subject_until == ends
        assert result.initial_notification_due_on == dealt + timedelta(days=2)
        assert result.initial_notification_due_on == three_day_deadline(dealt)
    else:
        assert result is None


def test_sro_breach_bad_input() -> None:
    with pytest.raises(RuleInputError) as caught:
        sro_breach_notification(
            outcome="fined", dealt_with_on=date(2020, 1, 1), order_made_on=date(2019, 1, 1), order_ends_on=None
        )
    assert caught.value.field == "outcome"
    with pytest.raises(RuleInputError) as caught:
        sro_breach_notification(
            outcome="convicted", dealt_with_on=date(2018, 1, 1), order_made_on=date(2019, 1, 1), order_ends_on=None
        )
    assert caught.value.field == "outcome_on"
