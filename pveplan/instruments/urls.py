"""URLs of the registries of legal and policy instruments and of a plan's legal framework."""

from django.urls import URLPattern, path

from pveplan.instruments import views_links, views_registry

app_name = "instruments"
urlpatterns: list[URLPattern] = [
    path("plans/<int:pk>/instruments/", views_registry.registry, name="registry"),
    path("plans/<int:pk>/instruments/add/", views_registry.instrument_add, name="instrument_add"),
    path(
        "plans/<int:plan_pk>/instruments/<int:pk>/edit/",
        views_registry.instrument_edit,
        name="instrument_edit",
    ),
    path(
        "plans/<int:plan_pk>/instruments/<int:pk>/delete/",
        views_registry.instrument_delete,
        name="instrument_delete",
    ),
    path("instruments/<int:pk>/file/", views_registry.instrument_file, name="instrument_file"),
    path("plans/<int:pk>/legal-framework/", views_links.framework, name="framework"),
    path("plans/nodes/<int:pk>/instruments/", views_links.node_instruments, name="node"),
    path("plans/instrument-links/<int:pk>/edit/", views_links.link_edit, name="link_edit"),
    path("plans/instrument-links/<int:pk>/delete/", views_links.link_delete, name="link_delete"),
]
