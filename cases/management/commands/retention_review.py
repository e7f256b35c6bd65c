"""`manage.py retention_review`: records at or past the person's 100th birthday.

Lists, area by area, the records due a keep-or-delete decision (rules.exit: the 100th
birthday; a kept record again on its next review date). With --decide, records the
decision for one person, in the name of the area's co-ordinator given by --user; the
decision is audited like any other write. Run it from a timer, as with the reminders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from access import policy
from accounts.models import Area, User
from audit import trail
from cases import selectors, services
from cases.models import RetentionOutcome
from kernel.actor import Actor
from register.models import Nominal


class Command(BaseCommand):
    help = "List records at or past the person's 100th birthday, or record a keep-or-delete decision."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", help="Area code (default: every area)")
        parser.add_argument("--today", type=date.fromisoformat, help="Review as of this date (YYYY-MM-DD)")
        parser.add_argument("--decide", type=int, metavar="PERSON_ID", help="Record a decision for this person")
        parser.add_argument("--outcome", choices=RetentionOutcome.values)
        parser.add_argument("--reason", default="")
        parser.add_argument("--review-again-on", type=date.fromisoformat, dest="review_again_on")
        parser.add_argument("--user", help="Username of the co-ordinator recording the decision")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --decide: check the decision and list what a delete would remove, writing nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["decide"] is not None:
            self._decide(options, today)
            return
        areas = Area.objects.order_by("code")
        if options["area"]:
            areas = areas.filter(code=options["area"])
            if not areas.exists():
                raise CommandError(f"No area with the code {options['area']}")
        total = 0
        for area in areas:
            due = selectors.retention_reviews_due(area_id=area.pk, today=today)
            for item in due:
                kept = f" (kept {item.last_decision.decided_on}, review again now)" if item.last_decision else ""
                self.stdout.write(
                    f"{area.code}\t{item.nominal.pk}\t{item.nominal.reference}\t{item.nominal}\t"
                    f"born {item.nominal.date_of_birth}\tdue {item.due_on}{kept}"
                )
            total += len(due)
            if due:
                trail.record(
                    actor=None,
                    action="retention.list",
                    detail={"area": area.code, "nominals": [item.nominal.pk for item in due]},
                )
        self.stdout.write(f"{total} record(s) due a retention decision on {today}")

    def _decide(self, options: dict[str, Any], today: date) -> None:
        user = User.objects.filter(username=options["user"] or "", is_active=True).first()
        nominal = Nominal.objects.filter(pk=options["decide"]).first()
        if user is None or nominal is None or not policy.can_decide_retention(user, nominal):
            raise CommandError("Give --user, the co-ordinator of the person's area, and a person in that area")
        arguments: dict[str, Any] = {
            "actor": Actor(user),
            "nominal": nominal,
            "outcome": options["outcome"] or "",
            "decided_on": today,
            "reason": options["reason"],
            "review_again_on": options["review_again_on"],
        }
        try:
            if options["dry_run"]:
                would = services.retention_dry_run(**arguments)
                for label, count in would.items():
                    self.stdout.write(f"Would delete\t{count}\t{label}")
                self.stdout.write(f"Dry run: nothing deleted for {nominal.reference}")
                return
            decision = services.record_retention_decision(**arguments)
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            raise CommandError(problems) from error
        self.stdout.write(f"Recorded: {decision.get_outcome_display()} for {nominal} ({nominal.reference})")
