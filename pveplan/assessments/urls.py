from django.urls import path

from pveplan.assessments import views, views_needs, views_report

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/answer/<slug:dimension>/", views.answer, name="answer"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/validate/", views.validate, name="validate"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/report/", views_report.report, name="report"),
    path("<int:pk>/report.pdf", views_report.report_pdf, name="report_pdf"),
    path("<int:pk>/compare/", views_report.compare, name="compare"),
    path("<int:pk>/gaps/<slug:dimension>/need/", views_report.need_from_gap, name="need_from_gap"),
    path("needs/", views_needs.need_list, name="needs"),
    path("needs/new/", views_needs.need_create, name="need_create"),
    path("needs/<int:pk>/", views_needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views_needs.need_edit, name="need_edit"),
]
