from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pveplan.accounts.models import Membership, Organization, OrganizationKind
from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import PLANS_APPROVE, PLANS_READ, PLANS_WRITE, ROLE_PERMISSIONS, Role
from pveplan.taxonomy.models import Country
from pveplan.testing import World, make_user, org

pytestmark = pytest.mark.django_db


def test_every_role_has_an_entry_in_the_permission_table() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_the_database_rejects_a_member_state_without_a_country() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(kind=OrganizationKind.MEMBER_STATE, code="nowhere")


def test_the_database_rejects_a_ministry_without_a_name() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code="jor-x",
            country=Country.objects.get(code="JOR"),
        )


def test_the_form_check_explains_what_an_organization_lacks() -> None:
    with pytest.raises(ValidationError) as error:
        Organization(kind=OrganizationKind.UN_ENTITY, code="x").full_clean()
    assert "un_entity" in error.value.message_dict


def test_a_role_must_fit_the_kind_of_organization(world: World) -> None:
    membership = Membership(user=world.users["outsider"], organization=org("jor"), role=Role.DONOR)
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_only_unoct_staff_can_be_unoct_officers(world: World) -> None:
    membership = Membership(
        user=world.users["outsider"], organization=org("undp"), role=Role.UNOCT_OFFICER
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_a_country_editor_may_write_in_their_country_only(world: World) -> None:
    scope = scope_of(world.users["a_editor"])
    jordan, lebanon = org("jor").country_id, org("lbn").country_id
    assert PLANS_WRITE in scope.permissions_for(jordan, None)
    assert PLANS_WRITE not in scope.permissions_for(lebanon, None)
    assert PLANS_APPROVE not in scope.permissions_for(jordan, None)


def test_the_unoct_officer_holds_permissions_everywhere(world: World) -> None:
    scope = scope_of(world.users["unoct"])
    assert {PLANS_READ, PLANS_WRITE, PLANS_APPROVE} <= scope.everywhere


def test_un_staff_and_donors_are_partners_without_write(world: World) -> None:
    for persona in ("un_staff", "donor"):
        scope = scope_of(world.users[persona])
        assert scope.is_partner
        assert not scope.has_anywhere(PLANS_WRITE)


def test_a_ministry_membership_counts_for_its_country(world: World) -> None:
    ministry = Organization.objects.create(
        kind=OrganizationKind.GOVERNMENT_BODY,
        code="jor-moi",
        country=Country.objects.get(code="JOR"),
        name_en="Ministry of Interior",
    )
    user = make_user("ministry.editor", (ministry.code, Role.EDITOR))
    assert PLANS_WRITE in scope_of(user).permissions_for(ministry.country_id, None)


def test_the_scope_costs_one_query_and_is_cached(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    user = world.users["a_focal"]
    user.__dict__.pop("_pveplan_scope", None)
    with django_assert_num_queries(1):
        scope_of(user)
        scope_of(user)
