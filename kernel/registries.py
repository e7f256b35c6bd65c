"""Where apps plug into the parts of the service that are built from every app.

An app adds to these from its AppConfig.ready(), so the part that shows them (the person's
record, a worklist, the timeline, a report) needs no edit when a new kind of record arrives:

- person tabs: the sub-navigation of a person's record;
- the person page: the frame every page of a person's record is built in (installed by the
  register, which owns the person, for the pages of apps below it);
- the person reader: a person read for an API answer, through the policy and audited
  (installed by the register, for the endpoints of apps below it).

Due-date calculators are registered in kernel.due_dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.http import HttpRequest
from django.urls import reverse

from .actor import Actor

if TYPE_CHECKING:  # the register's person, named for type checks only
    from register.models import Nominal

# (user, person) -> whether the tab is shown; a tab with no rule is shown to everyone who
# sees the person.
TabRule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class PersonTab:
    section: str  # the `section` the tab's pages are rendered with: marks the current tab
    label: str
    url_name: str  # reversed with the person's id
    order: int  # place in the sub-navigation, smallest first
    shown_to: TabRule | None = None


_person_tabs: dict[str, PersonTab] = {}


def register_person_tab(tab: PersonTab) -> None:
    _person_tabs[tab.section] = tab


def person_tabs(user: Any, nominal: Any, current: str) -> list[dict[str, Any]]:
    """The tabs of this person's record the user is shown, in order, with the current one marked."""
    shown = sorted(_person_tabs.values(), key=lambda tab: tab.order)
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[nominal.pk]),
            "current": tab.section == current,
            "section": tab.section,
        }
        for tab in shown
        if tab.shown_to is None or tab.shown_to(user, nominal)
    ]


PersonPage = Callable[[HttpRequest, int, str], dict[str, Any]]
_person_page: list[PersonPage] = []


def install_person_page(page: PersonPage) -> None:
    _person_page[:] = [page]


def person_page(request: HttpRequest, pk: int, section: str) -> dict[str, Any]:
    """The person (404 when not the user's to see), the read audited under `section`, and
    what the person's header and tabs need."""
    return _person_page[0](request, pk, section)


class PersonReader(Protocol):
    def __call__(self, *, actor: Actor, pk: int, section: str) -> Nominal: ...


_person_reader: list[PersonReader] = []


def install_person_reader(reader: PersonReader) -> None:
    _person_reader[:] = [reader]


def read_person(*, actor: Actor, pk: int, section: str) -> Nominal:
    """The person (404 when not the actor's to see), with the read audited under `section`."""
    return _person_reader[0](actor=actor, pk=pk, section=section)
