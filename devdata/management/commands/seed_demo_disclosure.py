"""`manage.py seed_demo_disclosure`: demo disclosure decisions and victims in the DEMO area.

Run after `seed_demo` (and, for a level 2 decision made at a meeting, `seed_demo_meetings`).
Everything goes through the services, so the demo data obeys the same rules and leaves the
same audit trail as real use. Safe to run again: it does nothing once the DEMO area has
disclosure decisions.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import AgencyKind, User
from cases.models import Registration, RegistrationStatus
from disclosure import services
from disclosure.models import Disclosure, RecipientKind
from kernel.actor import Actor
from meetings.models import Meeting
from victims import services as victim_services

USERNAMES = ("police.om", "probation.om", "chair")


def _level_1(kind: str, *, exclude: int | None = None) -> Registration | None:
    """An active category 1 or 2 level 1 case led by an agency of this kind, else any."""
    cases = (
        Registration.objects.filter(
            nominal__area__code="DEMO", status=RegistrationStatus.ACTIVE, level=1, category__in=[1, 2]
        )
        .select_related("nominal", "record_manager")
        .order_by("pk")
    )
    if exclude is not None:
        cases = cases.exclude(pk=exclude)
    return cases.filter(lead_agency__kind=kind).first() or cases.first()


class Command(BaseCommand):
    help = "Add demo disclosure decisions and victims to the DEMO area. Run seed_demo first."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
        missing = set(USERNAMES) - set(users)
        if missing:
            raise CommandError(f"Demo users missing ({', '.join(sorted(missing))}): run seed_demo first")
        # Decisions recorded from approved minutes (seed_demo_meetings) are not this command's.
        if Disclosure.objects.filter(nominal__area__code="DEMO", minutes__isnull=True).exists():
            self.stdout.write("The DEMO area already has disclosure decisions: nothing to do.")
            return
        with transaction.atomic():
            made = self._seed(users)
        self.stdout.write(
            self.style.SUCCESS(f"Added {made['disclosures']} disclosure decisions and {made['victims']} victims.")
        )

    def _seed(self, users: dict[str, User]) -> dict[str, int]:
        today = timezone.localdate()
        police, probation = users["police.om"], users["probation.om"]
        made = {"disclosures": 0, "victims": 0}
        police_case = _level_1(AgencyKind.POLICE)
        probation_case = _level_1(AgencyKind.PROBATION, exclude=police_case.pk if police_case else None)
        if police_case is None or probation_case is None:
            raise CommandError("No level 1 demo cases found: run seed_demo first")

        # A new partner with children: decided, made and acknowledged; review overdue.
        nominal = police_case.nominal
        partner = services.record_decision(
            actor=Actor(police),
            nominal=nominal,
            values={
                "considered": True,
                "decision": "disclose",
                "decided_on": today - timedelta(days=130),
                "reason": "He has formed a relationship with a woman who has two daughters aged 6 and 9.",
                "what": "His conviction for sexual offences against a child and that he must not be alone with "
                "her children.",
                "recipient_kind": RecipientKind.PERSON,
                "recipient_name": "Jane Example",
                "recipient_relationship": "New partner",
                "discloser": police,
                "disclose_by": today - timedelta(days=123),
                "offender_told": True,
            },
        )
        services.record_carried_out(
            actor=Actor(police), disclosure=partner, carried_out_on=today - timedelta(days=125), carried_out_by=police
        )
        services.record_acknowledgement(
            actor=Actor(police), disclosure=partner, acknowledged_on=today - timedelta(days=125), method="signed"
        )
        # A request to publish his photograph: waits for a chief officer's authority.
        services.record_decision(
            actor=Actor(police),
            nominal=nominal,
            values={
                "considered": True,
                "decision": "disclose",
                "decided_on": today - timedelta(days=4),
                "reason": "He has absconded and is believed to be approaching children in parks.",
                "what": "His name, photograph and that the public should call 999 if they see him.",
                "recipient_kind": RecipientKind.MEDIA,
                "recipient_name": "Demotown Echo and local radio",
                "includes_photograph": True,
                "discloser": police,
                "disclose_by": today - timedelta(days=1),
                "offender_told": False,
                "offender_not_told_reason": "His whereabouts are unknown.",
            },
        )
        made["disclosures"] += 2
        victim_services.record_victim(
            actor=Actor(police_case.record_manager),
            nominal=nominal,
            values={
                "kind": "person",
                "name": "Jane Example",
                "status": "potential",
                "relationship": "New partner (and her two daughters)",
                "contact_by": "police",
                "contact_name": "PC Priya Sandhu, public protection unit",
                "no_contact_condition": False,
                "other_protection": "Safety plan agreed with children's services",
            },
        )
        victim_services.record_victim(
            actor=Actor(police_case.record_manager),
            nominal=nominal,
            values={
                "kind": "group",
                "name": "Children at Demotown Primary School",
                "status": "potential",
                "contact_by": "none",
                "exclusion_zone": "Within 500 metres of the school gates",
            },
        )
        made["victims"] += 2

        # Not disclosed, with the defensible reasons; the victim is in the contact scheme.
        nominal = probation_case.nominal
        services.record_decision(
            actor=Actor(probation),
            nominal=nominal,
            values={
                "considered": True,
                "decision": "not_disclose",
                "decided_on": today - timedelta(days=20),
                "reasons_not_to_disclose": "The only person at risk is the victim of the index offence, who is "
                "supported by the VLO and already knows; no new relationship or employment.",
            },
        )
        made["disclosures"] += 1
        victim = victim_services.record_victim(
            actor=Actor(probation_case.record_manager),
            nominal=nominal,
            values={
                "kind": "person",
                "name": "Alex Sample",
                "status": "victim",
                "relationship": "Former partner",
                "contact_by": "vlo",
                "contact_name": "Victim Liaison Officer, Demotown",
                "in_contact_scheme": True,
                "no_contact_condition": True,
                "exclusion_zone": "The Northfield estate, Demotown",
            },
        )
        for event, urgency, notifier in (
            ("recall", "office_hours", "Victim Liaison Officer"),
            ("absconding", "emergency", "Approved Premises duty manager"),
        ):
            victim_services.add_notification(
                actor=Actor(probation_case.record_manager),
                victim=victim,
                values={"event": event, "urgency": urgency, "notifier": notifier, "method": "By telephone"},
            )
        made["victims"] += 1

        # A level 2 decision made at a MAPP meeting, when the demo has meetings.
        meeting = (
            Meeting.objects.filter(
                area__code="DEMO",
                held_on__lte=today,
                nominal__registrations__status=RegistrationStatus.ACTIVE,
                nominal__registrations__level__in=[2, 3],
            )
            .exclude(level__isnull=True)
            .order_by("-held_on", "-pk")
            .first()
        )
        if meeting is not None:
            services.record_decision(
                actor=Actor(meeting.chair),
                nominal=meeting.nominal,
                values={
                    "considered": True,
                    "decision": "disclose",
                    "decided_on": meeting.held_on,
                    "meeting": meeting,
                    "reason": "He is seeking work as a caretaker at a school.",
                    "what": "His risk to children, so the school does not employ him.",
                    "recipient_kind": RecipientKind.ORGANISATION,
                    "recipient_name": "The head teacher",
                    "recipient_organisation": "Demotown Academy",
                    "recipient_relationship": "Prospective employer",
                    "discloser": probation,
                    "disclose_by": today + timedelta(days=7),
                    "offender_told": True,
                },
            )
            made["disclosures"] += 1
        return made
