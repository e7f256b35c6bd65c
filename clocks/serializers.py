"""API shapes of the notification calculator, exactly as API-CONTRACT.md fixes them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from rules.notification import Disposal

from .calculator import DISPOSAL_LABELS

DISPOSALS = ", ".join(d.value for d in Disposal)


def _date(name: str, help_text: str) -> serializers.DateField:
    return serializers.DateField(
        help_text=help_text,
        error_messages={
            "required": f"{name} is required",
            "null": f"{name} is required",
            "invalid": f"{name} must be a date in the form YYYY-MM-DD",
            "datetime": f"{name} must be a date in the form YYYY-MM-DD, without a time",
        },
    )


def _months(name: str, help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=help_text,
        error_messages={"invalid": f"{name} must be a whole number of months"},
    )


class NotificationPeriodCalculationSerializer(serializers.Serializer[Any]):
    date_of_birth = _date("date_of_birth", "The person's date of birth; on or before relevant_date.")
    relevant_date = _date(
        "relevant_date",
        "The date of the conviction, caution or finding (Sexual Offences Act 2003 s82(6)).",
    )
    disposal = serializers.ChoiceField(
        choices=[(d.value, DISPOSAL_LABELS[d]) for d in Disposal],
        help_text="The disposal, as the table in Sexual Offences Act 2003 s82(1) distinguishes them.",
        error_messages={
            "required": f"disposal is required: one of {DISPOSALS}",
            "null": f"disposal is required: one of {DISPOSALS}",
            "invalid_choice": f"disposal must be one of: {DISPOSALS}",
        },
    )
    custody_months = _months(
        "custody_months",
        "Length of the custodial term in whole months: required for, and only for, a custody "
        "disposal; not negative. Consecutive terms count as one term of their total length "
        "(s82(3)). 30 or more gives indefinite notification.",
    )
    discharge_months = _months(
        "discharge_months",
        "Length of the conditional discharge in whole months: required for, and only for, a "
        "conditional discharge; at least 1.",
    )


class NotificationPeriodSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(
        help_text='"indefinite", or an ISO 8601 duration such as "P10Y" or "P3Y6M".',
    )
    ends_on = serializers.DateField(
        allow_null=True,
        help_text="The first day on which the person is no longer subject to the notification "
        "requirements (the period begins with relevant_date); null when indefinite.",
    )
    under_18 = serializers.BooleanField(
        help_text="Under 18 on the relevant date: the 10, 7, 5 and 2 year periods are halved (s82(2)).",
    )
    basis = serializers.CharField(
        help_text='The statute and section the period comes from, e.g. "Sexual Offences Act 2003 s82(1)-(2)".',
    )


class FieldErrorSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The request field at fault.")
    message = serializers.CharField(help_text="The rule it breaks.")


# {"errors": [...]}, built with inline_serializer because a field named "errors" would
# shadow Serializer.errors on a declared class.
FIELD_ERRORS = inline_serializer("FieldErrors", {"errors": FieldErrorSerializer(many=True)})
