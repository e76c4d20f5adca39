"""URLs of the document library: the list, upload, a document's reading, cancel and delete."""

from django.urls import URLPattern, path

from pveplan.documents import views_library

urlpatterns: list[URLPattern] = [
    path("", views_library.library, name="library"),
    path("upload/", views_library.upload, name="upload"),
    path("<int:pk>/", views_library.document, name="document"),
    path("<int:pk>/cancel/", views_library.document_cancel, name="document_cancel"),
    path("<int:pk>/delete/", views_library.document_delete, name="document_delete"),
]
