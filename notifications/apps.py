from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Sex offender notification"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "notifications",
                "Notification",
                "notifications:person",
                110,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        # A conviction or caution for breaching a Sexual Risk Order makes the person subject
        # to notification: written with the breach's outcome, in its transaction.
        from orders.services import on_breach_outcome

        from .services import subject_after_sro_breach

        on_breach_outcome(subject_after_sro_breach)

        # Importing registers the figures, the timeline sources and the worklist sources
        # (review_worklist: indefinite notification reviews to determine).
        from . import alerts, figures, review_worklist, timeline, worklist  # noqa: F401
