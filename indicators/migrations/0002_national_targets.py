"""The national targets (indicators/data/national.toml) as reference data of a new database, like
its schema: written here without audit entries. Later changes of the file are applied, and audited,
by indicators.services.targets_sync after every migrate."""

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import migrations

NATIONAL = Path(__file__).resolve().parent.parent / "data" / "national.toml"


def load(apps: Any, schema_editor: Any) -> None:
    Target = apps.get_model("indicators", "Target")
    with NATIONAL.open("rb") as handle:
        rows = tomllib.load(handle).get("target", [])
    for row in rows:
        Target.objects.get_or_create(
            code=row["code"],
            defaults={
                "indicator": row["indicator"],
                "scope": row["scope"],
                "year": row["year"],
                "threshold": Decimal(str(row["threshold"])).quantize(Decimal("0.01")),
                "threshold_to": None,
                "text": row["text"],
                "source": row["source"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_targets_and_snapshots")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
