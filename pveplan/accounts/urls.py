from django.urls import path

from pveplan.accounts import views, views_lockouts, views_password, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views_password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("security/", views_two_factor.two_factor, name="two_factor"),
    path("security/verify/", views_two_factor.two_factor_verify, name="two_factor_verify"),
    path("security/enrol/", views_two_factor.two_factor_enroll, name="two_factor_enroll"),
    path("security/recovery-codes/", views_two_factor.recovery_codes, name="recovery_codes"),
    path("security/remove/", views_two_factor.two_factor_remove, name="two_factor_remove"),
    path("lockouts/", views_lockouts.lockouts, name="lockouts"),
    path("lockouts/reset-two-factor/", views_lockouts.two_factor_reset, name="two_factor_reset"),
]
