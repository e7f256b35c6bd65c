"""The person's latest overall risk, as a badge for the record's summary page."""

from __future__ import annotations

from typing import Any

from django import template

from plans import selectors

register = template.Library()


@register.inclusion_tag("plans/_risk_badge.html", takes_context=True)
def risk_badge(context: Any, nominal: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    from access import policy

    if user is None or not policy.can_view_plans(user, nominal):
        return {"overall": None}
    return {"overall": selectors.overall_risk(requested_by=user, nominal=nominal)}
