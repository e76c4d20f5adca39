"""Changes to accounts, memberships and organizations: each one audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pveplan.accounts.models import Membership, Organization, User
from pveplan.accounts.permissions import forget_scope
from pveplan.core import audit
from pveplan.core.i18n import UN_LANGUAGES


def user_set_language(*, user: User, language: str) -> None:
    """Remember the user's interface language (one of the six UN languages)."""
    if language not in UN_LANGUAGES:
        raise ValueError(language)
    if user.language == language:
        return
    with transaction.atomic():
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit.record(
            action="user.set_language",
            actor=user,
            obj=user,
            before={"language": before},
            after={"language": language},
        )


def membership_add(*, by: Any, user: User, organization: Organization, role: str) -> Membership:
    """Give `user` a role in `organization` (validated against the kind of organization)."""
    with transaction.atomic():
        membership = Membership(user=user, organization=organization, role=role)
        membership.full_clean()
        membership.save()
        audit.record(
            action="membership.add",
            actor=by,
            obj=membership,
            after={"user": user.pk, "organization": organization.code, "role": role},
        )
    forget_scope(user)
    return membership


def user_create(
    *,
    by: Any,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user account (the password is hashed; validators are the caller's business)."""
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            language=language,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            action="user.create",
            actor=by,
            obj=user,
            after={"username": username, "is_staff": is_staff, "is_superuser": is_superuser},
        )
    return user


def organization_create(*, by: Any, organization: Organization) -> Organization:
    """Register an organization of its own name (a ministry, a donor, a civil-society group)."""
    with transaction.atomic():
        organization.full_clean()
        organization.save()
        audit.record(
            action="organization.create",
            actor=by,
            obj=organization,
            after=audit.snapshot(organization),
        )
    return organization
