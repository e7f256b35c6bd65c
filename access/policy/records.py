"""The domain apps' models, found by app label when a rule is asked.

access sits below register, cases and the other domain apps (DESIGN.md): importing their
models here would put access in an import cycle with each of them. The classes are
imported for type checking only; the status values a rule compares with are read from
the model class (Referral.Status, StaffRank.MANAGER_TIER...)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, TypedDict

from django.apps import apps

if TYPE_CHECKING:
    from cases.models import PartnerAgency, PotentiallyDangerousPerson, Registration
    from custody.models import SeriousFurtherOffence, UrgentReview
    from disclosure.models import Disclosure
    from meetings.models import InformationRequest, Meeting, Minutes, MinutesRequest
    from plans.models import PlanAction
    from referrals.models import Referral, StaffRank
    from register.models import Nominal
    from transfers.models import Transfer


class NominalIdRow(TypedDict):
    """A row of `.values("nominal_id")`: the people a set of records is about."""

    nominal_id: int


@cache
def nominal_model() -> type[Nominal]:
    return apps.get_model("register", "Nominal")


@cache
def registration_model() -> type[Registration]:
    return apps.get_model("cases", "Registration")


@cache
def partner_agency_model() -> type[PartnerAgency]:
    return apps.get_model("cases", "PartnerAgency")


@cache
def pdp_model() -> type[PotentiallyDangerousPerson]:
    return apps.get_model("cases", "PotentiallyDangerousPerson")


@cache
def staff_rank_model() -> type[StaffRank]:
    return apps.get_model("referrals", "StaffRank")


@cache
def referral_model() -> type[Referral]:
    return apps.get_model("referrals", "Referral")


@cache
def meeting_model() -> type[Meeting]:
    return apps.get_model("meetings", "Meeting")


@cache
def minutes_model() -> type[Minutes]:
    return apps.get_model("meetings", "Minutes")


@cache
def information_request_model() -> type[InformationRequest]:
    return apps.get_model("meetings", "InformationRequest")


@cache
def minutes_request_model() -> type[MinutesRequest]:
    return apps.get_model("meetings", "MinutesRequest")


@cache
def plan_action_model() -> type[PlanAction]:
    return apps.get_model("plans", "PlanAction")


@cache
def disclosure_model() -> type[Disclosure]:
    return apps.get_model("disclosure", "Disclosure")


@cache
def urgent_review_model() -> type[UrgentReview]:
    return apps.get_model("custody", "UrgentReview")


@cache
def serious_further_offence_model() -> type[SeriousFurtherOffence]:
    return apps.get_model("custody", "SeriousFurtherOffence")


@cache
def transfer_model() -> type[Transfer]:
    return apps.get_model("transfers", "Transfer")
