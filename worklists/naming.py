"""Each work item names its person as its viewer may see them.

The sources say whom each item is about (`nominal_id`); whether the viewer may read that
person's name and reference is the access policy's decision (nominals_named_to), asked
here once for a page of items, so My work, the area view, the notifications, the reminder
emails and the API name people alike. An item about someone the viewer may not see names
no one: no name, no reference, no id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from access import policy
from access.policy import UserLike
from kernel.worklist_counting import shown_name
from kernel.worklist_sources import WorkItem
from register.models import Nominal


def name_items(items: Sequence[WorkItem], *, viewer: UserLike) -> list[WorkItem]:
    """`items` with each person's name and reference filled in for `viewer`, or blanked."""
    named = policy.nominals_named_to(viewer, (item.nominal_id for item in items if item.nominal_id))
    people = {
        pk: (shown_name(family, given), reference)
        for pk, family, given, reference in Nominal.objects.filter(pk__in=named).values_list(
            "pk", "family_name", "given_names", "reference"
        )
    }
    return [_named(item, people.get(item.nominal_id or 0)) for item in items]


def _named(item: WorkItem, person: tuple[str, str] | None) -> WorkItem:
    if person is None:
        return replace(item, nominal_id=None, person_name="", person_reference="")
    name, reference = person
    return replace(item, person_name=name, person_reference=reference)
