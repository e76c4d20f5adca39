"""URLs of the providers pages, under /providers/ (namespace "providers")."""

from django.urls import URLPattern, path

from pveplan.providers import views, views_matching, views_threew

app_name = "providers"
urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/<int:year>/edit/", views.capability_edit, name="capability_edit"),
    path("requests/<int:pk>/ranking/", views_matching.ranking, name="ranking"),
    path("gaps/", views_matching.gaps, name="gaps"),
    path("3w/", views_threew.three_w, name="three_w"),
    path("3w.xlsx", views_threew.three_w_xlsx, name="three_w_xlsx"),
    path("3w.csv", views_threew.three_w_csv, name="three_w_csv"),
]
