"""`manage.py seed_demo_meetings`: demo referrals and MAPP meetings in the DEMO area.

Run after `seed_demo`. Everything goes through the services, so the demo data obeys the
same rules (and leaves the same audit trail) as real use. Safe to run again: it does
nothing once the DEMO area has referrals.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Agency, User
from cases.models import Registration, RegistrationStatus
from meetings import services as meeting_services
from meetings.models import Attendance, DisclosureDecision, MeetingType, PlanHeading, RequesterKind
from referrals import services as referral_services
from referrals.models import Imminence, MeetingNeeded, Rank, Referral, RiskLevel


def _referral_values(registration: Registration, *, emergency: bool = False) -> dict[str, Any]:
    nominal = registration.nominal
    index = nominal.convictions.filter(is_index_offence=True).first()
    today = timezone.localdate()
    return {
        "category": registration.category,
        "index_offence": index.offence if index else "Not recorded",
        "reason_for_referral": "Escalating risk: new intelligence of contact with a former partner and her children; "
        "the plan needs housing and children's services to manage the risk.",
        "requested_level": 2,
        "likelihood_of_reoffending": RiskLevel.HIGH,
        "reoffending_detail": "OGRS3 68% at two years",
        "risk_of_serious_harm": RiskLevel.HIGH,
        "harm_to_whom": "A known adult (former partner) and her children",
        "harm_when": "If he learns her new address, or on release of stress such as losing his tenancy",
        "imminence": Imminence.IMMINENT if emergency else Imminence.CHANGE_IN_CIRCUMSTANCES,
        "updated_risk_assessment": "OASys reviewed this month: RoSH high to a known adult and children.",
        "outline_risk_management_plan": "Weekly supervision; exclusion zone; housing away from the victim's area; "
        "victim liaison and safety planning.",
        "meeting_needed": MeetingNeeded.EMERGENCY if emergency else MeetingNeeded.NEXT_SCHEDULED,
        "emergency_meeting_by": today + timedelta(days=2) if emergency else None,
    }


class Command(BaseCommand):
    help = "Add demo referrals and MAPP meetings (with minutes) to the DEMO area. Run seed_demo first."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=self._usernames())}
        missing = set(self._usernames()) - set(users)
        if missing:
            raise CommandError(f"Demo users missing ({', '.join(sorted(missing))}): run seed_demo first")
        if Referral.objects.filter(nominal__area__code="DEMO").exists():
            self.stdout.write("The DEMO area already has referrals and meetings: nothing to do.")
            return
        # Demo emails (decisions, the action list) go nowhere rather than to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            counts = self._seed(users)
        self.stdout.write(self.style.SUCCESS(f"Demo meetings: {counts[0]} referrals, {counts[1]} meetings."))
        self.stdout.write(
            "The co-ordinator's queue is at /referrals/, meetings at /meetings/; "
            "housing.spoc sees its invitations at /meetings/information-requests/."
        )

    @staticmethod
    def _usernames() -> tuple[str, ...]:
        return ("probation.om", "police.om", "coordinator", "chair", "housing.spoc")

    def _seed(self, users: dict[str, User]) -> tuple[int, int]:
        coordinator, chair, officer = users["coordinator"], users["chair"], users["probation.om"]
        referral_services.record_rank(acting_user=coordinator, user=chair, rank=Rank.SENIOR_PROBATION_OFFICER)
        agencies = {a.code: a for a in Agency.objects.filter(area__code="DEMO")}
        housing, police, social_care = agencies["DEMO-HSG"], agencies["DEMO-POL"], agencies["DEMO-CSC"]
        probation = agencies["DEMO-PRB"]
        cases = list(
            Registration.objects.filter(
                status=RegistrationStatus.ACTIVE, lead_agency=probation, nominal__area__code="DEMO"
            )
            .select_related("nominal")
            .order_by("pk")[:6]
        )
        if len(cases) < 6:
            raise CommandError("Not enough probation-led demo cases: run seed_demo first")
        today = timezone.localdate()
        invite = [housing, police, social_care]

        def refer(registration: Registration, *, emergency: bool = False) -> Referral:
            return referral_services.create_referral(
                acting_user=officer,
                nominal=registration.nominal,
                values=_referral_values(registration, emergency=emergency),
                agencies_to_invite=invite,
            )

        def countersigned(registration: Registration, *, emergency: bool = False) -> Referral:
            referral = referral_services.submit_referral(
                acting_user=officer, referral=refer(registration, emergency=emergency)
            )
            return referral_services.countersign(acting_user=chair, referral=referral, approve=True)

        # A draft, one awaiting countersignature, and two awaiting gatekeeping (one emergency).
        refer(cases[0])
        referral_services.submit_referral(acting_user=officer, referral=refer(cases[1]))
        countersigned(cases[2])
        countersigned(cases[3], emergency=True)

        # An accepted referral with its initial meeting next week.
        accepted = referral_services.gatekeep(
            acting_user=coordinator,
            referral=countersigned(cases[4]),
            decision="accept",
            level=2,
            reason="Within remit; risk to identified people needs multi-agency management",
        )
        meeting_services.schedule_meeting(
            acting_user=coordinator,
            nominal=cases[4].nominal,
            referral=accepted,
            meeting_type=MeetingType.INITIAL,
            level=2,
            held_on=today + timedelta(days=7),
            starts_at=time(10, 0),
            ends_at=time(11, 30),
            place="Demotown Police Station, conference room 2",
            chair=chair,
            invited_agencies=invite,
        )

        # A review meeting held a week ago, its minutes approved and shared with housing.
        past = meeting_services.schedule_meeting(
            acting_user=coordinator,
            nominal=cases[5].nominal,
            meeting_type=MeetingType.REVIEW,
            level=2,
            held_on=today,
            starts_at=time(14, 0),
            ends_at=time(15, 0),
            video_link="https://video.example.invalid/mappa-demo",
            chair=chair,
            invited_agencies=invite,
        )
        past = meeting_services.update_meeting(
            acting_user=coordinator, meeting=past, changes={"held_on": today - timedelta(days=7)}
        )
        for invitation in past.invitations.select_related("information_request"):
            meeting_services.respond_to_information_request(
                acting_user=users["housing.spoc"] if invitation.agency == housing else coordinator,
                information_request=invitation.information_request,
                response_kind="information" if invitation.agency == housing else "no_information",
                response="Tenancy at a council flat since March; no arrears; no complaints from neighbours."
                if invitation.agency == housing
                else "",
            )
        meeting_services.record_attendance(
            acting_user=coordinator,
            meeting=past,
            attendance={
                i.pk: (Attendance.APOLOGIES if i.agency == social_care else Attendance.ATTENDED, "")
                for i in past.invitations.all()
            },
        )
        for user in (chair, officer, users["police.om"], users["housing.spoc"]):
            meeting_services.add_attendee(acting_user=coordinator, meeting=past, user=user)
        meeting_services.save_minutes_draft(
            acting_user=coordinator,
            meeting=past,
            values={
                "reason_for_meeting": "Scheduled level 2 review.",
                "agency_information": "Probation: compliant with supervision, attending the accredited programme. "
                "Police: no new intelligence. Housing: tenancy stable, no arrears.",
                "rosh_public": RiskLevel.MEDIUM,
                "rosh_known_adult": RiskLevel.HIGH,
                "rosh_children": RiskLevel.MEDIUM,
                "rosh_staff": RiskLevel.LOW,
                "imminence": Imminence.CHANGE_IN_CIRCUMSTANCES,
                "risk_assessment": "Risk remains high to his former partner; protective factors are his "
                "accommodation and programme attendance.",
                "victims": "Former partner (victim of the index offence), supported by the Victim Liaison Officer.",
                "disclosure_considered": True,
                "disclosure_decision": DisclosureDecision.DO_NOT_DISCLOSE,
                "disclosure_reasons_not": "No new person identified at risk; the victim already knows.",
                "offender_told": True,
                "level_decision": 2,
                "level_reasoning": "A reduction to level 1 was considered; the plan still needs housing and "
                "police actions, so level 2 continues.",
                "reduction_considered": True,
                "differing_views": "None.",
                "next_meeting_on": today - timedelta(days=7) + timedelta(weeks=10),
            },
            actions=[
                {
                    "heading": PlanHeading.SUPERVISION,
                    "action": "Weekly supervision appointments, including one home visit a month.",
                    "owner": probation,
                    "due_on": today + timedelta(weeks=10),
                },
                {
                    "heading": PlanHeading.MONITORING,
                    "action": "Check exclusion zone compliance with the victim's address flagged.",
                    "owner": police,
                    "due_on": today + timedelta(weeks=4),
                },
                {
                    "heading": PlanHeading.VICTIM_SAFETY,
                    "action": "Tell the MAPPA co-ordinator of any housing application outside the current area.",
                    "owner": housing,
                    "due_on": today + timedelta(weeks=10),
                },
            ],
        )
        meeting_services.distribute_action_list(acting_user=coordinator, meeting=past)
        meeting_services.approve_minutes(acting_user=chair, meeting=past)
        meeting_services.approve_sharing(
            acting_user=chair,
            meeting=past,
            agency=housing,
            recipient_name="Dan Kowalski, housing SPOC",
            purpose="Housing actions in the risk management plan",
        )
        meeting_services.log_minutes_request(
            acting_user=coordinator,
            nominal=cases[5].nominal,
            requester_kind=RequesterKind.PAROLE_BOARD,
            requester="Parole Board case manager",
            purpose="Oral hearing: risk management in the community",
            received_on=today,
        )
        return 5, 2
