from django.apps import AppConfig


class DraftsConfig(AppConfig):
    """What a user has typed into a long form and not yet saved, kept so that nothing typed
    is lost to a time-out, a closed tab or a failed connection."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "drafts"
