"""URLs of the process tracker (included by config/urls.py, namespace "process")."""

from django.urls import URLPattern, path

from pveplan.process import views

app_name = "process"
urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/process/", views.tracker, name="tracker"),
    path("plans/<int:pk>/process/<str:code>/edit/", views.phase_edit, name="phase_edit"),
    path(
        "plans/<int:pk>/process/<str:code>/checklist/<slug:key>/",
        views.checklist_set,
        name="checklist_set",
    ),
    path("plans/<int:pk>/process/<str:code>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "plans/process/evidence/<int:pk>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("plans/process/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
