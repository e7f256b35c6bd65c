"""Building blocks for the notification, civil order and home visit tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import User
from conftest import committed
from kernel.actor import Actor
from register import services as register_services
from register.models import Disposal, Nominal


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields as a browser posts them: dates as GOV.UK day, month and year boxes."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, date):
            data |= {f"{key}-day": value.day, f"{key}-month": value.month, f"{key}-year": value.year}
        else:
            data[key] = value
    return data


def convict(
    nominal: Nominal, by: User, convicted_on: date, *, months: int = 18, disposal: str = Disposal.CUSTODY
) -> None:
    """An index conviction, written as on commit (the stored due dates follow)."""
    with committed():
        register_services.add_conviction(
            actor=Actor(by),
            nominal=nominal,
            values={
                "offence": "Sexual assault (s3)",
                "conviction_date": convicted_on,
                "disposal": disposal,
                "sentence_months": months if disposal == Disposal.CUSTODY else None,
                "is_index_offence": True,
            },
        )


def notification(kind: str, notified_on: date, event_on: date | None = None, **more: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "notified_on": notified_on,
        "event_on": event_on,
        "police_station": "Demotown Police Station",
        "officer": "PC 1234 Hale",
    } | more
