from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("annual/", views.annual, name="annual"),
    path("annual.csv", views.annual_csv, name="annual-csv"),
    path("annual.pdf", views.annual_pdf, name="annual-pdf"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly.csv", views.quarterly_csv, name="quarterly-csv"),
    path("population/", views.population, name="population"),
]
