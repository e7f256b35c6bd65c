"""Every write to the person register. Each is one transaction with its audit event."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from access import policy
from access.policy.registrations import is_archived
from accounts.models import Area
from audit import trail
from kernel.actor import Actor
from kernel.due_dates import HOME_VISIT, NOTIFICATION, dates_changed
from kernel.errors import StateConflict, collect
from kernel.records import locked, save_new_version

from . import selectors
from .models import PERSON_DETAILS, Address, Alias, AliasKind, Conviction, Disposal, Nominal
from .search import search_text_for

IDENTIFIER_FIELDS = ("pnc", "cro", "prison_number", "crn")
# The person's own details the stored notification clocks read (time detained, no fixed abode).
NOTIFICATION_FIELDS = frozenset({"custody_status", "no_fixed_abode"})
DATE_OF_BIRTH_IN_FUTURE = "Date of birth must be today or in the past"
ADDRESS_ENDS_BEFORE_START = "The end date must be the same as or after the start date"


# A PNC number: four-digit year, serial (written with or without its leading zeros) and a
# check letter; stored as YYYY/NNNNNNNL so one number has one spelling.
_PNC = re.compile(r"(\d{4})/?(\d{1,7})([A-Z])")


def _clean_identifier(value: str, field: str = "") -> str:
    cleaned = value.strip().upper()
    if field == "pnc":
        compact = re.sub(r"\s", "", cleaned)
        match = _PNC.fullmatch(compact)
        if match:
            year, serial, letter = match.groups()
            return f"{year}/{serial.zfill(7)}{letter}"
    return cleaned


def _validate_nominal(values: dict[str, Any], *, nominal_id: int | None) -> None:
    errors: dict[str, list[str]] = {}
    dob = values.get("date_of_birth")
    if isinstance(dob, date) and dob > timezone.localdate():
        errors["date_of_birth"] = [DATE_OF_BIRTH_IN_FUTURE]
    for required in ("family_name", "given_names"):
        if not str(values.get(required) or "").strip():
            errors[required] = [f"Enter the {required.replace('_', ' ')}"]
    pnc = values.get("pnc") or ""
    same_pnc = Nominal.objects.filter(pnc=pnc)
    if nominal_id is not None:
        same_pnc = same_pnc.exclude(pk=nominal_id)
    if pnc and same_pnc.exists():
        errors["pnc"] = ["PNC number must be unique: it is already on another record"]
    if values.get("no_fixed_abode") and not values.get("closest_links_area"):
        errors["closest_links_area"] = ["Select the area of closest links: it is required for no fixed abode"]
    collect(errors)


def _refresh_search_text(nominal: Nominal) -> None:
    names = [nominal.family_name, nominal.given_names]
    names += list(nominal.aliases.values_list("name", flat=True))
    identifiers = [nominal.reference] + [getattr(nominal, f) for f in IDENTIFIER_FIELDS]
    nominal.search_text = search_text_for(names, identifiers)
    Nominal.objects.filter(pk=nominal.pk).update(search_text=nominal.search_text)


def create_nominal(
    *,
    actor: Actor,
    values: dict[str, Any],
    aliases: list[tuple[str, str]] | None = None,
    area: Area | None = None,
) -> Nominal:
    """Create a person in the acting user's area, owned by their agency."""
    values = {k: v for k, v in values.items() if k in PERSON_DETAILS}
    for field in IDENTIFIER_FIELDS:
        values[field] = _clean_identifier(values.get(field) or "", field)
    _validate_nominal(values, nominal_id=None)
    assert actor.user.agency is not None
    home_area = area or actor.user.agency.area
    with transaction.atomic():
        nominal = Nominal.objects.create(
            reference=f"new-{uuid.uuid4().hex[:16]}",  # fits max_length=20 until replaced
            area=home_area,
            owning_agency=actor.user.agency,
            **values,
        )
        nominal.reference = f"{home_area.code}-{nominal.pk:06d}"
        nominal.save(update_fields=["reference"])
        for kind, name in aliases or []:
            if name.strip():
                Alias.objects.create(nominal=nominal, kind=kind or AliasKind.ALIAS, name=name.strip())
        _refresh_search_text(nominal)
        trail.record(
            actor=actor,
            action="nominal.create",
            obj=nominal,
            nominal_id=nominal.pk,
        )
    return nominal


ARCHIVED_IS_READ_ONLY = "An archived record is read-only: reactivate it first"


