"""Likely duplicates of a person about to be added to the register.

A record is a likely duplicate when it has the same PNC number, CRO number, prison number
or probation CRN, or the same family name, first given name and date of birth (case,
accents and punctuation ignored). The whole register is searched, since a duplicate the
user cannot see is still a duplicate; but the user is shown only the matches they may see:
of the others they learn only that one exists, never who or why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from access import policy

from .models import Nominal
from .search import normalise_token

# Each identifier a duplicate can share, and what the user is told it matched on.
MATCHED_ON = {
    "pnc": "PNC number",
    "cro": "CRO number",
    "prison_number": "prison number",
    "crn": "probation CRN",
}
SAME_NAME_AND_BIRTH = "name and date of birth"


@dataclass(frozen=True)
class Match:
    nominal: Nominal
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class PossibleDuplicates:
    shown: list[Match] = field(default_factory=list)  # the matches the user may see
    hidden: int = 0  # how many more exist that the user may not see

    def __bool__(self) -> bool:
        return bool(self.shown or self.hidden)


def _name_key(family_name: str, given_names: str) -> tuple[str, str]:
    first_given = (given_names or "").split()[:1]
    return normalise_token(family_name or ""), normalise_token(first_given[0] if first_given else "")


def _matched_on(candidate: Nominal, values: dict[str, Any], name: tuple[str, str] | None) -> tuple[str, ...]:
    reasons = [label for key, label in MATCHED_ON.items() if values.get(key) and getattr(candidate, key) == values[key]]
    same_birth = name is not None and candidate.date_of_birth == values.get("date_of_birth")
    if same_birth and _name_key(candidate.family_name, candidate.given_names) == name:
        reasons.append(SAME_NAME_AND_BIRTH)
    return tuple(reasons)


def find_possible_duplicates(*, requested_by: policy.UserLike, values: dict[str, Any]) -> PossibleDuplicates:
    """The records like the person `values` describes (identifiers already in their stored
    spelling): those the user may see, and a count of the rest."""
    wanted = Q()
    for key in MATCHED_ON:
        if values.get(key):
            wanted |= Q(**{key: values[key]})
    born = values.get("date_of_birth")
    name: tuple[str, str] | None = None
    if isinstance(born, date):
        name = _name_key(str(values.get("family_name") or ""), str(values.get("given_names") or ""))
        if all(name):
            wanted |= Q(date_of_birth=born)
        else:
            name = None
    if not wanted:
        return PossibleDuplicates()
    matches = [
        Match(candidate, reasons)
        for candidate in Nominal.objects.filter(wanted).order_by("family_name", "given_names", "pk")
        if (reasons := _matched_on(candidate, values, name))
    ]
    if not matches:
        return PossibleDuplicates()
    visible = set(
        policy.visible_nominals(requested_by, few=True)
        .filter(pk__in=[match.nominal.pk for match in matches])
        .values_list("pk", flat=True)
    )
    shown = [match for match in matches if match.nominal.pk in visible]
    return PossibleDuplicates(shown=shown, hidden=len(matches) - len(shown))
