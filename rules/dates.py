"""Calendar arithmetic shared by the rules.

Two conventions, chosen once here so that no rule re-decides them:

* Adding months or years follows the corresponding-date rule (Dodds v Walker
  [1981] 1 WLR 1027): the result is the same day number in the later month or,
  where that month is too short, its last day. So 31 January + 1 month is
  28 (or 29) February, and 29 February 2024 + 1 year is 28 February 2025.
* Birthdays of people born on 29 February fall on 1 March in common years. A
  person attains an age at the start of the anniversary of their birth (Family
  Law Reform Act 1969 s9); in a common year there is no 29 February, and
  1 March is the first day on which a full year has passed. Using 1 March is
  also the cautious choice for the 100th-birthday retention review, since the
  record is never reviewed for deletion before the person has turned 100.
"""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta


def add_months(start: date, months: int) -> date:
    """start plus (or, for negative months, minus) whole calendar months."""
    result: date = start + relativedelta(months=months)
    return result


def add_years(start: date, years: int) -> date:
    """start plus (or minus) whole years, by the corresponding-date rule."""
    return add_months(start, 12 * years)


def birthday(date_of_birth: date, age: int) -> date:
    """The day on which a person born on date_of_birth attains age (in years)."""
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def is_under_age(date_of_birth: date, age: int, on: date) -> bool:
    """True if the person has not yet attained age on the given day."""
    return on < birthday(date_of_birth, age)
