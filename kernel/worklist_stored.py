"""Work stored with its due date, as the worklist sources read it.

Clocks that depend on many records of a person (notifications, home visits) are computed
by calculators (kernel.due_dates) and kept, one row per open clock, in the worklists app's
table, so a user's or an area's are read with one indexed query. The apps that own the
clocks describe their sources here; the worklists app, which owns the table and sits above
them, installs how its rows are read at start-up (WorklistsConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django.db.models import F, QuerySet

from .worklist_counting import CountedSource, codepoint_order, shown_name
from .worklist_sources import WorkItem, WorklistScope, url_maker

# The stored rows of one kind for a scope (None: the scope has no such work).
StoredRows = Callable[[str, WorklistScope], QuerySet[Any] | None]
_readers: dict[str, StoredRows] = {}


def install_stored_rows(*, in_scope: StoredRows, for_area: StoredRows) -> None:
    """`in_scope`: the open clocks of a kind due by the horizon for a user's or an area's
    scope; `for_area`: an area's stored copy of work whose live source reads other tables."""
    _readers.update(in_scope=in_scope, for_area=for_area)


def _rows(reader: str, kind: str) -> Callable[[WorklistScope], QuerySet[Any] | None]:
    return lambda scope: _readers[reader](kind, scope)


class StoredRow(NamedTuple):
    """One stored clock as a worklist reads it."""

    ref_id: int | None
    nominal_id: int
    label: str
    due_on: date
    area_id: int
    family_name: str
    given_names: str
    lead_agency_id: int
    owner_agency_id: int | None
    record_manager_id: int | None


_ROW_FIELDS = (
    "ref_id",
    "nominal_id",
    "label",
    "due_on",
    "area_id",
    "nominal__family_name",
    "nominal__given_names",
    "lead_agency_id",
    "owner_agency_id",
    "record_manager_id",
)


def _stored(
    kind: str,
    page_name: str,
    rows: Callable[[WorklistScope], QuerySet[Any] | None],
    *,
    links_to_record: bool = False,
    agency: str = "lead_agency_id",
    manager: bool = True,
    tie: str = "pk",
) -> CountedSource:
    """A source of stored `rows` of `kind`. Its items link to `page_name` for the record
    (`links_to_record`: the row's `ref_id`) or else the person, fall to the agency in the
    column `agency`, and to the record manager if `manager`."""

    def item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
        page = url_maker(page_name)

        def make(values: Any) -> WorkItem:
            row = StoredRow(*values)
            linked = row.ref_id if links_to_record else row.nominal_id
            assert linked is not None  # a kind linking to its record stores the record's id
            return WorkItem(
                kind=kind,
                label=row.label,
                due_on=row.due_on,
                url=page(linked),
                area_id=row.area_id,
                nominal_id=row.nominal_id,
                person_name=shown_name(row.family_name, row.given_names),
                owner_agency_id=getattr(row, agency),
                owner_user_id=row.record_manager_id if manager else None,
            )

        return make

    return CountedSource(
        rows=rows,
        fields=_ROW_FIELDS,
        due="due_on",
        nominal="nominal",
        agency=agency,
        item=item,
        label_order=(codepoint_order(F("label")),),
        tie=tie,
    )


def stored_source(kind: str, page_name: str) -> CountedSource:
    """The worklist source of the stored clocks of `kind` (the source's kind too); each
    item links to the person's page `page_name`. One indexed query lists a user's; an
    area's (tens of thousands) are counted in SQL."""
    return _stored(kind, page_name, _rows("in_scope", kind))


def stored_for_area(
    kind: str, page_name: str, *, links_to_record: bool = False, agency: str = "lead_agency_id", manager: bool = True
) -> CountedSource:
    """The co-ordinator's area view of a kind whose open work is also stored: counted from
    one index rather than joined across national tables. Each row's `ref_id` is the id of
    the live row it stands for, so rows alike come in the live source's order; the items
    are the ones the kind's live source makes (see `_stored`)."""
    rows = _rows("for_area", kind)
    return _stored(kind, page_name, rows, links_to_record=links_to_record, agency=agency, manager=manager, tie="ref_id")
