"""URLs of the action matrix import (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_imports

urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/import/", views_imports.plan_import, name="import"),
    path(
        "plans/<int:pk>/import/<str:token>/",
        views_imports.import_preview,
        name="import_preview",
    ),
    path(
        "plans/<int:pk>/import/<str:token>/apply/",
        views_imports.import_apply,
        name="import_apply",
    ),
]
