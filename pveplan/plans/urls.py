from django.urls import path

from pveplan.plans import (
    urls_exports,
    urls_imports,
    urls_links,
    urls_structure,
    urls_versions,
    views,
)

app_name = "plans"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("plans/new/", views.plan_create, name="create"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="edit"),
    path("plans/<int:pk>/status/", views.plan_change_status, name="change_status"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="approve"),
    *urls_structure.urlpatterns,
    *urls_links.urlpatterns,
    *urls_versions.urlpatterns,
    *urls_exports.urlpatterns,
    *urls_imports.urlpatterns,
]