def update_nominal(
    *,
    actor: Actor,
    nominal: Nominal,
    expected_version: int,
    changes: dict[str, Any],
) -> Nominal:
    """Apply changes if nobody else has changed the record since `expected_version`."""
    changes = {k: v for k, v in changes.items() if k in PERSON_DETAILS}
    for field in IDENTIFIER_FIELDS:
        if field in changes:
            changes[field] = _clean_identifier(changes[field] or "", field)
    with transaction.atomic():
        current = locked(nominal, expected_version)
        if is_archived(current):  # archived since the caller read it (archiving locks the person)
            raise StateConflict({"non_field_errors": [ARCHIVED_IS_READ_ONLY]})
        merged = {f: getattr(current, f) for f in PERSON_DETAILS} | changes
        _validate_nominal(merged, nominal_id=current.pk)
        changed = sorted(f for f, v in changes.items() if getattr(current, f) != v)
        for field, value in changes.items():
            setattr(current, field, value)
        save_new_version(current)
        if NOTIFICATION_FIELDS.intersection(changed):
            dates_changed([current.pk], kinds=[NOTIFICATION])
        _refresh_search_text(current)
        trail.record(
            actor=actor,
            action="nominal.update",
            obj=current,
            nominal_id=current.pk,
            detail={"fields": changed},
        )
    return current


def add_alias(*, actor: Actor, nominal: Nominal, kind: str, name: str) -> Alias:
    collect({"name": ["Enter the alias or nickname"]} if not name.strip() else {})
    with transaction.atomic():
        alias = Alias.objects.create(nominal=nominal, kind=kind, name=name.strip())
        _refresh_search_text(nominal)
        trail.record(actor=actor, action="alias.create", obj=alias, nominal_id=nominal.pk)
    return alias


def add_address(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Address:
    errors: dict[str, list[str]] = {}
    start, end = values.get("from_date"), values.get("to_date")
    if start and end and end < start:
        errors["to_date"] = [ADDRESS_ENDS_BEFORE_START]
    if start and start > timezone.localdate():
        errors["from_date"] = ["The start date must be today or in the past"]
    collect(errors)
    with transaction.atomic():
        address = Address.objects.create(nominal=nominal, **values)
        dates_changed([nominal.pk], kinds=[NOTIFICATION, HOME_VISIT])  # a move starts both clocks
        trail.record(actor=actor, action="address.create", obj=address, nominal_id=nominal.pk)
    return address


def add_conviction(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Conviction:
    errors: dict[str, list[str]] = {}
    offence_on, convicted_on = values.get("offence_date"), values.get("conviction_date")
    if offence_on and convicted_on and offence_on > convicted_on:
        errors["offence_date"] = ["The offence date must be on or before the conviction date"]
    if convicted_on and convicted_on > timezone.localdate():
        errors["conviction_date"] = ["The conviction date must be today or in the past"]
    if convicted_on and convicted_on < nominal.date_of_birth:
        errors["conviction_date"] = ["The conviction date must be after the date of birth"]
    needs_months = values.get("disposal") == Disposal.CUSTODY
    if needs_months and not values.get("sentence_months"):
        errors["sentence_months"] = ["Enter the sentence length in months for a custodial sentence"]
    collect(errors)
    with transaction.atomic():
        if values.get("is_index_offence"):
            nominal.convictions.filter(is_index_offence=True).update(is_index_offence=False)
        conviction = Conviction.objects.create(nominal=nominal, recorded_by=actor.user, **values)
        dates_changed([nominal.pk], kinds=[NOTIFICATION])  # the index conviction can be the relevant date
        trail.record(actor=actor, action="conviction.create", obj=conviction, nominal_id=nominal.pk)
    return conviction


def record_view(*, actor: Actor, nominal: Nominal, section: str) -> None:
    """Every read of a person's record is an audit event. A read by emergency access is
    flagged and carries the reason the user gave."""
    emergency = policy.live_emergency_access(actor.user, nominal)
    detail: dict[str, Any] = {"section": section}
    if emergency is not None:
        detail |= {"emergency_access": emergency.pk}
    trail.record(
        actor=actor,
        action="nominal.view",
        obj=nominal,
        nominal_id=nominal.pk,
        reason=emergency.reason if emergency is not None else "",
        detail=detail,
    )


def search_people(*, actor: Actor, query: str, limit: int, with_aliases: bool = False) -> tuple[int, list[Nominal]]:
    """How many people the query finds and the first `limit` of them (selectors.search_nominals),
    with the search audited: the query, the count and who was shown."""
    people = selectors.search_nominals(requested_by=actor.user, query=query, with_aliases=with_aliases)
    count, page = selectors.first_page(people, limit=limit)
    trail.record(
        actor=actor,
        action="nominal.search",
        detail={"query": query, "count": count, "shown": [person.pk for person in page]},
    )
    return count, page


def read_person(*, actor: Actor, pk: int, section: str) -> Nominal:
    """The person, if the actor may see them (404 otherwise), with the read audited under
    `section`: pages and endpoints that show a person read them through here."""
    nominal = selectors.get_nominal(requested_by=actor.user, pk=pk)
    record_view(actor=actor, nominal=nominal, section=section)
    return nominal
