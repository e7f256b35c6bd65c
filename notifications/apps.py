from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Sex offender notification"

    def ready(self) -> None:
        # Importing registers the figures, the timeline sources and the worklist sources
        # (review_worklist: indefinite notification reviews to determine).
        from . import figures, review_worklist, timeline, worklist  # noqa: F401
