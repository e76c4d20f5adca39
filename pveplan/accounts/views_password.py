"""Password reset by e-mail: the same answer whether the address is known or not, and the link
sets a new password without logging in, so two-factor still applies at the next login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy

from pveplan.accounts import actions


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset/form.html"
    email_template_name = "accounts/password_reset/email.txt"
    subject_template_name = "accounts/password_reset/subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        actions.user_password_reset_requested(email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset/done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset/confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.user_password_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset/complete.html"
