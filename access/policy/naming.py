"""Whose name a user may read on a list of work (a worklist item, a reminder).

A work item names the person it is about only to a user who may know that the person is
on the register: whoever may see the person's record (including, read-only, through live
emergency access), and a DTC agency's single point of contact for the people shared with
their agency now (an invitation to a meeting shares the referral summary, which names the
person). Everyone else sees the work without the person's name or reference."""

from __future__ import annotations

from collections.abc import Iterable

from .people import visible_nominals
from .roles import UserLike, is_dtc_contact
from .sharing import shared_nominals


def nominals_named_to(user: UserLike, nominal_ids: Iterable[int]) -> set[int]:
    """The people among `nominal_ids` whose name and reference `user` may read."""
    wanted = {nominal_id for nominal_id in nominal_ids if nominal_id is not None}
    if not wanted:
        return set()
    # A list names at most a page of people: sight is checked person by person.
    named = set(visible_nominals(user, few=True).filter(pk__in=wanted).values_list("pk", flat=True))
    if is_dtc_contact(user):
        named |= set(shared_nominals(user).filter(pk__in=wanted).values_list("pk", flat=True))
    return named
