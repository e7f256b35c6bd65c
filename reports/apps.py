from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Strategic Management Board reports"

    def ready(self) -> None:
        # Serious further offences charged without a remand reach table 7 (kernel.figures).
        from . import figures  # noqa: F401
