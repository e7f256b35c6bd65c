from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "worklists"
    verbose_name = "Worklists and reminders"

    def ready(self) -> None:
        from kernel import due_dates

        # The sources for the apps that came before worklists; later apps register their
        # own from their <app>/worklist.py.
        from . import builtin_sources  # noqa: F401
        from .stored import refresh_people

        # The stored dates a transaction changed are rewritten here once it commits.
        due_dates.install_refresher(refresh_people)
