"""Worklist source: notifications due and overdue (kernel/worklist_sources.py).

The open clocks are stored when their facts change (notifications/due.py, with the dates
from rules/ via notifications.clocks), so the source is one indexed query over them for
the registrations the user manages or the co-ordinator's whole area; an area's page counts
them in SQL and makes items of the first rows only (there can be tens of thousands).
"""

from __future__ import annotations

from kernel.worklist_counting import register_counted_source
from kernel.worklist_stored import stored_source

from . import due  # registers the stored clocks' calculator and keeps them up to date

notifications_due = register_counted_source(
    due.KIND, "Sex offender notifications", stored_source(due.KIND, "notifications:person")
)
