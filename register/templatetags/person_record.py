"""The sub-navigation of a person's record, built from the tabs the apps register
(kernel.registries.register_person_tab).

    {% load person_record %}{% person_tabs nominal section %}
"""

from __future__ import annotations

from typing import Any

from django import template

from kernel.registries import person_tabs as tabs_of

register = template.Library()


@register.inclusion_tag("register/person_tabs.html", takes_context=True)
def person_tabs(context: template.Context, nominal: Any, section: str) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"tabs": tabs_of(user, nominal, section)}
