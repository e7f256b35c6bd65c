"""`manage.py seed_demo_plans`: risk assessments, plans, actions, licence conditions and a
controlled-disclosure contract for demo people in the DEMO area.

Run after `seed_demo`. Everything goes through the services, so the demo obeys the same
rules and leaves the same audit trail as real use (including the sharing grant that lets
DEMO housing update its own action). Safe to run again: it does nothing once a DEMO
person has a risk assessment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind, User
from accounts.reference import agency_code
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from plans import assessments, controls, services
from plans.models import ControlKind, PlanHeading, RiskAssessment, Tool

PEOPLE = 4


def _oasys(level_public: str, level_known_adult: str, level_children: str) -> dict[str, Any]:
    return {
        "community_public": level_public,
        "community_known_adult": level_known_adult,
        "community_children": level_children,
        "community_staff": "low",
        "custody_public": "low",
        "custody_known_adult": "medium",
        "custody_children": "low",
        "custody_staff": "medium",
        "custody_prisoners": "low",
    }


class Command(BaseCommand):
    help = "Demo risk assessments, risk management plans, actions and licence conditions (after seed_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=["probation.om", "police.om"])}
        if len(users) < 2:
            raise CommandError("Demo users missing: run seed_demo first")
        if RiskAssessment.objects.filter(nominal__area__code="DEMO").exists():
            self.stdout.write("Demo risk and plans already present: nothing to do")
            return
        housing = Agency.objects.get(code=agency_code("DEMO", AgencyKind.HOUSING_AUTHORITY))
        police = Agency.objects.get(code=agency_code("DEMO", AgencyKind.POLICE))
        registrations = list(
            Registration.objects.filter(
                nominal__area__code="DEMO", status=RegistrationStatus.ACTIVE, record_manager__in=users.values()
            )
            .select_related("nominal", "record_manager", "lead_agency")
            .order_by("-level", "pk")[:PEOPLE]
        )
        if not registrations:
            raise CommandError("No active DEMO registrations managed by the demo offender managers: run seed_demo")
        with transaction.atomic():
            for index, registration in enumerate(registrations):
                self._seed_one(index, registration, housing, police)
        self.stdout.write(
            self.style.SUCCESS(f"Risk, plans and actions for {len(registrations)} demo people (one action for housing)")
        )

    def _seed_one(self, index: int, registration: Registration, housing: Agency, police: Agency) -> None:
        officer = registration.record_manager
        nominal = registration.nominal
        today = timezone.localdate()
        levels = [("high", "very_high", "medium"), ("medium", "high", "low"), ("high", "high", "high")][index % 3]
        common = {
            "tool": Tool.OASYS,
            "assessor": officer.display_name,
            "agency": registration.lead_agency,
            "reconviction_level": "medium",
            "who_is_at_risk": "A former partner and her children; lone women in the community",
            "nature_of_harm": "Serious violence, including with a weapon",
            "imminence": "change",
            "risk_increased_by": "Alcohol misuse; losing accommodation; contact with the former partner",
            "risk_reduced_by": "Stable accommodation; employment; engagement with supervision",
        }
        assessments.record_assessment(
            actor=Actor(officer),
            nominal=nominal,
            values=common | _oasys("medium", "high", "low") | {"assessed_on": today - timedelta(days=200)},
        )
        assessments.record_assessment(
            actor=Actor(officer),
            nominal=nominal,
            values=common | _oasys(*levels) | {"assessed_on": today - timedelta(days=20)},
        )
        if index == 1 and nominal.gender == "male":
            assessments.record_assessment(
                actor=Actor(officer),
                nominal=nominal,
                values={
                    "tool": Tool.RM2000,
                    "assessor": "DC Priya Sandhu",
                    "agency": police,
                    "assessed_on": today - timedelta(days=15),
                    "overall_level": "high",
                    "reconviction_level": "high",
                },
            )
            assessments.agree_risk_level(
                actor=Actor(officer),
                nominal=nominal,
                agreed_level="high",
                reconviction_level="high",
                agreed_on=today - timedelta(days=10),
                reasoning="OASys (dynamic factors) and RM2000 (static) differ; agreed at high in professional "
                "discussion between police and probation, with RM2000's reconviction level taking precedence.",
            )
        services.update_plan(
            actor=Actor(officer),
            registration=registration,
            values={
                "review_on": today + timedelta(days=30 + 14 * index),
                "supervision": "Weekly reporting to the offender manager; monthly three-way with police.",
                "monitoring": "Licence conditions: exclusion zone, no contact with the former partner, curfew.",
                "interventions": "Building Better Relationships programme; alcohol treatment.",
                "victim_safety": "Victim Liaison Officer keeps the former partner informed; IDVA safety plan.",
                "contingency": "Any sighting near the exclusion zone: immediate recall considered; police flag.",
            },
        )
        services.add_action(
            actor=Actor(officer),
            registration=registration,
            values={
                "heading": PlanHeading.SUPERVISION,
                "text": "Home visit to confirm the address and who lives there",
                "owner_agency": registration.lead_agency,
                "owner_person": officer.display_name,
                "due_on": today + timedelta(days=7),
            },
        )
        services.add_action(
            actor=Actor(officer),
            registration=registration,
            values={
                "heading": PlanHeading.MONITORING,
                "text": "Check compliance with the exclusion zone with the electronic monitoring provider",
                "owner_agency": registration.lead_agency,
                "due_on": today + timedelta(days=3),
            },
        )
        if index == 0:
            services.add_action(
                actor=Actor(officer),
                registration=registration,
                values={
                    "heading": PlanHeading.VICTIM_SAFETY,
                    "text": "Confirm a suitable tenancy away from the former partner's area and tell the OM",
                    "owner_agency": housing,
                    "owner_person": "Dan Kowalski",
                    "due_on": today + timedelta(days=14),
                },
            )
        controls.record_control(
            actor=Actor(officer),
            nominal=nominal,
            values={
                "kind": ControlKind.LICENCE_CONDITION,
                "text": "Not to enter the exclusion zone shown on the attached map without prior approval.",
                "from_on": today - timedelta(days=60),
                "source": "Licence issued on release",
            },
        )
        if index == 0:
            controls.record_contract(
                actor=Actor(officer),
                nominal=nominal,
                values={
                    "setting": "St Example's Church, Demotown",
                    "undertakings": "I will attend church only at 8.30am and 6.30pm services.\n"
                    "I will ensure that I sit apart from children and young people in church.\n"
                    "I will ensure that I am never alone with children and young people at church.\n"
                    "I will not involve myself in any way with children and young people.",
                    "who_will_know": "The vicar and two churchwardens, on a need-to-know basis, so they can "
                    "support the contract; the person knows who they are and why.",
                    "breach_consequence": "The church will prohibit attendance and report the breach to the "
                    "offender manager.",
                    "offender_signed_on": today - timedelta(days=30),
                    "offender_manager": officer.display_name,
                    "offender_manager_signed_on": today - timedelta(days=30),
                },
            )
