"""How a clock's status reads and looks: a GOV.UK tag."""

from __future__ import annotations

from django import template

from rules.clocks import ClockStatus

register = template.Library()

STATUS_TAGS: dict[str, tuple[str, str]] = {
    ClockStatus.NOT_DUE: ("Not due", "govuk-tag--grey"),
    ClockStatus.DUE: ("Due", "govuk-tag--yellow"),
    ClockStatus.OVERDUE: ("Overdue", "govuk-tag--red"),
    ClockStatus.MET: ("Met", "govuk-tag--green"),
}


@register.filter
def status_label(status: str) -> str:
    return STATUS_TAGS[ClockStatus(status)][0]


@register.filter
def status_class(status: str) -> str:
    return STATUS_TAGS[ClockStatus(status)][1]
