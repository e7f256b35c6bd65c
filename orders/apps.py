from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Civil orders"

    def ready(self) -> None:
        from . import figures  # noqa: F401 - registers the annual report figures
