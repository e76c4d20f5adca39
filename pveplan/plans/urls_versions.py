"""URLs of the plan versions pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern, path

from pveplan.plans import views_versions

urlpatterns: list[URLPattern] = [
    path("plans/reviews/", views_versions.reviews_due, name="reviews_due"),
    path("plans/<int:pk>/versions/", views_versions.versions, name="versions"),
    path(
        "plans/<int:pk>/versions/publish/", views_versions.version_publish, name="version_publish"
    ),
    path(
        "plans/<int:pk>/versions/compare/", views_versions.version_compare, name="version_compare"
    ),
    path(
        "plans/<int:pk>/versions/<int:number>/",
        views_versions.version_detail,
        name="version_detail",
    ),
]
