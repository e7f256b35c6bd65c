"""The quarterly performance picture the SMB monitors (DOMAIN.md, seed 001 and seed 003).

Quarters follow the reporting year: quarter 1 is April to June. Each section is a table
of counts and one chart of the figure the board watches. Deadlines come from rules/
(review cadences, minutes and action list deadlines), through the models that ask it.
Aggregates only: nothing here names or identifies a person.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, DateField, Exists, Min, OuterRef, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from accounts.models import AgencyKind
from cases.models import LevelChange, Registration
from meetings.models import (
    ActionListDelivery,
    Attendance,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingType,
    MinutesStatus,
)
from referrals.models import GatekeepingDecision, Referral, ReferralStatus
from register.models import Gender, Nominal
from rules.reviews import next_review_due_on

from .annual import ReportScope, registered_on
from .charts import bar_chart

QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 18", 0, 17),
    ("18 to 24", 18, 24),
    ("25 to 34", 25, 34),
    ("35 to 49", 35, 49),
    ("50 to 64", 50, 64),
    ("65 and over", 65, 200),
)


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]
    chart: SafeString
    note: str = ""


@dataclass
class QuarterlyReport:
    code: str
    year_ending: int
    quarter: int
    start: date
    end: date
    sections: list[Section] = field(default_factory=list)


def quarter_bounds(year_ending: int, quarter: int) -> tuple[date, date]:
    first_month, last_month = QUARTER_MONTHS[quarter]
    year = year_ending if quarter == 4 else year_ending - 1
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _meetings(scope: ReportScope, start: date, end: date) -> QuerySet[Meeting]:
    """MAPPA meetings held in the quarter: never a PDP discussion, never a cancelled one."""
    return (
        Meeting.objects.filter(area_id__in=scope.area_ids, held_on__range=(start, end))
        .exclude(meeting_type=MeetingType.PDP_DISCUSSION)
        .exclude(status=MeetingStatus.CANCELLED)
    )


def review_timeliness(scope: ReportScope, start: date, end: date) -> Section:
    """Each review decided in the quarter against the cadence of the level it reviewed:
    on time when on or before the date rules.reviews gives from the review before it."""
    changes = LevelChange._meta.db_table
    registrations = Registration._meta.db_table
    nominals = Nominal._meta.db_table
    areas = ", ".join(["%s"] * len(scope.area_ids)) or "NULL"
    sql = f"""
        SELECT previous_level, previous_on, decided_on FROM (
            SELECT lc.decided_on,
                   LAG(lc.to_level) OVER w AS previous_level,
                   LAG(lc.decided_on) OVER w AS previous_on
            FROM {changes} lc
            JOIN {registrations} r ON r.id = lc.registration_id
            JOIN {nominals} n ON n.id = r.nominal_id
            WHERE n.area_id IN ({areas}) AND lc.decided_on <= %s
            WINDOW w AS (PARTITION BY lc.registration_id ORDER BY lc.decided_on, lc.recorded_at, lc.id)
        ) reviews
        WHERE decided_on >= %s AND previous_on IS NOT NULL
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scope.area_ids, end, start])
        reviews = cursor.fetchall()
    held: Counter[int] = Counter()
    on_time: Counter[int] = Counter()
    as_date = DateField().to_python  # SQLite gives raw SQL's dates back as text
    for level, previous_on_value, decided_on_value in reviews:
        previous_on, decided_on = as_date(previous_on_value), as_date(decided_on_value)
        held[level] += 1
        if decided_on <= next_review_due_on(level=level, last_review_on=previous_on):
            on_time[level] += 1
    rows = [
        [f"Level {lvl}", held[lvl], on_time[lvl], held[lvl] - on_time[lvl], _percent(on_time[lvl], held[lvl])]
        for lvl in (1, 2, 3)
    ]
    return Section(
        "reviews",
        "Reviews on time, by level",
        ["Level", "Reviews", "On time", "Late", "% on time"],
        rows,
        bar_chart("Reviews on time, by level (%)", [(r[0], r[4]) for r in rows], unit="%", maximum=100),  # type: ignore[misc]
        "Level 1 every 16 weeks, level 2 every 8 to 12 weeks, level 3 every 4 to 6 weeks (seed 003).",
    )


