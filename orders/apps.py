from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Civil orders"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(
            PersonTab(
                "orders",
                "Civil orders",
                "orders:person",
                120,
                shown_to=lambda user, nominal: policy.works_with_people(user),
            )
        )

        from . import alerts, figures  # noqa: F401 - registers the summary's alerts and the annual report figures
