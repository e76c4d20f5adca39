"""URLs of the review of read documents and of the cross-plan analysis (namespace "documents")."""

from django.urls import URLPattern, path

from pveplan.documents import views_analysis, views_review

urlpatterns: list[URLPattern] = [
    path("<int:pk>/review/", views_review.review_page, name="review"),
    path("<int:pk>/review/accept/", views_review.accept_above, name="accept_above"),
    path("<int:pk>/to-plan/", views_review.to_plan, name="to_plan"),
    path("segments/<int:pk>/decide/", views_review.segment_decide, name="segment_decide"),
    path("segments/<int:pk>/edit/", views_review.segment_edit, name="segment_edit"),
    path("analysis/", views_analysis.analysis, name="analysis"),
    path("analysis.xlsx", views_analysis.analysis_xlsx, name="analysis_xlsx"),
    path("analysis.csv", views_analysis.analysis_csv, name="analysis_csv"),
]