def minutes_timeliness(scope: ReportScope, start: date, end: date, today: date) -> Section:
    """Minutes approved by their deadline: level 2 within 10, level 3 within 5 working days."""
    counts: dict[int, Counter[str]] = {2: Counter(), 3: Counter()}
    meetings = _meetings(scope, start, end).select_related("minutes")
    for meeting in meetings.only("held_on", "level", "meeting_type", "minutes__status", "minutes__approved_at"):
        due_on = meeting.minutes_due_on
        if due_on is None or meeting.level not in counts:
            continue
        minutes = getattr(meeting, "minutes", None)
        tally = counts[meeting.level]
        tally["meetings"] += 1
        if minutes is not None and minutes.status == MinutesStatus.APPROVED and minutes.approved_at:
            approved_on = timezone.localtime(minutes.approved_at).date()
            tally["on_time" if approved_on <= due_on else "late"] += 1
        else:
            tally["overdue" if due_on < today else "not_yet_due"] += 1
    rows = [
        [
            f"Level {lvl}",
            c["meetings"],
            c["on_time"],
            c["late"],
            c["overdue"],
            c["not_yet_due"],
            _percent(c["on_time"], c["meetings"]),
        ]
        for lvl, c in counts.items()
    ]
    return Section(
        "minutes",
        "Minutes approved on time",
        ["Level", "Meetings", "On time", "Late", "Not approved, overdue", "Not yet due", "% on time"],
        rows,
        bar_chart("Minutes approved on time, by level (%)", [(r[0], r[6]) for r in rows], unit="%", maximum=100),  # type: ignore[misc]
        "Level 2 minutes within 10 working days, level 3 within 5 (seed 003).",
    )


def action_list_timeliness(scope: ReportScope, start: date, end: date) -> Section:
    """The action list sent to every attendee within 24 hours of the end of the meeting."""
    first_sent = ActionListDelivery.objects.filter(meeting=OuterRef("pk")).order_by("sent_at")
    meetings = _meetings(scope, start, end).annotate(
        sent=Exists(first_sent), on_time=Exists(first_sent.filter(on_time=True))
    )
    tally: Counter[str] = Counter()
    for sent, on_time in meetings.values_list("sent", "on_time"):
        tally["meetings"] += 1
        tally["within_24_hours" if on_time else "late" if sent else "not_sent"] += 1
    rows = [
        ["Within 24 hours", tally["within_24_hours"]],
        ["Sent later", tally["late"]],
        ["Not sent", tally["not_sent"]],
    ]
    return Section(
        "action_lists",
        "Action lists sent within 24 hours",
        ["Action list", "Meetings"],
        [*rows, ["% within 24 hours", _percent(tally["within_24_hours"], tally["meetings"])]],
        bar_chart("Action lists, by when they were sent (meetings)", [(r[0], r[1]) for r in rows]),  # type: ignore[misc]
    )


def attendance_by_agency(scope: ReportScope, start: date, end: date) -> Section:
    """How each kind of agency attended the meetings it was invited to."""
    invitations = (
        Invitation.objects.filter(meeting__in=_meetings(scope, start, end))
        .values("agency__kind", "attendance")
        .annotate(n=Count("pk"))
    )
    by_kind: dict[str, Counter[str]] = {}
    for row in invitations:
        by_kind.setdefault(row["agency__kind"], Counter())[row["attendance"] or "not_recorded"] += row["n"]
    labels = dict(AgencyKind.choices)
    rows = []
    for kind, tally in sorted(by_kind.items(), key=lambda pair: str(labels.get(pair[0], pair[0]))):
        invited = sum(tally.values())
        rows.append(
            [
                str(labels.get(kind, kind)),
                invited,
                tally[Attendance.ATTENDED],
                tally[Attendance.WRITTEN_REPORT],
                tally[Attendance.APOLOGIES],
                tally[Attendance.ABSENT],
                tally["not_recorded"],
                _percent(tally[Attendance.ATTENDED], invited),
            ]
        )
    return Section(
        "attendance",
        "Attendance by agency",
        ["Agency", "Invited", "Attended", "Written report", "Apologies", "Absent", "Not recorded", "% attended"],
        rows,
        bar_chart("Meetings attended, by agency (%)", [(r[0], r[7]) for r in rows], unit="%", maximum=100),  # type: ignore[misc]
    )


