"""Answering a worklist page in SQL, for sources whose items are rows with a stored due date.

`counted_summary` counts a source's rows (all, and overdue) with one aggregate and makes
items of only the first rows in the order the page asked for. The SQL order must choose the
same first rows as the worklist's own sort (sources.SORT_KEYS), so text is ordered by code
point and the person's name as it is shown ("FAMILY, Given"), in lower case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, F, Model, Q, QuerySet, Value
from django.db.models.functions import Collate, Concat, Lower, Upper

from .worklist_sources import Summary, Wanted, WorkItem, WorklistScope, register_source

M = TypeVar("M", bound=Model)


def codepoint_order(expression: Any) -> Any:
    """Order text as Python compares it (by code point), whatever the database's collation."""
    return Collate(expression, "C") if connection.vendor == "postgresql" else expression


def shown_name(family_name: str, given_names: str) -> str:
    """The person's name as a work item shows it: "FAMILY, Given names", as every page does.
    `person_order` orders by the same name in SQL, so the two change together."""
    return f"{family_name.upper()}, {given_names}"


def person_order(nominal: str) -> Any:
    """The person's name as a work item shows it (`shown_name`), in lower case (SORT_KEYS["person"])."""
    shown = Concat(Upper(f"{nominal}__family_name"), Value(", "), f"{nominal}__given_names")
    return codepoint_order(Lower(shown))


def _order(sort: str, due: str, nominal: str, label_order: Sequence[Any], tie: str) -> list[Any]:
    if sort == "person":
        return [person_order(nominal), F(due), tie]
    return [F(due), *label_order, tie]  # by due date, and by kind: one source is one kind, the same


def counted_summary(
    rows: QuerySet[M],
    scope: WorklistScope,
    wanted: Wanted,
    *,
    fields: Sequence[str],
    due: str,
    nominal: str,
    label_order: Sequence[Any],
    to_item: Callable[[Any], WorkItem],
    tie: str = "pk",
) -> Summary:
    """A page's answer from `rows` (already scoped): counted in SQL, with items made of the
    `fields` of the first rows only. `due` names the due-date field, `nominal` the path to
    the person, `label_order` orders rows due on one day as their labels would sort, and
    `tie` orders rows alike in both (as the source's listing does: by its own rows' ids)."""
    tally = rows.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(**{f"{due}__lt": scope.today})))
    if wanted.status == "overdue":
        rows = rows.filter(**{f"{due}__lt": scope.today})
    elif wanted.status == "due_soon":
        rows = rows.filter(**{f"{due}__gte": scope.today})
    ordered = rows.order_by(*_order(wanted.sort, due, nominal, label_order, tie))
    first = list(ordered.values_list(*fields)[: wanted.limit]) if wanted.limit else []
    return Summary(total=tally["total"], overdue=tally["overdue"], first=[to_item(row) for row in first])


@dataclass(frozen=True)
class CountedSource:
    """A source whose items are rows with a stored due date, described once: listed whole
    for a reminder digest, or counted in SQL for a worklist page.

    `rows` gives the scope's rows (None when the scope has no such work); `agency` names the
    field of the agency the work falls to (the area view's filter, WorkItem.owner_agency_id);
    `item` makes, for a scope, the function from a row of `fields` to its WorkItem;
    `names_shown` says whether the scope's items name the person (else "by person" is by
    due date)."""

    rows: Callable[[WorklistScope], QuerySet[Any] | None]
    fields: Sequence[str]
    due: str
    nominal: str
    agency: str
    item: Callable[[WorklistScope], Callable[[Any], WorkItem]]
    label_order: Sequence[Any] = ()
    names_shown: Callable[[WorklistScope], bool] = lambda scope: True
    tie: str = "pk"

    def _scoped(self, scope: WorklistScope) -> QuerySet[Any] | None:
        rows = self.rows(scope)
        if rows is not None and scope.agency_id is not None:
            rows = rows.filter(**{self.agency: scope.agency_id})
        return rows

    def listing(self, scope: WorklistScope) -> Iterator[WorkItem]:
        rows = self._scoped(scope)
        if rows is None:
            return
        make = self.item(scope)
        for row in rows.order_by(self.due, "pk").values_list(*self.fields):
            yield make(row)

    def summary(self, scope: WorklistScope, wanted: Wanted) -> Summary:
        rows = self._scoped(scope)
        if rows is None:
            return Summary(total=0, overdue=0, first=[])
        if wanted.sort == "person" and not self.names_shown(scope):
            wanted = replace(wanted, sort="due")  # no names shown: by person is by due date
        return counted_summary(
            rows,
            scope,
            wanted,
            fields=self.fields,
            due=self.due,
            nominal=self.nominal,
            label_order=self.label_order,
            to_item=self.item(scope),
            tie=self.tie,
        )


def register_counted_source(
    kind: str, title: str, source: CountedSource, *, for_area: CountedSource | None = None
) -> CountedSource:
    """Register `source`. `for_area`, when given, answers the co-ordinator's area view from
    the same work stored with its area (kernel/worklist_stored.py); the listing stays `source`'s
    live one, which the tests hold the stored answer to."""
    if for_area is None:
        summary = source.summary
    else:

        def summary(scope: WorklistScope, wanted: Wanted) -> Summary:
            return (for_area if scope.area_id is not None else source).summary(scope, wanted)

    register_source(kind, title, summary=summary)(source.listing)
    return source
