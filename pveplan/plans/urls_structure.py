"""URLs of the plan structure pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_structure

urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/structure/", views_structure.structure, name="structure"),
    path("plans/<int:pk>/structure/add/", views_structure.node_add, name="node_add"),
    path("plans/nodes/<int:pk>/edit/", views_structure.node_edit, name="node_edit"),
    path("plans/nodes/<int:pk>/delete/", views_structure.node_delete, name="node_delete"),
    path("plans/nodes/<int:pk>/move/", views_structure.node_move, name="node_move"),
]
