"""One Organization for every Member State, regional organization, sectoral body and UN entity.

Their names come from the reference item they point to, so `name_*` stay blank. Codes: the
lowercase ISO3 code for Member States ("jor"), the slugified reference code for the others
("asean", "central-asia", "asean-somtc", "un-women").
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils.text import slugify

# (organization kind, taxonomy model, link field on Organization)
REFERENCED_KINDS = (
    ("member_state", "Country", "country"),
    ("regional_org", "RegionalOrganization", "regional_organization"),
    ("sectoral_body", "SectoralBody", "sectoral_body"),
    ("un_entity", "UNEntity", "un_entity"),
)


def create_reference_organizations(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    organizations = apps.get_model("accounts", "Organization")._default_manager.db_manager(
        schema_editor.connection.alias
    )
    for kind, model_name, link in REFERENCED_KINDS:
        items = apps.get_model("taxonomy", model_name)._default_manager.using(
            schema_editor.connection.alias
        )
        for item in items.order_by("code"):
            defaults = {"code": slugify(item.code.lower())}
            if kind == "sectoral_body":
                # A sectoral body's organization also points to its regional organization.
                defaults["regional_organization_id"] = item.regional_organization_id
            organizations.get_or_create(kind=kind, **{link: item}, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("taxonomy", "0002_reference_data"),
    ]

    operations = [
        migrations.RunPython(create_reference_organizations, migrations.RunPython.noop),
    ]
