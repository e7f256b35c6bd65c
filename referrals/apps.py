from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "MAPPA referrals"

    def ready(self) -> None:
        from . import timeline_events  # noqa: F401 - registers the timeline source
