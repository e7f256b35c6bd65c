from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = "Person register"

    def ready(self) -> None:
        # Its tabs on a person's record.
        from kernel.registries import PersonTab, install_person_page, install_person_reader, register_person_tab

        from .frame import person_page
        from .services import read_person

        register_person_tab(PersonTab("summary", "Summary", "register:summary", 10))
        register_person_tab(PersonTab("personal_details", "Personal details", "register:personal-details", 20))
        register_person_tab(PersonTab("addresses", "Addresses", "register:addresses", 30))
        register_person_tab(PersonTab("convictions", "Convictions", "register:convictions", 40))
        # The frame of a person's page, for the pages of apps that cannot import this one.
        install_person_page(person_page)
        install_person_reader(read_person)
        from . import timeline_events  # noqa: F401 - registers the register's timeline source
