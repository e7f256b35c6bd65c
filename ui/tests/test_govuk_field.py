"""govuk_field renders each Django widget as its GOV.UK component."""

from __future__ import annotations

from django import forms

from ui.templatetags.govuk import govuk_field

CHOICES = [("a", "Apples"), ("b", "Bananas")]


class Fruit(forms.Form):
    several = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)


def test_several_choices_are_checkboxes_and_one_choice_is_radios() -> None:
    form = Fruit(data={"several": ["a", "b"], "one": "b"})
    several = govuk_field(form["several"])
    assert several.count('type="checkbox"') == 2 and 'type="radio"' not in several
    assert "govuk-checkboxes" in several and several.count(" checked") == 2
    one = govuk_field(form["one"])
    assert one.count('type="radio"') == 2 and 'type="checkbox"' not in one and "govuk-radios" in one
