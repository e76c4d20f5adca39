"""URLs of the plan exports pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_exports

urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/export/<str:format>/", views_exports.plan_export, name="export"),
    path("exports/", views_exports.export_list, name="exports"),
    path("exports/<slug:token>/", views_exports.export_progress, name="export_progress"),
    path(
        "exports/<slug:token>/download/",
        views_exports.export_download,
        name="export_download",
    ),
    path("exports/<slug:token>/cancel/", views_exports.export_cancel, name="export_cancel"),
]
