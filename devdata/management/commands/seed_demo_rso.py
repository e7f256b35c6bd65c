"""`manage.py seed_demo_rso`: notification histories, civil orders and home visits for the
DEMO area's category 1 people.

Run after `seed_demo`. Everything goes through the services, so the demo obeys the same
rules (and leaves the same audit trail) as real use. Some histories are left overdue on
purpose, so the clocks and worklists have something to show. Safe to run again: it does
nothing once the DEMO area has notification records.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind, Area, User
from cases import services as case_services
from cases.models import Category, Registration, RegistrationStatus
from kernel.actor import Actor
from notifications import services as notification_services
from notifications.models import IndefiniteReview, NotificationEvent, NotificationKind, RequirementBasis
from orders import services as order_services
from orders.models import OrderKind
from plans import assessments
from plans.models import Tool
from register import services as register_services
from register.models import AddressKind, CustodyStatus, Disposal, Nominal
from rules.orders import REFORM_DATE
from visits import services as visit_services
from visits.models import VisitPurpose, VisitStatus

STATIONS = ("Demotown Police Station", "Northgate Police Station", "Riverside Police Station")
ROSH_CYCLE = ("high", "medium", "low", "very_high", "medium")
PEOPLE = 10
# Long-standing registered sex offenders subject to indefinite notification, who have
# applied for review (SOA 2003 s91A-s91F): (family name, given names, born, convicted,
# released, what became of the application).
LIFETIME_RSOS = (
    ("Pennington", "Harold James", date(1956, 2, 14), date(2003, 5, 9), date(2007, 11, 2), "open"),
    ("Ashworth", "Colin", date(1961, 8, 30), date(2002, 10, 4), date(2006, 6, 16), "discharged"),
    ("Marsh", "Dennis Paul", date(1965, 1, 22), date(2004, 2, 27), date(2008, 9, 5), "continues"),
)


class Command(BaseCommand):
    help = "Add demo notification histories, civil orders and home visits to the DEMO area. Run seed_demo first."

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=["police.om", "probation.om"])}
        if len(users) < 2:
            raise CommandError("Demo users missing: run seed_demo first")
        self.officer, self.probation = users["police.om"], users["probation.om"]
        self.today = timezone.localdate()
        if NotificationEvent.objects.filter(nominal__area__code="DEMO").exists():
            if IndefiniteReview.objects.filter(nominal__area__code="DEMO").exists():
                self.stdout.write("The DEMO area already has notification records: nothing to do.")
                return
            with transaction.atomic():
                reviews = self._indefinite_reviews()
            self.stdout.write(self.style.SUCCESS(f"{reviews} reviews of indefinite notification"))
            return
        registrations = (
            Registration.objects.filter(
                nominal__area__code="DEMO",
                category=Category.REGISTERED_SEX_OFFENDER,
                status=RegistrationStatus.ACTIVE,
                nominal__custody_status=CustodyStatus.COMMUNITY,
                lead_agency__kind=AgencyKind.POLICE,
            )
            .select_related("nominal")
            .order_by("nominal_id")[:PEOPLE]
        )
        with transaction.atomic():
            people = 0
            for index, registration in enumerate(registrations):
                self._person(index, registration.nominal, registration)
                people += 1
            others = self._other_histories()
            sro = self._sro_breach()
            reviews = self._indefinite_reviews()
        self.stdout.write(
            self.style.SUCCESS(
                f"Notification histories, orders and home visits for {people} category 1 people"
                + f"; notification histories kept up to date for {others} more"
                + ("; one Sexual Risk Order breach that brought notification" if sro else "")
                + f"; {reviews} reviews of indefinite notification"
            )
        )

    # --- notification ------------------------------------------------------------------

    def _notify(self, nominal: Nominal, kind: str, on: date, event_on: date | None = None, details: str = "") -> None:
        notification_services.record_notification(
            actor=Actor(self.officer),
            nominal=nominal,
            values={
                "kind": kind,
                "notified_on": on,
                "event_on": event_on,
                "police_station": STATIONS[nominal.pk % len(STATIONS)],
                "officer": "PC 2207 Okafor" if nominal.pk % 2 else "DC 1140 Reid",
                "details": details,
            },
        )

    def _person(self, index: int, nominal: Nominal, registration: Registration) -> None:
        conviction = nominal.convictions.filter(is_index_offence=True).first()
        if conviction is None:
            return
        first = conviction.conviction_date + timedelta(days=1 + index % 3)
        self._notify(nominal, NotificationKind.INITIAL, first, details="Name, date of birth, home address, NI number")
        last = first
        home = nominal.addresses.filter(kind=AddressKind.MAIN, to_date__isnull=True).first()
        if home is not None and home.from_date > conviction.conviction_date and index % 7 != 4:
            late = 5 if index % 5 == 3 else 1
            notified = min(home.from_date + timedelta(days=late), self.today)
            self._notify(nominal, NotificationKind.CHANGE_OF_ADDRESS, notified, home.from_date, f"Moved to {home}")
            last = max(last, notified)
        # Yearly re-notification; every fourth person has missed the latest one.
        stop = self.today - timedelta(days=400 if index % 4 == 1 else 30)
        while last + timedelta(days=360) <= stop:
            last = last + timedelta(days=360)
            self._notify(nominal, NotificationKind.ANNUAL, last, details="No changes")
        if index % 3 == 0 and last + timedelta(days=20) <= self.today:
            self._notify(
                nominal,
                NotificationKind.FOREIGN_TRAVEL,
                last + timedelta(days=10),
                last + timedelta(days=20),
                "Return flight to Malaga, 7 nights, staying at a hotel",
            )
        if index % 5 == 1:
            notification_services.record_breach(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "breach_on": self.today - timedelta(days=35),
                    "description": "Failed to re-notify within a year of the last notification",
                    "outcome": "caution",
                    "outcome_on": self.today - timedelta(days=21),
                },
            )
        if index % 4 == 0:
            self._order(nominal, conviction.conviction_date, foreign_travel=index % 8 == 0)
        self._visits(index, nominal, registration)

    def _other_histories(self) -> int:
        """Every other registered sex offender in the area notifies as most do: the initial
        notification within the 3 days, each move within 3 days, and a re-notification each
        year (s85), stopping when they went into custody. Nothing left overdue here."""
        registrations = (
            Registration.objects.filter(
                nominal__area__code="DEMO",
                category=Category.REGISTERED_SEX_OFFENDER,
                status=RegistrationStatus.ACTIVE,
            )
            .exclude(nominal__notification_events__isnull=False)
            .select_related("nominal")
            .order_by("nominal_id")
        )
        made = 0
        for index, registration in enumerate(registrations):
            made += self._kept_up_to_date(index, registration.nominal)
        return made

    def _kept_up_to_date(self, index: int, nominal: Nominal) -> int:
        conviction = nominal.convictions.filter(is_index_offence=True).first()
        if conviction is None:
            return 0
        custody = nominal.addresses.filter(kind=AddressKind.CUSTODY, to_date__isnull=True).first()
        stop = custody.from_date - timedelta(days=1) if custody else self.today
        first = conviction.conviction_date + timedelta(days=index % 3)
        if first > stop:
            return 0
        self._notify(nominal, NotificationKind.INITIAL, first, details="Name, date of birth, home address, NI number")
        notified = [first]
        for home in nominal.addresses.filter(kind__in=[AddressKind.MAIN, AddressKind.APPROVED_PREMISES]):
            on = home.from_date + timedelta(days=(index + 1) % 3)
            if first < home.from_date and on <= stop:
                self._notify(nominal, NotificationKind.CHANGE_OF_ADDRESS, on, home.from_date, f"Moved to {home}")
                notified.append(on)
        # Each notification restarts the year; they re-notify a few weeks before it ends.
        last = first
        while True:
            restarts = [day for day in notified if day > last]
            due = last + timedelta(days=365 - 14 - index % 20)
            if restarts and min(restarts) <= due:
                last = min(restarts)
                continue
            if due > stop:
                break
            self._notify(nominal, NotificationKind.ANNUAL, due, details="No changes")
            last = due
        if nominal.no_fixed_abode:  # with no home, weekly where they can regularly be found (s85(5)-(6))
            on = max(last, self.today - timedelta(days=84)) + timedelta(days=6)
            while on <= stop:
                self._notify(nominal, NotificationKind.WEEKLY, on, details="Sleeping at the night shelter, Mill Lane")
                on += timedelta(days=6)
        return 1

    # --- civil orders -------------------------------------------------------------------

    def _order(self, nominal: Nominal, convicted_on: date, *, foreign_travel: bool) -> None:
        made = max(convicted_on, REFORM_DATE)
        values: dict[str, Any] = {
            "kind": OrderKind.SHPO,
            "made_on": made,
            "ends_on": date(made.year + 10, made.month, min(made.day, 28)),
            "court": "Demotown Crown Court",
            "prohibitions": [
                "Not to have unsupervised contact with any child under 16",
                "Not to use any device capable of accessing the internet unless it keeps a viewable history",
                "Not to delete any such history",
            ],
        }
        if foreign_travel:
            values |= {
                "foreign_travel_restriction": True,
                "foreign_travel_ends_on": date(made.year + 5, made.month, min(made.day, 28)) - timedelta(days=1),
            }
            values["prohibitions"].append("Not to travel to any country outside the United Kingdom")
        order_services.create_order(actor=Actor(self.officer), nominal=nominal, values=values)

    def _sro_breach(self) -> bool:
        """A potentially dangerous person under a Sexual Risk Order, convicted of breaching it
        a month ago: that brings notification, and no initial notification is recorded yet."""
        person = Nominal.objects.filter(
            area__code="DEMO", pdp_records__isnull=False, registrations__isnull=True
        ).first()
        if person is None:
            return False
        order = order_services.create_order(
            actor=Actor(self.officer),
            nominal=person,
            values={
                "kind": OrderKind.SRO,
                "made_on": self.today - timedelta(days=420),
                "court": "Demotown Magistrates' Court",
                "prohibitions": ["Not to approach or speak to any child under 16 he does not know"],
            },
        )
        order_services.record_breach(
            actor=Actor(self.officer),
            order=order,
            values={
                "breach_on": self.today - timedelta(days=75),
                "description": "Approached children outside a primary school and offered them sweets",
                "outcome": "convicted",
                "outcome_on": self.today - timedelta(days=30),
            },
        )
        return True

    # --- home visits --------------------------------------------------------------------

    def _visits(self, index: int, nominal: Nominal, registration: Registration) -> None:
        police = Agency.objects.get(area=nominal.area, kind=AgencyKind.POLICE)
        visit_services.set_schedule(actor=Actor(self.officer), nominal=nominal, values={"kind": "police"})
        # The visits follow the latest risk assessment (the Risk tab). Those without one get
        # an OASys, except one person in five: their schedule says no assessment is recorded
        # and follows the rule's default until one is.
        if index % 5 != 4 and not nominal.risk_assessments.exists():
            assessments.record_assessment(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "tool": Tool.OASYS,
                    "assessor": "PO Sam Carter",
                    "agency": Agency.objects.get(area=nominal.area, kind=AgencyKind.PROBATION),
                    "assessed_on": max(registration.start_date, self.today - timedelta(days=90)),
                    "community_public": ROSH_CYCLE[index % len(ROSH_CYCLE)],
                },
            )
        # Every third person's last visit is long past: an overdue visit.
        gaps = (200, 120) if index % 3 == 2 else (75, 20)
        for number, days_ago in enumerate(gaps):
            on = self.today - timedelta(days=days_ago)
            if on < registration.start_date:
                continue
            visit_services.record_visit(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "agency": police,
                    "joint": number == 0 and index % 2 == 0,
                    "visit_on": on,
                    "status": VisitStatus.COMPLETED,
                    "announced": number == 0,
                    "purpose": VisitPurpose.VERIFICATION if number == 0 else VisitPurpose.ROUTINE,
                    "visitors": "DC 1140 Reid"
                    + (" and PO Sam Carter (probation)" if number == 0 and index % 2 == 0 else ""),
                    "outcome": "Seen at the notified address; the address and household confirmed",
                    "concerns_found": index % 6 == 5 and number == 1,
                    "concerns": "Children's clothing in the spare room: to be explained"
                    if index % 6 == 5 and number == 1
                    else "",
                },
            )
        if index % 2 == 1:
            visit_services.record_visit(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "agency": police,
                    "visit_on": self.today + timedelta(days=7 + index),
                    "status": VisitStatus.PLANNED,
                    "announced": False,
                    "purpose": VisitPurpose.ROUTINE,
                    "visitors": "DC 1140 Reid",
                },
            )

    # --- reviews of indefinite notification ------------------------------------------------

    def _indefinite_reviews(self) -> int:
        """Three people on indefinite notification who have applied for review: one waiting
        for the determination (on the police's worklist), one discharged this year (counted
        in the annual report) and one whose requirements continue, with reasons."""
        area = Area.objects.get(code="DEMO")
        police = Agency.objects.get(area=area, kind=AgencyKind.POLICE)
        made = 0
        for family, given, born, convicted, released, outcome in LIFETIME_RSOS:
            nominal = register_services.create_nominal(
                actor=Actor(self.officer),
                values={"family_name": family, "given_names": given, "date_of_birth": born, "gender": "male"},
                area=area,
            )
            register_services.add_conviction(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "offence": "Rape of a child under 13 (s5)" if outcome == "continues" else "Sexual assault (s3)",
                    "conviction_date": convicted,
                    "court": "Demotown Crown Court",
                    "disposal": Disposal.CUSTODY,
                    "sentence_months": 72,
                    "is_index_offence": True,
                },
            )
            case_services.register(
                actor=Actor(self.officer),
                nominal=nominal,
                category=Category.REGISTERED_SEX_OFFENDER,
                level=1,
                lead_agency=police,
                record_manager=self.officer,
                start_date=self.today - timedelta(days=60),
                reason="Registered sex offender subject to indefinite notification, moved into the area",
            )
            requirement = notification_services.record_requirement(
                actor=Actor(self.officer),
                nominal=nominal,
                values={
                    "basis": RequirementBasis.CONVICTION,
                    "relevant_date": convicted,
                    "detained_until": released,
                    "notes": "Indefinite: sentenced to 30 months or more",
                },
            )
            # Detained on the relevant date: the initial notification came on release (s83(6)),
            # then a re-notification every year since.
            notified_on = released + timedelta(days=1)
            self._notify(nominal, NotificationKind.INITIAL, notified_on, details="Name, date of birth, home address")
            latest = self.today - timedelta(days=30)
            while (latest - notified_on).days > 365:
                notified_on += timedelta(days=350)
                self._notify(nominal, NotificationKind.ANNUAL, notified_on, details="No changes")
            self._notify(nominal, NotificationKind.ANNUAL, latest, details="No changes")
            received = self.today - timedelta(days={"open": 40, "discharged": 150, "continues": 400}[outcome])
            review = notification_services.record_review_application(
                actor=Actor(self.officer),
                nominal=nominal,
                requirement=requirement,
                values={"received_on": received, "notes": "Written application received by the public protection unit"},
            )
            if outcome == "discharged":
                notification_services.record_determination(
                    actor=Actor(self.officer),
                    review=review,
                    values={
                        "determination": "discharged",
                        "determined_on": received + timedelta(days=70),
                        "notice_received_on": received + timedelta(days=73),
                        "reasons": "No further offending in 19 years; low risk on assessment; responsible bodies "
                        "raised no concerns",
                    },
                )
            elif outcome == "continues":
                notification_services.record_determination(
                    actor=Actor(self.officer),
                    review=review,
                    values={
                        "determination": "continues",
                        "determined_on": received + timedelta(days=75),
                        "reasons": "The seriousness of the offence and the age of the victim; probation's risk "
                        "assessment remains high for children; the victim's submission was considered",
                    },
                )
            made += 1
        return made
