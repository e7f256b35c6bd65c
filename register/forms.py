"""Forms for the person register pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Area
from rules import identifiers
from rules.errors import RuleInputError
from ui.widgets import GovukDateField

from .models import PERSON_DETAILS, Address, AddressKind, AliasKind, CustodyStatus, Disposal, Gender, Nominal
from .services import ADDRESS_ENDS_BEFORE_START, ADDRESS_FIELDS, DATE_OF_BIRTH_IN_FUTURE


class PersonForm(forms.Form):
    family_name = forms.CharField(max_length=100, error_messages={"required": "Enter the family name"})
    given_names = forms.CharField(max_length=150, error_messages={"required": "Enter the given names"})
    date_of_birth = GovukDateField(
        help_text="For example, 27 3 1980", error_messages={"required": "Enter the date of birth"}
    )
    gender = forms.ChoiceField(
        choices=Gender.choices, widget=forms.RadioSelect, error_messages={"required": "Select the gender"}
    )
    ethnicity = forms.CharField(max_length=100, required=False, help_text="As the person describes it")
    nationality = forms.CharField(max_length=60, required=False)
    pnc = forms.CharField(
        label="PNC number", max_length=20, required=False, help_text="For example, 2001/0012345H or 01/12345H"
    )
    cro = forms.CharField(
        label="CRO number", max_length=20, required=False, help_text="For example, 012345/99N or SF99/012345N"
    )
    prison_number = forms.CharField(max_length=20, required=False)
    crn = forms.CharField(label="Probation case reference number (CRN)", max_length=20, required=False)
    no_fixed_abode = forms.BooleanField(label="No fixed abode", required=False)
    closest_links_area = forms.ModelChoiceField(
        queryset=Area.objects.all(),
        required=False,
        to_field_name="code",
        label="Area of closest links",
        help_text="Needed when the person has no fixed abode",
        empty_label="Select an area",
    )
    custody_status = forms.ChoiceField(
        choices=CustodyStatus.choices, widget=forms.RadioSelect, initial=CustodyStatus.COMMUNITY
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_date_of_birth(self) -> date:
        # The service checks this too; here it is reported with every other problem at once.
        born: date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(DATE_OF_BIRTH_IN_FUTURE)
        return born

    @classmethod
    def initial_for(cls, nominal: Nominal) -> dict[str, Any]:
        initial = {f: getattr(nominal, f) for f in PERSON_DETAILS}
        initial["closest_links_area"] = nominal.closest_links_area.code if nominal.closest_links_area else None
        initial["version"] = nominal.version
        return initial

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in PERSON_DETAILS}


class NewPersonForm(PersonForm):
    alias = forms.CharField(
        label="Alias or nickname (optional)",
        max_length=200,
        required=False,
        help_text="You can add more on the person's page",
    )
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked the possible matches: this is a different person",
        required=False,
    )

    # The identifiers' formats are checked here too, so they are reported with every other
    # problem at once; the service checks them again.
    def clean_pnc(self) -> str:
        return _identifier(lambda: identifiers.normalise_pnc(self.cleaned_data["pnc"], this_year=_this_year()))

    def clean_cro(self) -> str:
        return _identifier(lambda: identifiers.normalise_cro(self.cleaned_data["cro"]))


def _this_year() -> int:
    return timezone.localdate().year


def _identifier(normalise: Callable[[], str]) -> str:
    try:
        return normalise()
    except RuleInputError as refusal:
        raise forms.ValidationError(refusal.message) from None


class AliasForm(forms.Form):
    kind = forms.ChoiceField(choices=AliasKind.choices, widget=forms.RadioSelect, initial=AliasKind.ALIAS)
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the alias or nickname"})


class AddressForm(forms.Form):
    kind = forms.ChoiceField(
        choices=AddressKind.choices,
        widget=forms.RadioSelect,
        label="Type of address",
        error_messages={"required": "Select the type of address"},
    )
    line1 = forms.CharField(label="Address line 1", max_length=120, error_messages={"required": "Enter address line 1"})
    line2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, error_messages={"required": "Enter the town or city"})
    postcode = forms.CharField(max_length=10, required=False)
    from_date = GovukDateField(
        label="Living there from", error_messages={"required": "Enter the date the person started living there"}
    )
    to_date = GovukDateField(label="Until (leave blank if current)", required=False)

    def clean(self) -> dict[str, Any]:
        # The service checks this too; here it is reported with every other problem at once.
        cleaned = super().clean() or {}
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", ADDRESS_ENDS_BEFORE_START)
        return cleaned


class ConvictionForm(forms.Form):
    offence = forms.CharField(max_length=200, error_messages={"required": "Enter the offence"})
    offence_date = GovukDateField(required=False, label="Date of offence (optional)")
    conviction_date = GovukDateField(
        label="Date of conviction, caution or finding", error_messages={"required": "Enter the date of conviction"}
    )
    court = forms.CharField(max_length=120, required=False)
    disposal = forms.ChoiceField(
        choices=Disposal.choices, widget=forms.RadioSelect, error_messages={"required": "Select the disposal"}
    )
    sentence_months = forms.IntegerField(
        min_value=0,
        max_value=1200,
        required=False,
        label="Sentence length in months",
        help_text="For custody. Enter 1200 for life.",
    )
    is_index_offence = forms.BooleanField(required=False, label="This is the index offence")


class CorrectAddressForm(AddressForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, address: Address) -> dict[str, Any]:
        return {field: getattr(address, field) for field in ADDRESS_FIELDS} | {"version": address.version}


class EndAddressForm(forms.Form):
    ended_on = GovukDateField(
        label="Date the person stopped living there",
        error_messages={"required": "Enter the date the person stopped living there"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
