from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("people/<int:pk>/notifications/", views.person, name="person"),
    path("people/<int:pk>/notifications/new/", views.record, name="record"),
    path("people/<int:pk>/notifications/subject/new/", views.requirement, name="requirement"),
    path("people/<int:pk>/notifications/breaches/new/", views.breach, name="breach"),
    path("notifications/<int:pk>/edit/", views.edit, name="edit"),
    path("notifications/requirements/<int:pk>/edit/", views.requirement_edit, name="requirement-edit"),
    path("notifications/breaches/<int:pk>/edit/", views.breach_edit, name="breach-edit"),
    path("people/<int:pk>/notifications/reviews/new/", views.review_new, name="review-new"),
    path("notifications/reviews/<int:pk>/determination/", views.review_determination, name="review-determination"),
]
