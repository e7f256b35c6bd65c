"""API representations of worklists and notifications (explicit field lists)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kernel.worklist_sources import WorkItem, kind_title

from .models import Notification


class WorkItemSerializer(serializers.Serializer[WorkItem]):
    kind = serializers.CharField()
    kind_title = serializers.SerializerMethodField()
    label = serializers.CharField()  # type: ignore[assignment]
    due_on = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    url = serializers.CharField()
    area_id = serializers.IntegerField()
    nominal_id = serializers.IntegerField(allow_null=True)
    person_name = serializers.CharField()
    owner_agency_id = serializers.IntegerField(allow_null=True)
    owner_user_id = serializers.IntegerField(allow_null=True)

    def get_kind_title(self, item: WorkItem) -> str:
        return kind_title(item.kind)

    def get_overdue(self, item: WorkItem) -> bool:
        return item.is_overdue(self.context["today"])


class KindCountSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()


class WorklistSerializer(serializers.Serializer[Any]):
    today = serializers.DateField()
    due_by = serializers.DateField()
    count = serializers.IntegerField(help_text="Items matching the filters, on every page")
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    counts = KindCountSerializer(many=True)
    results = WorkItemSerializer(many=True, help_text="This page's items")


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "label", "url", "due_on", "overdue", "sent_on", "read_at"]
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The notifications to mark read; all when omitted."
    )
