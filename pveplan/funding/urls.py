"""URLs of the programme funding pages, under /funding/ (namespace "funding")."""

from django.urls import URLPattern, path

from pveplan.funding import views, views_rates, views_records

app_name = "funding"
urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("balances.xlsx", views.export_xlsx, name="export"),
    path("contributions/new/", views_records.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/", views_records.contribution_detail, name="contribution_detail"),
    path("contributions/<int:pk>/edit/", views_records.contribution_edit, name="contribution_edit"),
    path(
        "contributions/<int:pk>/allocate/",
        views_records.allocation_create,
        name="allocation_create",
    ),
    path("allocations/<int:pk>/", views_records.allocation_detail, name="allocation_detail"),
    path(
        "allocations/<int:pk>/spend/", views_records.expenditure_create, name="expenditure_create"
    ),
    path("rates/", views_rates.rate_list, name="rates"),
    path("rates/new/", views_rates.rate_create, name="rate_create"),
    path("rates/<int:pk>/edit/", views_rates.rate_edit, name="rate_edit"),
]
