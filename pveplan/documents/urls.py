"""URLs of the document library: upload, reading progress, review, turning into a plan, analysis."""

from django.urls import URLPattern

from pveplan.documents.urls_library import urlpatterns as library
from pveplan.documents.urls_review import urlpatterns as review

app_name = "documents"
urlpatterns: list[URLPattern] = [*library, *review]
