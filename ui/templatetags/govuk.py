"""Template tags rendering Django form fields as GOV.UK Design System components."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ui.widgets import GovukDateInput

register = template.Library()


def _component(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, width: str = "", label_class: str = "") -> SafeString:
    component = _component(field)
    widget_id = field.field.widget.attrs.get("id") or field.auto_id
    # Error summary links point at the first input of the component.
    anchor = f"{widget_id}-day" if component == "date" else widget_id
    context: dict[str, Any] = {
        "field": field,
        "component": component,
        "id": widget_id,
        "anchor": anchor,
        "width": width,
        "label_class": label_class,
        "value": field.value() if field.value() is not None else "",
    }
    return SafeString(render_to_string("ui/field.html", context))


@register.filter
def error_anchor(form: forms.Form, name: str) -> str:
    if name == "__all__" or name not in form.fields:
        return ""
    field = form[name]
    if isinstance(field.field.widget, GovukDateInput):
        return f"{field.auto_id}-day"
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"  # the first radio or checkbox: the field's own id is on no element
    return str(field.auto_id)
