"""Synthetic people at national scale, for benchmarks and demonstrations. All made up.

Shaped like the national picture (MAPPA annual reports, seed 001): about nine in ten
people managed in the community, three quarters of them registered sexual offenders
(category 1), under 2% at levels 2 and 3, a few category 3 and 4. Each person gets a
history: an index conviction, addresses (some with a custody spell, some in custody now),
a registration with its level decisions and reviews at the cadences of rules.reviews,
at levels 2 and 3 a referral, MAPP meetings with minutes, invitations, attendance and the
action list, and custody spells, notifications and home visits (synthetic_histories.py).
Rows are written with COPY (bulk_create elsewhere) in batches, so 100,000 people take
minutes, not hours; ids for references are taken from the database's sequences.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker
from psycopg.types.json import Jsonb

from accounts.models import Agency, AgencyKind, Area, Role, User
from accounts.reference import MAPPA_AREAS
from cases.models import LevelChange, PartnerAgency, PotentiallyDangerousPerson, Registration, RegistrationStatus
from custody.models import ApprovedPremisesReferral, CustodySpell, SeriousFurtherOffence, UrgentReview
from disclosure.models import Disclosure
from meetings.models import (
    ActionListDelivery,
    Attendance,
    Attendee,
    Channel,
    InformationRequest,
    Invitation,
    Meeting,
    MeetingType,
    Minutes,
    MinutesStatus,
)
from notifications.clocks import HOME_KINDS
from notifications.models import NotificationBreach, NotificationEvent, NotificationRequirement
from orders.models import BreachOutcome, CivilOrder, OrderBreach
from plans.models import PlanAction, PlanChange, RiskAssessment, RiskManagementPlan
from referrals.models import (
    DisputeDecision,
    GatekeepingDecision,
    MeetingNeeded,
    Referral,
    ReferralStatus,
    RiskLevel,
)
from register.models import Address, AddressKind, Conviction, CustodyStatus, Disposal, Gender, Nominal
from register.search import search_text_for
from rules.identifiers import pnc_for
from rules.information_requests import answer_due_on
from rules.reviews import REVIEW_CADENCES, next_review_due_on
from rules.working_days import actions_due_by, minutes_due_on
from transfers.models import Transfer
from visits.models import HomeVisit, VisitSchedule

from .synthetic_cases import disclosures, risk_plan, transfer
from .synthetic_histories import Spell, custody_spells, home_visits, notification_events
from .synthetic_orders import civil_orders, notification_breaches, pdp_order, sro_breach_outcome

T = TypeVar("T", bound=models.Model)

# (category, level, share of people): the national shape.
# Under 2% at levels 2 and 3, counting those who reach them by escalation.
SHAPE: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.7610),
    (1, 2, 0.0060),
    (1, 3, 0.0004),
    (2, 1, 0.2200),
    (2, 2, 0.0050),
    (2, 3, 0.0005),
    (3, 2, 0.0030),
    (3, 3, 0.0006),
    (4, 1, 0.0025),
    (4, 2, 0.0008),
    (4, 3, 0.0002),
)
IN_CUSTODY = 0.10
IN_CUSTODY_LEVEL_2_3 = 0.2
IN_HOSPITAL = 0.005
ARCHIVED = 0.06
PDP_SHARE = 0.003
HISTORY_YEARS = 2  # reviews are written for the last two years of each registration
# Rough relative sizes of the 42 areas (by population); areas not named weigh 1.
AREA_WEIGHTS = {"LON": 8.0, "GMA": 2.8, "WMI": 2.8, "WYO": 2.3, "TVA": 2.3, "HAM": 1.9, "KEN": 1.8, "AVS": 1.7}
OFFENCES = {
    1: ["Sexual assault", "Rape", "Possession of indecent images of children", "Sexual activity with a child"],
    2: ["Wounding with intent (s18)", "Manslaughter", "Robbery", "Arson endangering life", "Murder"],
    3: ["Harassment", "Threats to kill", "Stalking involving fear of violence"],
    4: ["Preparation of terrorist acts", "Dissemination of terrorist publications"],
}
ETHNICITIES = (
    ("White British", 70),
    ("White Irish", 2),
    ("White other", 7),
    ("Black British", 6),
    ("British Asian", 7),
    ("Mixed", 4),
    ("Other", 2),
    ("Not stated", 2),
)
INVITED_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.PROBATION,
    AgencyKind.CHILDRENS_SOCIAL_CARE,
    AgencyKind.HOUSING_AUTHORITY,
    AgencyKind.MENTAL_HEALTH,
    AgencyKind.ADULT_SOCIAL_CARE,
)
BATCH = 2000


@dataclass
class AreaStaff:
    """The synthetic users of one area: offender managers by agency kind, chairs, co-ordinator."""

    area: Area
    agencies: dict[str, Agency]
    managers: dict[str, list[User]]
    chairs: list[User]
    coordinator: User


@dataclass
class Result:
    people: int = 0
    registrations: int = 0
    level_changes: int = 0
    meetings: int = 0
    referrals: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids taken from the table's sequence, so a reference can be written with the row."""
    if count == 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
    start = (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    return list(range(start, start + count))


def area_weights(areas: Sequence[Area]) -> list[float]:
    return [AREA_WEIGHTS.get(area.code, 1.0) for area in areas]


def _users(area: Area, agencies: dict[str, Agency], needed: dict[str, int]) -> dict[str, list[User]]:
    """The area's synthetic staff, made on first need and reused on later runs."""
    prefix = f"syn.{area.code.lower()}."
    existing = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    unusable = make_password(None)
    roles = {
        "police": (Role.POLICE_OM, AgencyKind.POLICE),
        "probation": (Role.PROBATION_OM, AgencyKind.PROBATION),
        "prison": (Role.PRISON_OM, AgencyKind.PRISON),
        "chair": (Role.CHAIR, AgencyKind.PROBATION),
        "coordinator": (Role.COORDINATOR, AgencyKind.PROBATION),
    }
    fresh: list[User] = []
    for key, count in needed.items():
        role, kind = roles[key]
        for n in range(1, count + 1):
            username = f"{prefix}{key}.{n}"
            if username not in existing:
                fresh.append(
                    User(
                        username=username,
                        password=unusable,
                        role=role,
                        agency=agencies[kind],
                        area=area,
                        first_name=key.title(),
                        last_name=f"{area.code} {n}",
                    )
                )
    User.objects.bulk_create(fresh, batch_size=BATCH)
    made = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    return {key: [made[f"{prefix}{key}.{n}"] for n in range(1, count + 1)] for key, count in needed.items()}


def area_staff(area: Area, people: int) -> AreaStaff:
    agencies = {a.kind: a for a in Agency.objects.filter(area=area)}
    per_manager = 60
    needed = {
        "police": max(2, round(people * 0.76 / per_manager)),
        "probation": max(2, round(people * 0.24 / per_manager)),
        "prison": max(1, round(people * IN_CUSTODY / (per_manager * 2))),
        "chair": max(2, round(people / 1500)),
        "coordinator": 1,
    }
    users = _users(area, agencies, needed)
    return AreaStaff(area, agencies, users, users["chair"], users["coordinator"][0])


class Names:
    """Pools of made-up names, drawn once from Faker (drawing per person is slow)."""

    def __init__(self, rng: random.Random) -> None:
        fake = Faker("en_GB")
        fake.seed_instance(rng.randint(0, 2**31))
        self.family = list({fake.last_name() for _ in range(3000)})
        self.male = list({fake.first_name_male() for _ in range(1500)})
        self.female = list({fake.first_name_female() for _ in range(1500)})
        self.streets = [fake.street_address() for _ in range(2000)]
        self.postcodes = [fake.postcode() for _ in range(2000)]


@dataclass
class Person:
    """One synthetic person's rows before they are written."""

    nominal: Nominal
    category: int
    level: int
    registration: Registration | None = None
    changes: list[tuple[date, int | None, int]] = field(default_factory=list)
    archived_on: date | None = None
    referral: Referral | None = None
    spells: list[Spell] = field(default_factory=list)
    convicted_on: date | None = None  # the index conviction: the relevant date for notification
    home_moves: list[date] = field(default_factory=list)  # the days they moved to a new home
    sro_breach: str = ""  # the caution or conviction for breaching an SRO that registered them
    orders: list[CivilOrder] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


def _pick_shape(rng: random.Random) -> tuple[int, int]:
    draw, total = rng.random(), 0.0
    for category, level, share in SHAPE:
        total += share
        if draw < total:
            return category, level
    return 1, 1


def _review_gap(rng: random.Random, level: int) -> int:
    """Days to the next review: mostly within the cadence, sometimes late."""
    cadence = REVIEW_CADENCES[level]
    latest = cadence.max_weeks * 7
    earliest = (cadence.min_weeks or cadence.max_weeks - 4) * 7
    if rng.random() < 0.1:
        return latest + rng.randint(1, 28)
    return rng.randint(earliest, latest)


def _timeline(
    rng: random.Random, category: int, level: int, start: date, end: date, today: date
) -> list[tuple[date, int | None, int]]:
    """(decided on, from level, to level) for every level decision and review."""
    escalated_on: date | None = None
    first_level = level
    if level > 1 and category != 3 and (end - start).days > 120 and rng.random() < 0.7:
        first_level = 1
        escalated_on = start + timedelta(days=rng.randint(60, min((end - start).days - 30, 3 * 365)))
    deescalated_on: date | None = None
    if level == 1 and category in (1, 2) and rng.random() < 0.012 and (end - start).days > 400:
        deescalated_on = end - timedelta(days=rng.randint(20, 360))
    segments: list[tuple[date, int]] = [(start, first_level)]
    if escalated_on:
        segments.append((escalated_on, level))
    if deescalated_on:
        raised_on = deescalated_on - timedelta(days=rng.randint(60, 200))
        if raised_on > start + timedelta(days=30):
            segments = [(start, 1), (raised_on, 2), (deescalated_on, 1)]
    history_from = today - timedelta(days=365 * HISTORY_YEARS)
    changes: list[tuple[date, int | None, int]] = []
    previous: int | None = None
    for index, (seg_start, seg_level) in enumerate(segments):
        seg_end = segments[index + 1][0] if index + 1 < len(segments) else end
        changes.append((seg_start, previous, seg_level))
        previous = seg_level
        day = seg_start
        while True:
            day = day + timedelta(days=_review_gap(rng, seg_level))
            if day >= seg_end or day > today:
                break
            if seg_end == end and end == today and day > today - timedelta(days=45) and rng.random() < 0.08:
                break  # this review has not happened yet: overdue
            if day >= history_from:
                changes.append((day, seg_level, seg_level))
    return changes


def _nominal(
    rng: random.Random, names: Names, staff: AreaStaff, pk: int, category: int, level: int, today: date
) -> Nominal:
    gender = Gender.FEMALE if rng.random() < (0.03 if category == 1 else 0.08) else Gender.MALE
    pool = names.female if gender == Gender.FEMALE else names.male
    given = f"{rng.choice(pool)} {rng.choice(pool)}" if rng.random() < 0.6 else rng.choice(pool)
    family = rng.choice(names.family)
    age = int(rng.triangular(18, 85, 38))
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    reference = f"{staff.area.code}-{pk:06d}"
    pnc = pnc_for(rng.randint(1990, 2024), pk)
    # Levels 2 and 3 include more people in custody: management starts before release.
    custody_draw = rng.random() / (IN_CUSTODY_LEVEL_2_3 / IN_CUSTODY if level > 1 else 1)
    status = (
        CustodyStatus.CUSTODY
        if custody_draw < IN_CUSTODY
        else CustodyStatus.HOSPITAL
        if custody_draw < IN_CUSTODY + IN_HOSPITAL
        else CustodyStatus.COMMUNITY
    )
    ethnicity = rng.choices([e for e, _ in ETHNICITIES], weights=[w for _, w in ETHNICITIES])[0]
    lead = staff.agencies[AgencyKind.POLICE if category == 1 else AgencyKind.PROBATION]
    return Nominal(
        pk=pk,
        reference=reference,
        area=staff.area,
        owning_agency=lead,
        family_name=family,
        given_names=given,
        date_of_birth=born,
        gender=gender,
        ethnicity=ethnicity,
        nationality=rng.choices(["British", "Irish", "Polish", "Romanian"], weights=[90, 3, 4, 3])[0],
        pnc=pnc,
        crn=f"S{pk:07d}" if category != 1 or rng.random() < 0.3 else "",
        custody_status=status,
        search_text=search_text_for([family, given], [reference, pnc]),
    )


class Writer:
    """Collects rows and writes each model's rows in bulk, in dependency order.

    On PostgreSQL rows go in with COPY (ids taken from the sequences first, so children
    can point at their parents); elsewhere with bulk_create."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[models.Model]] = {}
        self.values: dict[type[models.Model], list[dict[str, Any]]] = {}
        self.written: dict[str, int] = {}
        self.spare_ids: dict[type[models.Model], list[int]] = {}

    def next_id(self, model: type[models.Model]) -> int:
        """An id from the table's sequence for a row whose children are made before it is
        written (taken a block at a time: one query, not one a row)."""
        spare = self.spare_ids.setdefault(model, [])
        if not spare:
            spare.extend(reversed(allocate_ids(model, 500)))
        return spare.pop()

    def add(self, row: models.Model) -> None:
        self.rows.setdefault(type(row), []).append(row)

    def add_values(self, model: type[models.Model], **values: Any) -> None:
        """A row as its column values by attname, for the most numerous rows: building a
        model instance for each would take longer than writing it."""
        self.values.setdefault(model, []).append(values)

    def flush(self, *order: type[models.Model]) -> None:
        for model in order:
            if model in self.values:
                self._flush_values(model, self.values.pop(model))
            rows = self.rows.pop(model, [])
            if not rows:
                continue
            if connection.vendor == "postgresql":
                _copy(model, rows)
            else:
                model._default_manager.bulk_create(rows, batch_size=BATCH)
            self.written[model.__name__] = self.written.get(model.__name__, 0) + len(rows)

    def _flush_values(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        if connection.vendor != "postgresql":
            model._default_manager.bulk_create([model(**values) for values in rows], batch_size=BATCH)
        else:
            fields = list(model._meta.concrete_fields)
            now = timezone.now()
            defaults = {
                f.attname: now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default()
                for f in fields
            }
            pk = model._meta.pk.attname
            names = [f.attname for f in fields]
            json = _json_columns(fields)
            ids = iter(allocate_ids(model, sum(1 for values in rows if values.get(pk) is None)))
            with _copier(model, fields) as copy:
                for values in rows:
                    row = defaults | values
                    if row[pk] is None:  # an id given with the row (for its children) is kept
                        row[pk] = next(ids)
                    line = [row[name] for name in names]
                    for index in json:
                        line[index] = Jsonb(line[index])
                    copy.write_row(line)
        self.written[model.__name__] = self.written.get(model.__name__, 0) + len(rows)


@contextmanager
def _copier(model: type[models.Model], fields: list[Any]) -> Iterator[Any]:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        yield copy


def _copy(model: type[models.Model], rows: list[models.Model]) -> None:
    without_id = [row for row in rows if row.pk is None]
    for row, pk in zip(without_id, allocate_ids(model, len(without_id)), strict=True):
        row.pk = pk
    fields = list(model._meta.concrete_fields)
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    json = _json_columns(fields)
    with _copier(model, fields) as copy:
        for row in rows:
            row._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
            for stamp in stamped:
                stamp.pre_save(row, add=True)
            line = [getattr(row, f.attname) for f in fields]
            for index in json:
                line[index] = Jsonb(line[index])
            copy.write_row(line)


def _json_columns(fields: list[Any]) -> list[int]:
    return [index for index, f in enumerate(fields) if isinstance(f, models.JSONField)]


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _meetings_for(
    rng: random.Random, writer: Writer, person: Person, staff: AreaStaff, today: date, meeting_ids: Iterator[int]
) -> list[tuple[Meeting, int]]:
    """A MAPP meeting at every level 2 or 3 decision and review, and the next one booked."""
    made: list[tuple[Meeting, int]] = []
    registration = person.registration
    assert registration is not None
    decided = [(day, to_level) for day, _, to_level in person.changes if to_level >= 2]
    booked = registration.next_review_due_on
    if registration.status == RegistrationStatus.ACTIVE and registration.level >= 2 and booked >= today:
        decided.append((booked, registration.level))
    chair = rng.choice(staff.chairs)
    for index, (held_on, level) in enumerate(decided):
        pk = next(meeting_ids)
        meeting = Meeting(
            pk=pk,
            reference=f"{staff.area.code}-MTG-{pk:05d}",
            area=staff.area,
            nominal=person.nominal,
            referral=person.referral if index == 0 else None,
            meeting_type=MeetingType.INITIAL if index == 0 else MeetingType.REVIEW,
            level=level,
            held_on=held_on,
            starts_at=time(10, 0),
            ends_at=time(11, 30),
            place="MAPPA meeting room, police headquarters",
            chair=chair,
            created_by=staff.coordinator,
        )
        writer.add(meeting)
        made.append((meeting, level))
    return made


def _meeting_records(
    rng: random.Random, writer: Writer, meeting: Meeting, level: int, staff: AreaStaff, today: date
) -> None:
    """Invitations with attendance, minutes, the chair as attendee and the action list."""
    held = meeting.held_on <= today
    requested_on = meeting.held_on - timedelta(days=14)
    if requested_on > today:  # a meeting booked ahead: the agencies were asked when it was booked
        requested_on = today - timedelta(days=rng.randint(0, 12))
    for kind in INVITED_KINDS[: rng.randint(3, len(INVITED_KINDS))]:
        invitation = Invitation(
            meeting=meeting,
            agency=staff.agencies[kind],
            invited_by=staff.coordinator,
            invited_at=_moment(requested_on, 9),
            attendance=(
                rng.choices(
                    [Attendance.ATTENDED, Attendance.WRITTEN_REPORT, Attendance.APOLOGIES, Attendance.ABSENT],
                    weights=[82, 8, 7, 3] if kind in (AgencyKind.POLICE, AgencyKind.PROBATION) else [64, 16, 14, 6],
                )[0]
                if held
                else ""
            ),
        )
        writer.add(invitation)
        answered = held or rng.random() < 0.5
        writer.add(
            InformationRequest(
                invitation=invitation,
                area_id=meeting.area_id,
                requested_on=requested_on,
                due_on=answer_due_on(requested_on=requested_on, meeting_on=meeting.held_on),
                response_kind="information" if answered else "",
                response="Records searched; information provided to the meeting." if answered else "",
                responded_at=_moment(requested_on + timedelta(days=rng.randint(1, 9))) if answered else None,
            )
        )
    if not held:
        return
    due = minutes_due_on(level=level, held_on=meeting.held_on)
    recent = (today - meeting.held_on).days < 12
    if not recent or rng.random() < 0.3:
        late = rng.random() < 0.12
        approved_on = due + timedelta(days=rng.randint(1, 10)) if late else due - timedelta(days=rng.randint(0, 4))
        approved_on = min(max(approved_on, meeting.held_on), today)
        writer.add(
            Minutes(
                meeting=meeting,
                status=MinutesStatus.APPROVED,
                reason_for_meeting="Review of the risk management plan",
                risk_assessment="Risk reviewed by the agencies present.",
                rosh_public=rng.choice([RiskLevel.HIGH, RiskLevel.VERY_HIGH, RiskLevel.MEDIUM]),
                disclosure_considered=rng.random() < 0.94,
                level_decision=level,
                level_reasoning="Active multi-agency management is still needed.",
                approved_by=meeting.chair,
                approved_at=_moment(approved_on, 16),
                updated_by=meeting.chair,
            )
        )
    elif rng.random() < 0.5:
        writer.add(Minutes(meeting=meeting, status=MinutesStatus.DRAFT, updated_by=staff.coordinator))
    attendee = Attendee(meeting=meeting, user=meeting.chair, agency=staff.agencies[AgencyKind.PROBATION], name="Chair")
    writer.add(attendee)
    if (today - meeting.held_on).days >= 2 or rng.random() < 0.5:
        deadline = actions_due_by(ended_at=_moment(meeting.held_on, 11))
        sent_at = (
            deadline - timedelta(hours=rng.randint(1, 20))
            if rng.random() < 0.9
            else deadline + timedelta(hours=rng.randint(2, 60))
        )
        writer.add(
            ActionListDelivery(
                meeting=meeting,
                attendee=attendee,
                channel=Channel.IN_APP,
                address=meeting.chair.username,
                sent_by=staff.coordinator,
                sent_at=sent_at,
                on_time=sent_at <= deadline,
                actions=[],
            )
        )


def _referral(rng: random.Random, person: Person, staff: AreaStaff, today: date) -> Referral | None:
    """The referral that brought the person to level 2 or 3 (or one still waiting)."""
    first_high = next((day for day, _, to_level in person.changes if to_level >= 2), None)
    registration = person.registration
    assert registration is not None
    manager = registration.record_manager
    if first_high is None:
        if registration.status != RegistrationStatus.ACTIVE or rng.random() > 0.012:
            return None
        return _referral_at_level_1(rng, person, staff, today)
    submitted = first_high - timedelta(days=rng.randint(7, 35))
    return Referral(
        nominal=person.nominal,
        referring_agency=registration.lead_agency,
        referrer=manager,
        status=ReferralStatus.ACCEPTED,
        category=person.category,
        requested_level=max(2, person.level),
        reason_for_referral="Risk needs active multi-agency management.",
        meeting_needed=MeetingNeeded.NEXT_SCHEDULED,
        submitted_at=_moment(submitted, 12),
        countersigned_at=_moment(submitted + timedelta(days=1), 12),
        gatekept_at=_moment(submitted + timedelta(days=3), 12),
        gatekept_by=staff.coordinator,
        decision=GatekeepingDecision.ACCEPT,
        accepted_level=max(2, person.level),
        decision_reason="Meets the threshold for level 2 or 3 management.",
    )


# Referrals of people still at level 1: (status, share, days ago it was made).
PENDING_REFERRALS = (
    (ReferralStatus.DRAFT, 15, (0, 20)),
    (ReferralStatus.SUBMITTED, 20, (0, 10)),
    (ReferralStatus.COUNTERSIGNED, 20, (0, 10)),
    (ReferralStatus.NOT_ACCEPTED, 20, (10, 600)),
    (ReferralStatus.INELIGIBLE, 8, (10, 600)),
    (ReferralStatus.DISPUTED, 7, (5, 30)),
    (ReferralStatus.UPHELD, 10, (20, 600)),
)


def _referral_at_level_1(rng: random.Random, person: Person, staff: AreaStaff, today: date) -> Referral:
    """A referral that has not (or not yet) brought level 2 or 3 management: a draft, one
    waiting for countersignature or gatekeeping, or one not accepted, disputed or upheld."""
    registration = person.registration
    assert registration is not None
    status, _, (least, most) = rng.choices(PENDING_REFERRALS, [w for _, w, _ in PENDING_REFERRALS])[0]
    made = max(registration.start_date, today - timedelta(days=rng.randint(least, most)))
    referral = Referral(
        nominal=person.nominal,
        referring_agency=registration.lead_agency,
        referrer=registration.record_manager,
        status=status,
        category=person.category,
        requested_level=2,
        reason_for_referral="Escalating risk: multi-agency management requested.",
        meeting_needed=MeetingNeeded.NEXT_SCHEDULED,
    )
    if status == ReferralStatus.DRAFT:
        return referral
    referral.submitted_at = _moment(made, 12)
    if status == ReferralStatus.SUBMITTED:
        return referral
    referral.countersigned_by, referral.countersigned_at = rng.choice(staff.chairs), _moment(made, 15)
    if status == ReferralStatus.COUNTERSIGNED:
        return referral
    decided = min(today, made + timedelta(days=rng.randint(1, 4)))
    referral.gatekept_by, referral.gatekept_at = staff.coordinator, _moment(decided, 11)
    if status == ReferralStatus.INELIGIBLE:
        referral.decision = GatekeepingDecision.INELIGIBLE
        referral.decision_reason = "No qualifying conviction or caution for any MAPPA category."
        return referral
    referral.decision = GatekeepingDecision.NOT_ACCEPTED
    referral.decision_reason = "The risk can be managed by the lead agency at level 1; the plan is sufficient."
    if status == ReferralStatus.NOT_ACCEPTED:
        return referral
    disputed = min(today, decided + timedelta(days=rng.randint(0, 5)))
    referral.disputed_by, referral.disputed_at = registration.record_manager, _moment(disputed, 14)
    referral.dispute_reason = "New intelligence raises the risk to a known adult; multi-agency work is needed."
    if status == ReferralStatus.DISPUTED:
        return referral
    referral.dispute_decided_by = rng.choice(staff.chairs)
    referral.dispute_decided_at = _moment(min(today, disputed + timedelta(days=rng.randint(1, 10))), 16)
    referral.dispute_decision = DisputeDecision.UPHOLD
    referral.dispute_decision_reason = "The co-ordinator's decision stands: level 1 management is sufficient."
    return referral


def _addresses(
    rng: random.Random, names: Names, nominal: Nominal, level: int, start: date, today: date
) -> Iterator[Address]:
    def address(kind: str, from_date: date, to_date: date | None) -> Address:
        return Address(
            nominal=nominal,
            kind=kind,
            line1=rng.choice(names.streets) if kind != AddressKind.CUSTODY else f"HM Prison {nominal.area.name}",
            town=nominal.area.name,
            postcode=rng.choice(names.postcodes),
            from_date=from_date,
            to_date=to_date,
        )

    if nominal.custody_status == CustodyStatus.CUSTODY:
        yield address(AddressKind.CUSTODY, today - timedelta(days=rng.randint(20, 1500)), None)
        return
    # Released from a custody spell since registration: more often at levels 2 and 3, where
    # recalls for breach of licence are common (seed 001: one in five a year).
    if rng.random() < (0.5 if level > 1 else 0.25):
        released = today - timedelta(days=rng.randint(10, 900))
        went_in = max(start, released - timedelta(days=rng.randint(60, 900)))
        if went_in < released:
            yield address(AddressKind.CUSTODY, went_in, released)
            yield address(AddressKind.MAIN, released, None)
            return
    yield address(AddressKind.MAIN, today - timedelta(days=rng.randint(30, 2500)), None)


def generate(
    *,
    people: int,
    areas: Sequence[Area],
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int], Any] | None = None,
    written: Callable[[list[int]], Any] | None = None,
) -> Result:
    """Write `people` synthetic people spread over `areas` (by their rough sizes).

    `written` is told the ids of each batch of people once the batch is committed (the
    command computes their stored due dates from them)."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    today = today or timezone.localdate()
    names = Names(rng)
    weights = area_weights(areas)
    per_area: dict[int, int] = {}
    for area in rng.choices(list(areas), weights=weights, k=people):
        per_area[area.pk] = per_area.get(area.pk, 0) + 1
    staff = {area.pk: area_staff(area, per_area.get(area.pk, 0)) for area in areas if per_area.get(area.pk)}
    mappa_areas = Area.objects.filter(code__in=[code for code, _ in MAPPA_AREAS]).order_by("code")
    elsewhere = OtherAreas(list({a.pk: a for a in [*mappa_areas, *areas]}.values()), staff)
    result = Result()
    writer = Writer()
    chunk = 5000
    order = list(per_area.items())
    assignments = [area_id for area_id, count in order for _ in range(count)]
    for offset in range(0, len(assignments), chunk):
        batch = assignments[offset : offset + chunk]
        with transaction.atomic():
            ids = _generate_batch(rng, names, writer, [staff[a] for a in batch], elsewhere, today, result)
        if written:
            written(ids)
        if progress:
            progress(len(batch))
    result.counts = writer.written
    return result


class OtherAreas:
    """Every area a person may move to or from, and their staff (made on first need)."""

    def __init__(self, areas: list[Area], staff: dict[int, AreaStaff]) -> None:
        self.areas = areas
        self.staff = dict(staff)

    def staff_of(self, area: Area) -> AreaStaff:
        if area.pk not in self.staff:
            self.staff[area.pk] = area_staff(area, 0)
        return self.staff[area.pk]


def _generate_batch(
    rng: random.Random,
    names: Names,
    writer: Writer,
    staffs: list[AreaStaff],
    elsewhere: OtherAreas,
    today: date,
    result: Result,
) -> list[int]:
    ids = iter(allocate_ids(Nominal, len(staffs)))
    persons: list[Person] = []
    for staff in staffs:
        category, level = _pick_shape(rng)
        nominal = _nominal(rng, names, staff, next(ids), category, level, today)
        writer.add(nominal)
        persons.append(Person(nominal, category, level))
    by_area = {staff.area.pk: staff for staff in staffs}
    by_person = {person.nominal.pk: person for person in persons}
    # A few potentially dangerous persons: no registration, never counted.
    pdps = {p.nominal.pk for p in persons if rng.random() < PDP_SHARE}
    convictions: dict[int, date] = {}
    pdp_records: list[PotentiallyDangerousPerson] = []
    for person in persons:
        staff = by_area[person.nominal.area_id]
        start = today - timedelta(days=rng.randint(30, 3650))
        for address in _addresses(rng, names, person.nominal, person.level, start, today):
            writer.add(address)
            if address.kind == AddressKind.CUSTODY:
                person.spells.append(Spell(address.from_date, address.to_date))
            elif address.kind in HOME_KINDS:
                person.home_moves.append(address.from_date)
        manager_key = "police" if person.category == 1 else "probation"
        manager = rng.choice(staff.managers[manager_key])
        if person.nominal.pk not in pdps and person.nominal.custody_status == CustodyStatus.COMMUNITY:
            person.sro_breach = sro_breach_outcome(rng, person.category, start, person.spells)
        if person.sro_breach:
            convicted = start  # the breach is the index offence, dealt with on the day they became subject
            writer.add(
                Conviction(
                    nominal=person.nominal,
                    offence="Breach of a Sexual Risk Order",
                    offence_date=start - timedelta(days=rng.randint(5, 60)),
                    conviction_date=start,
                    court=f"{staff.area.name} Magistrates' Court",
                    disposal=Disposal.CAUTION if person.sro_breach == BreachOutcome.CAUTION else Disposal.OTHER,
                    is_index_offence=True,
                    recorded_by=manager,
                )
            )
        else:
            convicted = start - timedelta(days=rng.randint(3, 400))
            writer.add(
                Conviction(
                    nominal=person.nominal,
                    offence=rng.choice(OFFENCES[person.category]),
                    offence_date=convicted - timedelta(days=rng.randint(30, 400)),
                    conviction_date=convicted,
                    court=f"{staff.area.name} Crown Court",
                    disposal=Disposal.CUSTODY,
                    sentence_months=rng.choice([6, 12, 18, 30, 48, 72, 120]),
                    is_index_offence=True,
                    recorded_by=manager,
                )
            )
        convictions[person.nominal.pk] = person.convicted_on = convicted
        if person.nominal.pk in pdps:
            pdp = PotentiallyDangerousPerson(
                nominal=person.nominal,
                lead_agency=staff.agencies[AgencyKind.POLICE],
                authorised_by="Detective Superintendent",
                authorised_on=start,
                reason="Behaviour indicating a risk of serious harm; no qualifying conviction.",
                recorded_by=staff.managers["police"][0],
            )
            writer.add(pdp)
            pdp_records.append(pdp)
            continue
        archived_on = None
        if rng.random() < ARCHIVED and (today - start).days > 400:
            archived_on = start + timedelta(days=rng.randint(365, (today - start).days - 1))
        end = archived_on or today
        person.changes = _timeline(rng, person.category, person.level, start, end, today)
        last_on, _, last_level = person.changes[-1]
        person.archived_on = archived_on
        person.registration = Registration(
            nominal=person.nominal,
            category=person.category,
            level=last_level,
            lead_agency=manager.agency,
            record_manager=manager,
            start_date=start,
            status=RegistrationStatus.ARCHIVED if archived_on else RegistrationStatus.ACTIVE,
            last_reviewed_on=last_on,
            next_review_due_on=next_review_due_on(level=last_level, last_review_on=last_on),
            archived_on=archived_on,
            archive_reason="Notification period ended" if archived_on else "",
        )
        writer.add(person.registration)
    writer.flush(Nominal, Address, Conviction, PotentiallyDangerousPerson, Registration)
    registered = [p for p in persons if p.registration is not None]
    for person in registered:
        staff = by_area[person.nominal.area_id]
        civil_orders(rng, writer, person, staff, convictions[person.nominal.pk], today)
    for pdp in pdp_records:
        pdp_order(rng, writer, pdp, today)
    writer.flush(CivilOrder, OrderBreach, NotificationRequirement)
    for person in registered:
        staff = by_area[person.nominal.area_id]
        registration = person.registration
        assert registration is not None
        for day, from_level, to_level in person.changes:
            writer.add_values(
                LevelChange,
                registration_id=registration.pk,
                from_level=from_level,
                to_level=to_level,
                decided_on=day,
                reason="Registered following sentence" if from_level is None else "Review at the cadence of the level",
                decided_by_id=registration.record_manager_id,
            )
        if registration.level > 1 or person.nominal.custody_status == CustodyStatus.CUSTODY:
            other = AgencyKind.PROBATION if registration.lead_agency.kind == AgencyKind.POLICE else AgencyKind.POLICE
            writer.add(
                PartnerAgency(registration=registration, agency=staff.agencies[other], since=registration.start_date)
            )
        person.referral = _referral(rng, person, staff, today)
        if person.referral is not None:
            writer.add(person.referral)
    writer.flush(LevelChange, PartnerAgency, Referral)
    high = [p for p in registered if any(to_level >= 2 for _, _, to_level in p.changes)]
    planned = sum(sum(1 for _, _, lvl in p.changes if lvl >= 2) + 1 for p in high)
    meeting_ids = iter(allocate_ids(Meeting, planned))
    made: list[tuple[Meeting, int, AreaStaff]] = []
    for person in high:
        staff = by_area[person.nominal.area_id]
        for meeting, level in _meetings_for(rng, writer, person, staff, today, meeting_ids):
            made.append((meeting, level, staff))
    writer.flush(Meeting)
    for meeting, level, staff in made:
        _meeting_records(rng, writer, meeting, level, staff, today)
    writer.flush(Invitation, Minutes, Attendee)
    writer.flush(InformationRequest, ActionListDelivery)
    for meeting, _, _ in sorted(made, key=lambda row: row[0].held_on):
        by_person[meeting.nominal_id].meetings.append(meeting)
    for person in registered:
        staff = by_area[person.nominal.area_id]
        risk_plan(rng, writer, person, staff, person.meetings, today)
        disclosures(rng, writer, person, staff, person.meetings, today)
        transfer(rng, writer, person, staff, elsewhere.areas, elsewhere.staff_of, today)
    writer.flush(RiskManagementPlan, PlanChange, PlanAction, Disclosure, Transfer)
    for person in persons:
        staff = by_area[person.nominal.area_id]
        custody_spells(rng, writer, person, staff, person.spells, today)
        notification_events(rng, writer, person, person.spells, person.archived_on or today, today)
        notification_breaches(rng, writer, person, person.spells, today)
        home_visits(rng, writer, person, staff, today)
    writer.flush(CustodySpell, ApprovedPremisesReferral, UrgentReview, SeriousFurtherOffence, OrderBreach)
    writer.flush(NotificationRequirement, NotificationEvent, NotificationBreach)
    writer.flush(RiskAssessment, VisitSchedule, HomeVisit)
    result.people += len(persons)
    result.registrations += len(registered)
    result.meetings += len(made)
    return [person.nominal.pk for person in persons]
