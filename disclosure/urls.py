from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("people/<int:pk>/disclosure/", views.person, name="person"),
    path("people/<int:pk>/disclosure/new/", views.create, name="create"),
    path("disclosure/register/", views.register, name="register"),
    path("disclosure/person/<int:pk>/", views.shared, name="shared"),
    path("disclosure/<int:pk>/", views.detail, name="detail"),
    path("disclosure/<int:pk>/edit/", views.edit, name="edit"),
    path("disclosure/<int:pk>/carried-out/", views.carried_out, name="carried-out"),
    path("disclosure/<int:pk>/acknowledgement/", views.acknowledgement, name="acknowledgement"),
    path("disclosure/<int:pk>/review/", views.review, name="review"),
]
