"""Loads the reference data in `data/*.csv`: creates or updates every item by its `code`.

Data migrations call `load_reference_data` with the historical models, so this module never
imports the current ones. Items missing from the files are left as they are (deactivate them
with `is_active` rather than deleting them: plans point to them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DATA_DIR = Path(__file__).resolve().parent / "data"
NAME_COLUMNS = ("name_ar", "name_zh", "name_en", "name_fr", "name_ru", "name_es")


@dataclass(frozen=True)
class Table:
    """One CSV file and the model it fills. Related columns hold codes: one code for a foreign
    key (empty for none), space-separated codes for a many-to-many field."""

    model: str
    filename: str
    foreign_keys: dict[str, str] = field(default_factory=dict)
    many_to_many: dict[str, str] = field(default_factory=dict)


# In dependency order: a table refers only to tables above it (or to rows above in itself).
TABLES: tuple[Table, ...] = (
    Table("Region", "regions.csv", foreign_keys={"parent": "Region"}),
    Table("Country", "countries.csv", foreign_keys={"subregion": "Region"}),
    Table(
        "RegionalOrganization",
        "regional_organizations.csv",
        many_to_many={"member_countries": "Country"},
    ),
    Table(
        "SectoralBody",
        "sectoral_bodies.csv",
        foreign_keys={"regional_organization": "RegionalOrganization"},
    ),
    Table("CompactWorkingGroup", "compact_working_groups.csv"),
    Table("UNEntity", "un_entities.csv", many_to_many={"working_groups": "CompactWorkingGroup"}),
    Table("PriorityArea", "priority_areas.csv"),
    Table("Driver", "drivers.csv"),
    Table("GCTSPillar", "gcts_pillars.csv"),
    Table("GCTSReview", "gcts_reviews.csv"),
    Table("SDGTarget", "sdg_targets.csv"),
    Table("PlanPhase", "plan_phases.csv"),
    Table("GuidingPrinciple", "guiding_principles.csv"),
)


def load_reference_data(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    """Create or update every reference item from the CSV files (idempotent)."""
    using = schema_editor.connection.alias if schema_editor is not None else DEFAULT_DB_ALIAS
    for table in TABLES:
        load_table(apps, table, using)


def load_table(apps: Apps, table: Table, using: str = DEFAULT_DB_ALIAS) -> None:
    model = apps.get_model("taxonomy", table.model)
    for row in read_rows(table.filename):
        values: dict[str, Any] = {}
        for column, raw in row.items():
            if column in table.many_to_many:
                continue
            if column in table.foreign_keys:
                related = apps.get_model("taxonomy", table.foreign_keys[column])
                values[f"{column}_id"] = pk_for_code(related, raw, using) if raw else None
            else:
                values[column] = to_python(model, column, raw)
        item = upsert(model, values, using)
        for column, related_name in table.many_to_many.items():
            related = apps.get_model("taxonomy", related_name)
            codes = row[column].split()
            pks = set(
                related._default_manager.using(using)
                .filter(code__in=codes)
                .values_list("pk", flat=True)
            )
            if len(pks) != len(set(codes)):
                raise ValueError(f"{table.filename} {row['code']}: unknown code in {column!r}")
            getattr(item, column).set(pks)


def read_rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        missing = [name for name in NAME_COLUMNS if not (row.get(name) or "").strip()]
        if not row.get("code") or missing:
            raise ValueError(f"{filename} {row.get('code')!r}: missing code or names {missing}")
    return rows


def to_python(model: type[models.Model], column: str, raw: str) -> Any:
    model_field = model._meta.get_field(column)
    if not isinstance(model_field, models.Field):
        raise ValueError(f"{model.__name__}.{column} is not a column")
    if raw == "" and model_field.null:
        return None
    return model_field.to_python(raw)


def pk_for_code(model: type[models.Model], code: str, using: str) -> Any:
    try:
        return model._default_manager.using(using).values_list("pk", flat=True).get(code=code)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise ValueError(f"no {model.__name__} with code {code!r}") from None


def upsert(model: type[models.Model], values: dict[str, Any], using: str) -> models.Model:
    """Create the item with this code, or save the fields that differ (none: no write)."""
    manager = model._default_manager.using(using)
    item = manager.filter(code=values["code"]).first()
    if item is None:
        return manager.create(**values)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if changed:
        for name in changed:
            setattr(item, name, values[name])
        item.save(using=using, update_fields=[name.removesuffix("_id") for name in changed])
    return item
