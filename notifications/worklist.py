"""Worklist source: notifications due and overdue (worklists/sources.py).

The open clocks are stored when their facts change (notifications/due.py, with the dates
from rules/ via notifications.clocks), so the source is one indexed query over them for
the registrations the user manages or the co-ordinator's whole area; an area's page counts
them in SQL and makes items of the first rows only (there can be tens of thousands).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from worklists.sources import Summary, Wanted, WorkItem, WorklistScope, register_source
from worklists.stored import StoredRow, stored_dues, stored_summary, url_maker

from . import due  # registers the stored clocks' calculator and keeps them up to date


def _item(row: StoredRow, person_page: Callable[[int], str]) -> WorkItem:
    return WorkItem(
        kind="notification",
        label=row.label,
        due_on=row.due_on,
        url=person_page(row.nominal_id),
        area_id=row.area_id,
        nominal_id=row.nominal_id,
        person_name=row.person_name,
        owner_agency_id=row.owner_agency_id,
        owner_user_id=row.owner_user_id,
    )


def notifications_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    person_page = url_maker("notifications:person")
    return stored_summary(due.KIND, scope, wanted, to_item=lambda row: _item(row, person_page))


@register_source("notification", title="Sex offender notifications", summary=notifications_summary)
def notifications_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each notification clock still open and due by the horizon."""
    person_page = url_maker("notifications:person")
    for row in stored_dues(due.KIND, scope):
        yield _item(row, person_page)
