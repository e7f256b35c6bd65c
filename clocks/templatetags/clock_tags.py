"""How a clock's state looks: a GOV.UK tag.

The state and its words are decided in rules/clocks.py; this only dresses them. Late is
never green: met on time is green, met late orange ("Met 2 days late"), overdue red, due
yellow, and a clock not yet due or ended is grey.
"""

from __future__ import annotations

from typing import Any

from django import template

from rules.clocks import STATUS_WORDS, ClockStatus

register = template.Library()

TAG_CLASSES: dict[ClockStatus, str] = {
    ClockStatus.NOT_DUE: "govuk-tag--grey",
    ClockStatus.DUE: "govuk-tag--yellow",
    ClockStatus.OVERDUE: "govuk-tag--red",
    ClockStatus.MET: "govuk-tag--green",
    ClockStatus.MET_LATE: "govuk-tag--orange",
    ClockStatus.ENDED: "govuk-tag--grey",
}


@register.filter
def status_label(status: str) -> str:
    return STATUS_WORDS[ClockStatus(status)]


@register.filter
def status_class(status: str) -> str:
    return TAG_CLASSES[ClockStatus(status)]


@register.filter
def clock_label(clock: Any) -> str:
    """'Met 2 days late' rather than 'Met late' when the clock knows its days."""
    text = getattr(clock, "status_text", None)
    return str(text) if text else status_label(clock.status)


@register.filter
def clock_class(clock: Any) -> str:
    return status_class(clock.status)
