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

        # Importing registers the figures, the timeline sources and the worklist sources
        # (review_worklist: indefinite notification reviews to determine).
        # Its clocks among the person's, and the notification the indefinite review counts from.
        from kernel.person_clocks import install_first_notification, register_clock_source

        from . import figures, review_worklist, timeline, worklist  # noqa: F401
        from .clocks import first_notification_after_release, notification_clocks_for

        register_clock_source("notifications", notification_clocks_for)
        install_first_notification(first_notification_after_release)
