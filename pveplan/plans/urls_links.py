"""URLs of a node's DDR safeguards and regional links (included by plans/urls.py, "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_links

urlpatterns: list[URLPattern] = [
    path("plans/nodes/<int:pk>/ddr/", views_links.node_ddr, name="node_ddr"),
    path("plans/nodes/<int:pk>/regional/", views_links.node_regional, name="node_regional"),
]
