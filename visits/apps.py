from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Home visits"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "visits",
                "Home visits",
                "visits:person",
                130,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        from . import worklist  # noqa: F401 - registers the worklist source
