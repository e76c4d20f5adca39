"""URLs of the plan exports pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_exports

urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/export/<str:format>/", views_exports.plan_export, name="export"),
]
