"""Every write to the person register. Each is one transaction with its audit event."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
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
from rules import identifiers
from rules.errors import RuleInputError

from . import selectors
from .duplicates import PossibleDuplicates, find_possible_duplicates
from .models import PERSON_DETAILS, Address, AddressKind, Alias, AliasKind, Conviction, Disposal, Nominal
from .search import search_text_for

IDENTIFIER_FIELDS = ("pnc", "cro", "prison_number", "crn")
CONFIRM_FIELD = "confirm_not_duplicate"
POSSIBLE_DUPLICATES = (
    "The register may already hold this person: check the possible matches, then confirm this is "
    "a different person to add them"
)
# The person's own details the stored notification clocks read (time detained, no fixed abode).
NOTIFICATION_FIELDS = frozenset({"custody_status", "no_fixed_abode"})
DATE_OF_BIRTH_IN_FUTURE = "Date of birth must be today or in the past"
ADDRESS_ENDS_BEFORE_START = "The end date must be the same as or after the start date"


def _clean_identifier(value: str, field: str = "") -> str:
    """The identifier's stored spelling: PNC and CRO numbers checked in their real formats,
    with their check letters (rules.identifiers); the others in upper case."""
    if field == "pnc":
        return identifiers.normalise_pnc(value, this_year=timezone.localdate().year)
    if field == "cro":
        return identifiers.normalise_cro(value)
    return value.strip().upper()


def _cleaned_identifiers(values: dict[str, Any], stored: Nominal | None = None) -> dict[str, Any]:
    """`values` with each identifier in its stored spelling; every refusal named at once. An
    identifier unchanged from the record as `stored` is kept as it is, so an older number
    never blocks an edit of something else."""
    cleaned, errors = dict(values), {}
    for field in IDENTIFIER_FIELDS:
        if field not in values:
            continue
        typed = str(values[field] or "")
        if stored is not None and typed.strip().upper() == getattr(stored, field):
            cleaned[field] = getattr(stored, field)
            continue
        try:
            cleaned[field] = _clean_identifier(typed, field)
        except RuleInputError as refusal:
            errors[field] = [refusal.message]
    collect(errors)
    return cleaned


def _validate_nominal(values: dict[str, Any], *, nominal_id: int | None) -> None:
    errors = _detail_errors(values)
    pnc = values.get("pnc") or ""
    same_pnc = Nominal.objects.filter(pnc=pnc)
    if nominal_id is not None:
        same_pnc = same_pnc.exclude(pk=nominal_id)
    if pnc and same_pnc.exists():
        errors["pnc"] = ["PNC number must be unique: it is already on another record"]
    collect(errors)


def _detail_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    dob = values.get("date_of_birth")
    if isinstance(dob, date) and dob > timezone.localdate():
        errors["date_of_birth"] = [DATE_OF_BIRTH_IN_FUTURE]
    for required in ("family_name", "given_names"):
        if not str(values.get(required) or "").strip():
            errors[required] = [f"Enter the {required.replace('_', ' ')}"]
    if values.get("no_fixed_abode") and not values.get("closest_links_area"):
        errors["closest_links_area"] = ["Select the area of closest links: it is required for no fixed abode"]
    return errors


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
    confirmed_not_duplicate: bool = False,
) -> Nominal:
    """Create a person in the acting user's area, owned by their agency. When the register
    already holds a likely duplicate (register.duplicates), nothing is created unless the
    user has confirmed this is someone else: PossibleDuplicatesFound names the matches."""
    values = {k: v for k, v in values.items() if k in PERSON_DETAILS}
    values = _cleaned_identifiers({field: "" for field in IDENTIFIER_FIELDS} | values)
    collect(_detail_errors(values))
    if not confirmed_not_duplicate:
        _refuse_possible_duplicates(actor, values)
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


class PossibleDuplicatesFound(ValidationError):
    """The register holds likely duplicates of the person being added (`found`): shown
    against the confirmation the user gives to add them all the same."""

    def __init__(self, found: PossibleDuplicates) -> None:
        super().__init__({CONFIRM_FIELD: [POSSIBLE_DUPLICATES]})
        self.found = found


def _refuse_possible_duplicates(actor: Actor, values: dict[str, Any]) -> None:
    found = find_possible_duplicates(requested_by=actor.user, values=values)
    if not found:
        return
    # Telling the user who is on the register is a read of those records: audited, in a
    # transaction of its own, since the refusal that follows writes nothing else.
    with transaction.atomic():
        trail.record(
            actor=actor,
            action="nominal.possible_duplicates",
            detail={"shown": [match.nominal.pk for match in found.shown], "hidden": found.hidden},
        )
    raise PossibleDuplicatesFound(found)


def update_nominal(
    *,
    actor: Actor,
    nominal: Nominal,
    expected_version: int,
    changes: dict[str, Any],
) -> Nominal:
    """Apply changes if nobody else has changed the record since `expected_version`."""
    changes = _cleaned_identifiers({k: v for k, v in changes.items() if k in PERSON_DETAILS}, nominal)
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


def _address_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    start, end = values.get("from_date"), values.get("to_date")
    if start and end and end < start:
        errors["to_date"] = [ADDRESS_ENDS_BEFORE_START]
    if start and start > timezone.localdate():
        errors["from_date"] = ["The start date must be today or in the past"]
    if end and end > timezone.localdate():
        errors["to_date"] = ["The end date must be today or in the past"]
    return errors


def _addresses_changed(nominal_id: int) -> None:
    dates_changed([nominal_id], kinds=[NOTIFICATION, HOME_VISIT])  # a move starts both clocks


def add_address(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Address:
    """Record an address. A new current home address ends the current one on the day the
    person moved: a person has one home at a time (the same day, so no day is without one)."""
    errors = _address_errors(values)
    moving_home = values.get("kind") == AddressKind.MAIN and values.get("to_date") is None
    with transaction.atomic():
        previous = list(
            Address.objects.select_for_update().filter(nominal=nominal, kind=AddressKind.MAIN, to_date__isnull=True)
        )
        moved_on = values.get("from_date")
        if moving_home and moved_on:
            for home in previous:
                if home.from_date > moved_on:
                    errors.setdefault("from_date", []).append(
                        f"The current home address began on {home.from_date:%d %B %Y}: a new home address starts "
                        "on or after it (correct that address if it is wrong)"
                    )
        collect(errors)
        ended = []
        if moving_home:
            for home in previous:
                home.to_date = moved_on
                save_new_version(home, update_fields=["to_date"])
                ended.append(home.pk)
        address = Address.objects.create(nominal=nominal, **values)
        _addresses_changed(nominal.pk)
        trail.record(
            actor=actor,
            action="address.create",
            obj=address,
            nominal_id=nominal.pk,
            detail={"ended": ended} if ended else None,
        )
    return address


ADDRESS_FIELDS = ("kind", "line1", "line2", "town", "postcode", "from_date", "to_date")
ONE_CURRENT_HOME = "The person already has a current home address: end it first, or add the new one as a move"


def correct_address(*, actor: Actor, address: Address, values: dict[str, Any], expected_version: int) -> Address:
    """Correct what an address says (a typing error, the wrong dates), if nobody else has
    changed it since `expected_version`."""
    with transaction.atomic():
        current = locked(address, expected_version)
        merged = {field: getattr(current, field) for field in ADDRESS_FIELDS} | {
            k: v for k, v in values.items() if k in ADDRESS_FIELDS
        }
        errors = _address_errors(merged)
        for required, message in (("line1", "Enter address line 1"), ("town", "Enter the town or city")):
            if not str(merged.get(required) or "").strip():
                errors[required] = [message]
        if not merged.get("from_date"):
            errors["from_date"] = ["Enter the date the person started living there"]
        if merged.get("kind") == AddressKind.MAIN and merged.get("to_date") is None:
            other_home = Address.objects.filter(
                nominal_id=current.nominal_id, kind=AddressKind.MAIN, to_date__isnull=True
            ).exclude(pk=current.pk)
            if other_home.exists():
                errors.setdefault("to_date", []).append(ONE_CURRENT_HOME)
        collect(errors)
        changed = sorted(f for f in ADDRESS_FIELDS if getattr(current, f) != merged[f])
        for field in ADDRESS_FIELDS:
            setattr(current, field, merged[field])
        save_new_version(current)
        _addresses_changed(current.nominal_id)
        trail.record(
            actor=actor,
            action="address.correct",
            obj=current,
            nominal_id=current.nominal_id,
            detail={"fields": changed},
        )
    return current


def end_address(*, actor: Actor, address: Address, ended_on: date | None, expected_version: int) -> Address:
    """The person no longer lives at the address from `ended_on`."""
    with transaction.atomic():
        current = locked(address, expected_version)
        errors: dict[str, list[str]] = {}
        if current.to_date is not None:
            errors["ended_on"] = [f"This address already ended on {current.to_date:%d %B %Y}: correct it instead"]
        elif ended_on is None:
            errors["ended_on"] = ["Enter the date the person stopped living there"]
        elif ended_on < current.from_date:
            errors["ended_on"] = [f"The end date must be on or after the start date, {current.from_date:%d %B %Y}"]
        elif ended_on > timezone.localdate():
            errors["ended_on"] = ["The end date must be today or in the past"]
        collect(errors)
        current.to_date = ended_on
        save_new_version(current, update_fields=["to_date"])
        _addresses_changed(current.nominal_id)
        trail.record(actor=actor, action="address.end", obj=current, nominal_id=current.nominal_id)
    return current


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
