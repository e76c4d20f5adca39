"""Seeds the reference data from `pveplan/taxonomy/data/*.csv` (see docs/reference-data.md)."""

from django.db import migrations

from pveplan.taxonomy.seed import load_reference_data


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
