"""URLs of the plan structure pages (included by plans/urls.py, namespace "plans")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
