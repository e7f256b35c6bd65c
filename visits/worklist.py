"""Worklist source: home visits due and overdue (kernel/worklist_sources.py).

Scheduled visits (the clocks of rules/visits.py) and planned visits not yet recorded as
done, both stored when their facts change by visits/due.py, for the registrations the user
manages or the co-ordinator's whole area: one indexed query, counted in SQL for an area.
"""

from __future__ import annotations

from kernel.worklist_counting import register_counted_source
from kernel.worklist_stored import stored_source

from . import due

home_visits_due = register_counted_source(due.KIND, "Home visits", stored_source(due.KIND, "visits:person"))
