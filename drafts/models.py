from django.conf import settings
from django.db import models

from kernel.records import VersionedRecord


class Draft(VersionedRecord):
    """One user's unsaved typing on one form, keyed by the form's path. Only its author
    ever sees it; it goes when the form is saved, discarded, or after DRAFT_KEEP_DAYS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    path = models.CharField(max_length=300)
    title = models.CharField(max_length=200, blank=True)  # the page's heading, to list drafts by
    form_values = models.JSONField()  # {field name: [values]} as the form would post them
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="one_draft_per_form")]

    def __str__(self) -> str:
        return self.title or self.path
