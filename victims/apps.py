from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = "Victims and potential victims"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from access import policy
        from kernel.registries import PersonTab, register_person_tab

        register_person_tab(PersonTab("victims", "Victims", "victims:person", 150, shown_to=policy.can_view_victims))
