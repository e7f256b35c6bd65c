"""Routes for sharing, restricted-section grants and emergency access (pages)."""

from __future__ import annotations

from django.urls import path

from . import emergency_views, restricted_views, sharing_views

# /shared/...: the duty-to-co-operate single point of contact's pages.
shared_patterns = [
    path("", sharing_views.shared_list, name="list"),
    path("<int:pk>/", sharing_views.shared_person, name="person"),
    path("<int:pk>/<slug:scope>/", sharing_views.shared_scope, name="scope"),
]

# /people/<pk>/sharing/...: sharing a person's material, for those who manage the record.
manage_patterns = [
    path("<int:pk>/sharing/", sharing_views.manage_sharing, name="manage"),
    path("<int:pk>/sharing/<int:grant_pk>/revoke/", sharing_views.revoke_share, name="revoke"),
]

# /people/<pk>/restricted-access/...: who may see the victims, intelligence and health sections.
restricted_patterns = [
    path("<int:pk>/restricted-access/", restricted_views.restricted_access, name="manage"),
    path("<int:pk>/restricted-access/<int:grant_pk>/revoke/", restricted_views.revoke_restricted, name="revoke"),
]

# Emergency access: asking (under /people/) and the co-ordinator's review queue.
emergency_patterns = [
    path("people/emergency-access/", emergency_views.request_access, name="request"),
    path("emergency-access/review/", emergency_views.review_queue, name="review-queue"),
    path("emergency-access/review/<int:pk>/", emergency_views.review, name="review"),
]
