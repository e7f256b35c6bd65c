from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "worklists"
    verbose_name = "Worklists and reminders"

    def ready(self) -> None:
        from kernel import due_dates, worklist_sources, worklist_stored

        # builtin_sources: the sources for the apps that came before worklists; later apps
        # register their own from their <app>/worklist.py.
        from . import (
            builtin_sources,  # noqa: F401
            registrations,
            request_sources,  # noqa: F401
            stored,
        )

        # The kernel's scopes and stored sources read this app's tables (and the cases
        # app's registrations) through these, as the kernel imports no app.
        worklist_sources.install_registration_readers(
            managed_by=registrations.managed_by, area_level_2_3=registrations.area_level_2_3
        )
        worklist_stored.install_stored_rows(in_scope=stored.in_scope, for_area=stored.for_area)
        # The stored dates a transaction changed are rewritten here once it commits.
        due_dates.install_refresher(stored.refresh_people)
