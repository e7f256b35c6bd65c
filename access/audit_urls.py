from django.urls import path

from . import audit_views as views

app_name = "audit"
urlpatterns = [
    path("people/<int:pk>/viewers/", views.record_viewers, name="record-viewers"),
    path("audit/", views.audit_search, name="search"),
]
