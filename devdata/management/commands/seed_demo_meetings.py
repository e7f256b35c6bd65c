"""`manage.py seed_demo_meetings`: demo referrals and MAPP meetings in the DEMO area.

Run after `seed_demo`. Everything goes through the services, so the demo data obeys the
same rules (and leaves the same audit trail) as real use. Safe to run again: it does
nothing once the DEMO area has referrals.

The demo shows every state: referrals in draft, awaiting countersignature, awaiting
gatekeeping (one an emergency, at the top of the queue), accepted, not accepted,
ineligible (PDP considered), disputed (waiting for `probation.senior`) and finally upheld;
meetings upcoming, cancelled (its invitations' sharing revoked), held with draft minutes
awaiting the chair, and held with approved minutes shared with housing; requests for
minutes with the chair and released as an executive summary.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Agency, Role, User
from cases.models import Registration, RegistrationStatus
from kernel.actor import Actor
from meetings import services as meeting_services
from meetings.models import Attendance, DisclosureDecision, Meeting, MeetingType, PlanHeading, RequesterKind
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

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password for probation.senior, the senior manager who decides disputes "
            "(without one that user cannot sign in)",
        )

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
            users["probation.senior"] = self._senior_manager(users["coordinator"], options.get("password"))
            counts = self._seed(users)
        self.stdout.write(self.style.SUCCESS(f"Demo meetings: {counts[0]} referrals, {counts[1]} meetings."))
        self.stdout.write(
            "The co-ordinator's queue is at /referrals/, meetings at /meetings/; "
            "housing.spoc sees its invitations at /meetings/information-requests/; "
            "probation.senior decides the disputed referral."
        )

    @staticmethod
    def _usernames() -> tuple[str, ...]:
        return ("probation.om", "police.om", "coordinator", "chair", "housing.spoc")

    @staticmethod
    def _senior_manager(coordinator: User, password: str | None) -> User:
        """A probation Assistant Chief Officer: the senior manager whose decision on a
        disputed referral is final (seed 003), and who may chair level 3."""
        probation = Agency.objects.get(code="DEMO-PRB")
        senior, _ = User.objects.update_or_create(
            username="probation.senior",
            defaults={
                "role": Role.PROBATION_OM,
                "agency": probation,
                "area": probation.area,
                "first_name": "Helen",
                "last_name": "Achebe",
                "email": "probation.senior@demo.invalid",
                "is_demo": True,
                "is_active": True,
            },
        )
        if password:
            senior.set_password(password)
        else:
            senior.set_unusable_password()
        senior.save()
        referral_services.record_rank(actor=Actor(coordinator), user=senior, rank=Rank.ASSISTANT_CHIEF_OFFICER)
        return senior

    def _seed(self, users: dict[str, User]) -> tuple[int, int]:
        coordinator, chair, officer = users["coordinator"], users["chair"], users["probation.om"]
        referral_services.record_rank(actor=Actor(coordinator), user=chair, rank=Rank.SENIOR_PROBATION_OFFICER)
        agencies = {a.code: a for a in Agency.objects.filter(area__code="DEMO")}
        housing, police, social_care = agencies["DEMO-HSG"], agencies["DEMO-POL"], agencies["DEMO-CSC"]
        probation = agencies["DEMO-PRB"]
        cases = list(
            Registration.objects.filter(
                status=RegistrationStatus.ACTIVE, lead_agency=probation, nominal__area__code="DEMO"
            )
            .select_related("nominal")
            .order_by("pk")[:10]
        )
        if len(cases) < 10:
            raise CommandError("Not enough probation-led demo cases: run seed_demo first")
        today = timezone.localdate()
        invite = [housing, police, social_care]

        def refer(registration: Registration, *, emergency: bool = False) -> Referral:
            return referral_services.create_referral(
                actor=Actor(officer),
                nominal=registration.nominal,
                values=_referral_values(registration, emergency=emergency),
                agencies_to_invite=invite,
            )

        def countersigned(registration: Registration, *, emergency: bool = False) -> Referral:
            referral = referral_services.submit_referral(
                actor=Actor(officer), referral=refer(registration, emergency=emergency)
            )
            return referral_services.countersign(actor=Actor(chair), referral=referral, approve=True)

        # A draft, one awaiting countersignature, and two awaiting gatekeeping (one emergency).
        refer(cases[0])
        referral_services.submit_referral(actor=Actor(officer), referral=refer(cases[1]))
        countersigned(cases[2])
        countersigned(cases[3], emergency=True)

        # Gatekept and sent back; ineligible (PDP management considered); disputed and
        # waiting for the senior manager; disputed and upheld, the final decision.
        def not_accepted(registration: Registration) -> Referral:
            return referral_services.gatekeep(
                actor=Actor(coordinator),
                referral=countersigned(registration),
                decision="not_accepted",
                reason="The single-agency plan has not been tried: the risk can be managed at level 1 for now",
            )

        not_accepted(cases[6])
        referral_services.gatekeep(
            actor=Actor(coordinator),
            referral=countersigned(cases[7]),
            decision="ineligible",
            reason="The index offence does not qualify for any MAPPA category",
            pdp_considered=True,
            pdp_outcome="Referred to the police PDP lead, who will consider recording him as a PDP",
        )
        dispute_reason = "New intelligence since the referral shows the risk is imminent"
        referral_services.dispute(actor=Actor(officer), referral=not_accepted(cases[8]), reason=dispute_reason)
        referral_services.resolve_dispute(
            actor=Actor(users["probation.senior"]),
            referral=referral_services.dispute(
                actor=Actor(officer), referral=not_accepted(cases[9]), reason=dispute_reason
            ),
            decision="uphold",
            reason="The intelligence is not corroborated; level 1 management with a review in four weeks",
        )

        # An accepted referral with its initial meeting next week.
        accepted = referral_services.gatekeep(
            actor=Actor(coordinator),
            referral=countersigned(cases[4]),
            decision="accept",
            level=2,
            reason="Within remit; risk to identified people needs multi-agency management",
        )
        # A meeting cancelled when the person was recalled: housing no longer sees it.
        cancelled = meeting_services.schedule_meeting(
            actor=Actor(coordinator),
            nominal=cases[4].nominal,
            meeting_type=MeetingType.REVIEW,
            level=2,
            held_on=today + timedelta(days=3),
            starts_at=time(14, 0),
            ends_at=time(15, 0),
            place="Demotown Probation Office, room 4",
            chair=chair,
            invited_agencies=invite,
        )
        meeting_services.cancel_meeting(
            actor=Actor(coordinator),
            meeting=cancelled,
            reason="Replaced by the initial meeting on the accepted referral",
        )
        meeting_services.schedule_meeting(
            actor=Actor(coordinator),
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
            actor=Actor(coordinator),
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
            actor=Actor(coordinator), meeting=past, changes={"held_on": today - timedelta(days=7)}
        )
        for invitation in past.invitations.select_related("information_request"):
            meeting_services.respond_to_information_request(
                actor=Actor(users["housing.spoc"] if invitation.agency == housing else coordinator),
                information_request=invitation.information_request,
                response_kind="information" if invitation.agency == housing else "no_information",
                response="Tenancy at a council flat since March; no arrears; no complaints from neighbours."
                if invitation.agency == housing
                else "",
            )
        meeting_services.record_attendance(
            actor=Actor(coordinator),
            meeting=past,
            attendance={
                i.pk: (Attendance.APOLOGIES if i.agency == social_care else Attendance.ATTENDED, "")
                for i in past.invitations.all()
            },
        )
        for user in (chair, officer, users["police.om"], users["housing.spoc"]):
            meeting_services.add_attendee(actor=Actor(coordinator), meeting=past, user=user)
        meeting_services.save_minutes_draft(
            actor=Actor(coordinator),
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
                # Sooner than the 12 weeks the cadence allows: the agreed date is the next review.
                "next_meeting_on": today - timedelta(days=7) + timedelta(weeks=8),
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
        meeting_services.distribute_action_list(actor=Actor(coordinator), meeting=past)
        # Approval drives the record: the three actions reach the plan (housing sees its own),
        # the disclosure decision the co-ordinator's register, the agreed date the next review.
        meeting_services.approve_minutes(actor=Actor(chair), meeting=past)
        # An action agreed after the meeting: the addendum adds it, and nothing twice.
        meeting_services.add_addendum(
            actor=Actor(chair),
            meeting=past,
            text="Housing confirmed after the meeting that it will also visit the tenancy with probation.",
            actions=[
                {
                    "heading": PlanHeading.MONITORING,
                    "action": "Joint tenancy visit with the probation officer.",
                    "owner": housing,
                    "due_on": today + timedelta(weeks=3),
                }
            ],
        )
        meeting_services.approve_sharing(
            actor=Actor(chair),
            meeting=past,
            agency=housing,
            recipient_name="Dan Kowalski, housing SPOC",
            purpose="Housing actions in the risk management plan",
        )
        released = meeting_services.log_minutes_request(
            actor=Actor(coordinator),
            nominal=cases[5].nominal,
            requester_kind=RequesterKind.COURT,
            requester="Demotown Crown Court",
            purpose="Sentencing for a new offence: the risk management plan",
            received_on=today - timedelta(days=2),
        )
        meeting_services.decide_minutes_request(
            actor=Actor(chair),
            minutes_request=released,
            release=True,
            reason="The court needs the risk picture; the executive summary holds no third-party detail",
        )
        meeting_services.log_minutes_request(
            actor=Actor(coordinator),
            nominal=cases[5].nominal,
            requester_kind=RequesterKind.PAROLE_BOARD,
            requester="Parole Board case manager",
            purpose="Oral hearing: risk management in the community",
            received_on=today,
        )

        # Held yesterday: the minutes are drafted and wait for the chair. The victims
        # section is still empty, so the approval page shows the rule that refuses them.
        drafted = meeting_services.schedule_meeting(
            actor=Actor(coordinator),
            nominal=cases[6].nominal,
            meeting_type=MeetingType.REVIEW,
            level=2,
            held_on=today,
            starts_at=time(10, 0),
            ends_at=time(11, 0),
            place="Demotown Police Station, conference room 1",
            chair=chair,
            invited_agencies=[housing, police],
        )
        drafted = meeting_services.update_meeting(
            actor=Actor(coordinator), meeting=drafted, changes={"held_on": today - timedelta(days=1)}
        )
        meeting_services.record_attendance(
            actor=Actor(coordinator),
            meeting=drafted,
            attendance={i.pk: (Attendance.ATTENDED, "") for i in drafted.invitations.all()},
        )
        meeting_services.save_minutes_draft(
            actor=Actor(coordinator),
            meeting=drafted,
            values={
                "reason_for_meeting": "Scheduled level 2 review.",
                "agency_information": "Probation: missed one appointment. Police: no new intelligence.",
                "rosh_known_adult": RiskLevel.HIGH,
                "imminence": Imminence.NOT_IMMINENT,
                "risk_assessment": "Risk stable; the missed appointment was explained.",
                "disclosure_considered": True,
                "disclosure_decision": DisclosureDecision.DO_NOT_DISCLOSE,
                "disclosure_reasons_not": "No one new at risk.",
                "offender_told": True,
                "level_decision": 2,
                "level_reasoning": "A reduction was considered and not agreed.",
                "reduction_considered": True,
                "next_meeting_on": today - timedelta(days=1) + timedelta(weeks=10),
            },
            actions=[
                {
                    "heading": PlanHeading.SUPERVISION,
                    "action": "Fortnightly supervision, one home visit a month.",
                    "owner": probation,
                    "due_on": today + timedelta(weeks=10),
                }
            ],
        )
        return (
            Referral.objects.filter(nominal__area__code="DEMO").count(),
            Meeting.objects.filter(area__code="DEMO").count(),
        )
