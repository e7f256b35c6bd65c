"""Template tags for the restricted sections of a record (victims, intelligence, health).

    {% load restricted_sections %}
    {% can_view_restricted nominal "victims" as may_see_victims %}
    {% if may_see_victims %}...{% endif %}

or, for every section at once, `{% restricted_sections_for nominal as sections %}` and then
`{% if "health" in sections %}`. Both ask access/policy.py for the signed-in user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from access import policy

if TYPE_CHECKING:
    from register.models import Nominal

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def can_view_restricted(context: template.Context, nominal: Nominal, section: str) -> bool:
    return policy.can_view_restricted(_user(context), nominal, section)


@register.simple_tag(takes_context=True)
def restricted_sections_for(context: template.Context, nominal: Nominal) -> set[str]:
    return policy.restricted_sections_visible(_user(context), nominal)