def referrals_section(scope: ReportScope, start: date, end: date) -> Section:
    """Referrals submitted in the quarter: how they were gatekept, and days to a meeting."""
    referrals = (
        Referral.objects.filter(nominal__area_id__in=scope.area_ids, submitted_at__date__range=(start, end))
        .exclude(status=ReferralStatus.DRAFT)
        .annotate(first_meeting=Min("meetings__held_on"))
    )
    outcomes: Counter[str] = Counter()
    days: list[int] = []
    for decision, submitted_at, first_meeting in referrals.values_list("decision", "submitted_at", "first_meeting"):
        outcomes[decision or "awaiting"] += 1
        if first_meeting is not None and submitted_at is not None:
            days.append((first_meeting - timezone.localtime(submitted_at).date()).days)
    labels = dict(GatekeepingDecision.choices) | {"awaiting": "Awaiting countersignature or gatekeeping"}
    order = [*GatekeepingDecision.values, "awaiting"]
    rows: list[list[object]] = [[str(labels[key]), outcomes[key]] for key in order]
    total = sum(outcomes.values())
    rows.append(["Referrals submitted", total])
    rows.append(["Days from referral to meeting (median)", statistics.median(days) if days else "n/a"])
    rows.append(["Days from referral to meeting (mean)", round(statistics.mean(days), 1) if days else "n/a"])
    return Section(
        "referrals",
        "Referrals and gatekeeping",
        ["Referrals", "Number"],
        rows,
        bar_chart("Referrals by gatekeeping outcome", [(str(labels[key]), outcomes[key]) for key in order]),
    )


def disclosure_section(scope: ReportScope, start: date, end: date) -> Section:
    """Disclosure is considered at every level 2 and 3 meeting (seed 003): from the minutes."""
    counts: dict[int, Counter[str]] = {2: Counter(), 3: Counter()}
    rows_in = _meetings(scope, start, end).values_list("level", "minutes__status", "minutes__disclosure_considered")
    for level, status, considered in rows_in:
        if level not in counts:
            continue
        if status != MinutesStatus.APPROVED:
            counts[level]["no_minutes"] += 1
        else:
            counts[level]["considered" if considered else "not_considered"] += 1
    rows = []
    for lvl, c in counts.items():
        minuted = c["considered"] + c["not_considered"]
        rows.append(
            [
                f"Level {lvl}",
                minuted,
                c["considered"],
                c["not_considered"],
                c["no_minutes"],
                _percent(c["considered"], minuted),
            ]
        )
    return Section(
        "disclosure",
        "Disclosure considered at level 2 and 3 meetings",
        [
            "Level",
            "Meetings with approved minutes",
            "Considered",
            "Not considered",
            "Minutes not approved",
            "% considered",
        ],
        rows,
        bar_chart("Disclosure considered, by level (%)", [(r[0], r[5]) for r in rows], unit="%", maximum=100),  # type: ignore[misc]
    )


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def diversity_sections(scope: ReportScope, day: date) -> list[Section]:
    """Everyone registered on the day (the quarter's end, or today), by gender, ethnicity
    and age band."""
    people = Nominal.objects.filter(
        pk__in=Registration.objects.filter(nominal__area_id__in=scope.area_ids)
        .filter(registered_on(day))
        .values("nominal_id")
    )
    genders = Counter(dict(people.values_list("gender").annotate(n=Count("pk"))))
    ethnicities = Counter(
        {(e or "Not recorded"): n for e, n in people.values_list("ethnicity").annotate(n=Count("pk"))}
    )
    ages: Counter[str] = Counter()
    for born in people.values_list("date_of_birth", flat=True):
        age = _age(born, day)
        ages[next(label for label, low, high in AGE_BANDS if low <= age <= high)] += 1
    total = sum(genders.values())
    gender_rows = [[str(label), genders[value], _percent(genders[value], total)] for value, label in Gender.choices]
    ethnicity_rows = [
        [name, n, _percent(n, total)] for name, n in sorted(ethnicities.items(), key=lambda p: (-p[1], p[0]))
    ]
    age_rows = [[label, ages[label], _percent(ages[label], total)] for label, _, _ in AGE_BANDS]

    def section(key: str, title: str, heading: str, rows: list[list[object]]) -> Section:
        chart = bar_chart(f"{title} (%)", [(str(r[0]), r[2]) for r in rows], unit="%", maximum=100)  # type: ignore[misc]
        note = f"People registered on {day:%d %B %Y}: {total}."
        return Section(key, title, [heading, "People", "%"], rows, chart, note)

    return [
        section("gender", "Gender", "Gender", gender_rows),
        section("ethnicity", "Ethnicity", "Ethnicity (as the person describes it)", ethnicity_rows),
        section("age", "Age", "Age band", age_rows),
    ]


def quarterly_report(scope: ReportScope, year_ending: int, quarter: int, today: date | None = None) -> QuarterlyReport:
    today = today or timezone.localdate()
    start, end = quarter_bounds(year_ending, quarter)
    report = QuarterlyReport(scope.code, year_ending, quarter, start, end)
    report.sections = [
        review_timeliness(scope, start, end),
        minutes_timeliness(scope, start, end, today),
        action_list_timeliness(scope, start, end),
        attendance_by_agency(scope, start, end),
        referrals_section(scope, start, end),
        disclosure_section(scope, start, end),
        *diversity_sections(scope, min(end, today)),
    ]
    return report
