from typing import Any

from rest_framework import serializers

from .models import Draft

FORM_VALUES_HELP = "The form's fields as it would post them: name to list of values."


class DraftSerializer(serializers.ModelSerializer[Draft]):
    form_values = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(allow_blank=True, trim_whitespace=False)),
        help_text=FORM_VALUES_HELP,
    )

    class Meta:
        model = Draft
        fields = ["id", "path", "title", "form_values", "saved_at", "version"]
        read_only_fields = ["id", "saved_at", "version"]


class DraftWriteSerializer(serializers.Serializer[Any]):
    path = serializers.CharField(max_length=300, help_text="The form's path on this site, e.g. /meetings/4/minutes/")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    form_values = serializers.JSONField(help_text=FORM_VALUES_HELP)


class DraftUpdateSerializer(serializers.Serializer[Any]):
    form_values = serializers.JSONField(help_text=FORM_VALUES_HELP)
