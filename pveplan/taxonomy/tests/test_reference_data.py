"""The reference data seeded by the data migrations (the test database is built by them)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps as django_apps

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.taxonomy import models
from pveplan.taxonomy.seed import NAME_COLUMNS, load_reference_data

pytestmark = pytest.mark.django_db

TAXONOMY_MODELS = [
    models.Region,
    models.Country,
    models.RegionalOrganization,
    models.SectoralBody,
    models.CompactWorkingGroup,
    models.UNEntity,
    models.PriorityArea,
    models.Driver,
    models.GCTSPillar,
    models.GCTSReview,
    models.SDGTarget,
    models.PlanPhase,
    models.GuidingPrinciple,
]
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
CJK = re.compile(r"[\u4E00-\u9FFF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in TAXONOMY_MODELS}
    result["members"] = models.RegionalOrganization.member_countries.through.objects.count()
    result["working groups"] = models.UNEntity.working_groups.through.objects.count()
    return result


def test_there_are_193_member_states_with_unique_codes() -> None:
    countries = models.Country.objects.all()
    assert countries.count() == 193
    for column in ("code", "iso2", "m49"):
        values = list(countries.values_list(column, flat=True))
        assert len(set(values)) == 193, column
    assert all(re.fullmatch(r"[A-Z]{3}", c.code) for c in countries)
    assert all(re.fullmatch(r"[A-Z]{2}", c.iso2) for c in countries)
    assert all(re.fullmatch(r"\d{3}", c.m49) for c in countries)


def test_member_states_carry_un_short_names() -> None:
    names = dict(models.Country.objects.values_list("code", "name_en"))
    assert names["BOL"] == "Bolivia (Plurinational State of)"
    assert names["TUR"] == "Türkiye"
    assert names["GBR"] == "United Kingdom of Great Britain and Northern Ireland"
    assert names["KOR"] == "Republic of Korea"
    assert models.Country.objects.get(code="SYR").name_ar == "الجمهورية العربية السورية"


def test_every_member_state_sits_in_a_subregion_of_a_top_region() -> None:
    for country in models.Country.objects.select_related("subregion__parent"):
        assert country.subregion.parent is not None, country.code
        assert country.subregion.parent.parent is None, country.code
    assert models.Region.objects.filter(parent=None).count() == 5


@pytest.mark.parametrize("model", TAXONOMY_MODELS, ids=lambda m: m.__name__)
def test_every_label_exists_in_all_six_languages(model: type[models.ReferenceItem]) -> None:
    assert model.objects.exists()
    for item in model.objects.all():
        for column in NAME_COLUMNS:
            assert getattr(item, column).strip(), (item.code, column)


@pytest.mark.parametrize("model", [models.Country, models.PriorityArea], ids=lambda m: m.__name__)
def test_arabic_names_are_in_arabic_script_only(model: type[models.ReferenceItem]) -> None:
    for item in model.objects.all():
        assert ARABIC_LETTER.search(item.name_ar), item.code
        assert not LATIN_LETTER.search(item.name_ar), item.code


def test_chinese_and_russian_names_are_in_their_scripts() -> None:
    for item in models.Country.objects.all():
        assert CJK.search(item.name_zh), item.code
        assert CYRILLIC.search(item.name_ru), item.code


def test_there_are_seven_priority_areas_numbered_in_order() -> None:
    areas = list(models.PriorityArea.objects.all())
    assert [area.number for area in areas] == [1, 2, 3, 4, 5, 6, 7]
    assert areas[3].name_en == "Empowering youth"


def test_there_are_five_push_and_four_pull_drivers() -> None:
    assert models.Driver.objects.count() == 9
    assert models.Driver.objects.filter(kind=models.Driver.Kind.PUSH).count() == 5
    assert models.Driver.objects.filter(kind=models.Driver.Kind.PULL).count() == 4


def test_the_strategy_has_four_pillars() -> None:
    assert list(models.GCTSPillar.objects.values_list("numeral", flat=True)) == [
        "I",
        "II",
        "III",
        "IV",
    ]


def test_strategy_reviews_include_the_fifth_of_1_july_2016() -> None:
    review = models.GCTSReview.objects.get(resolution="70/291")
    assert review.adopted_on == datetime.date(2016, 7, 1)
    assert review.ordinal == 5
    assert models.GCTSReview.objects.get(ordinal=0).resolution == "60/288"


def test_unoct_is_in_the_pve_working_group_among_many_un_entities() -> None:
    assert models.UNEntity.objects.count() >= 25
    assert models.CompactWorkingGroup.objects.count() == 8
    unoct = models.UNEntity.objects.get(code="UNOCT")
    assert unoct.working_groups.filter(code="WG-PVE").exists()


def test_asean_sectoral_bodies_include_somtc() -> None:
    asean = models.RegionalOrganization.objects.get(code="ASEAN")
    assert asean.sectoral_bodies.filter(code="ASEAN-SOMTC").exists()
    assert asean.sectoral_bodies.count() >= 17
    assert models.SectoralBody.objects.get(code="IGAD-ICEPCVE").regional_organization.code == "IGAD"


def test_regional_organizations_have_their_member_states() -> None:
    def members(code: str) -> set[str]:
        org = models.RegionalOrganization.objects.get(code=code)
        return set(org.member_countries.values_list("code", flat=True))

    assert len(members("EU")) == 27
    assert "TLS" in members("ASEAN") and len(members("ASEAN")) == 11
    assert members("LCBC") == {"CMR", "TCD", "NER", "NGA", "LBY", "CAF"}
    assert members("CENTRAL-ASIA") == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert len(members("AU")) == 54


@pytest.mark.parametrize(
    ("kind", "model", "link"),
    [
        (OrganizationKind.MEMBER_STATE, models.Country, "country"),
        (OrganizationKind.REGIONAL_ORG, models.RegionalOrganization, "regional_organization"),
        (OrganizationKind.SECTORAL_BODY, models.SectoralBody, "sectoral_body"),
        (OrganizationKind.UN_ENTITY, models.UNEntity, "un_entity"),
    ],
)
def test_an_organization_exists_for_every_reference_actor(
    kind: str, model: type[models.ReferenceItem], link: str
) -> None:
    linked = set(Organization.objects.filter(kind=kind).values_list(f"{link}__code", flat=True))
    assert linked == set(model.objects.values_list("code", flat=True))


def test_organization_codes_follow_the_reference_codes() -> None:
    assert Organization.objects.get(code="jor").country.code == "JOR"
    assert Organization.objects.get(code="unoct").un_entity.code == "UNOCT"
    assert Organization.objects.get(code="un-women").un_entity.code == "UN-WOMEN"
    assert (
        Organization.objects.get(code="central-asia").regional_organization.code == "CENTRAL-ASIA"
    )
    somtc = Organization.objects.get(code="asean-somtc")
    assert somtc.sectoral_body.code == "ASEAN-SOMTC"
    assert somtc.regional_organization.code == "ASEAN"


def test_loading_the_reference_data_again_changes_nothing() -> None:
    before = counts()
    labels = dict(models.Country.objects.values_list("code", "name_fr"))
    load_reference_data(django_apps, None)
    assert counts() == before
    assert dict(models.Country.objects.values_list("code", "name_fr")) == labels


def test_loading_again_restores_labels_and_members_from_the_files() -> None:
    models.PriorityArea.objects.filter(code="PA1").update(name_en="Edited")
    models.RegionalOrganization.objects.get(code="LCBC").member_countries.clear()
    load_reference_data(django_apps, None)
    assert models.PriorityArea.objects.get(code="PA1").name_en == "Dialogue and conflict prevention"
    assert models.RegionalOrganization.objects.get(code="LCBC").member_countries.count() == 6
