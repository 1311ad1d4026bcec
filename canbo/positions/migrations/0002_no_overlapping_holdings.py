"""The database itself forbids one person holding two job positions on the same day.

PostgreSQL: an exclusion constraint over daterange(valid_from, valid_to, '[)') (btree_gist).
SQLite: triggers that abort an INSERT or UPDATE creating an overlap.
The service (positions.services.holding_start) says so first, in Vietnamese.
"""

from django.db import migrations

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE positions_positionholding ADD CONSTRAINT positions_holding_no_overlap "
    "EXCLUDE USING gist (person_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)",
]
PG_DOWN = ["ALTER TABLE positions_positionholding DROP CONSTRAINT positions_holding_no_overlap"]

_OVERLAP = """
    SELECT RAISE(ABORT, 'positions_holding_no_overlap: một người giữ hai vị trí việc làm trong cùng một ngày')
    WHERE EXISTS (
        SELECT 1 FROM positions_positionholding o
        WHERE o.person_id = NEW.person_id AND o.id != NEW.id
          AND (o.valid_to IS NULL OR o.valid_to > NEW.valid_from)
          AND (NEW.valid_to IS NULL OR NEW.valid_to > o.valid_from)
    );
"""
SQLITE_UP = [
    "CREATE TRIGGER positions_holding_no_overlap_insert BEFORE INSERT ON positions_positionholding "
    f"BEGIN {_OVERLAP} END",
    "CREATE TRIGGER positions_holding_no_overlap_update BEFORE UPDATE ON positions_positionholding "
    f"BEGIN {_OVERLAP} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS positions_holding_no_overlap_insert",
    "DROP TRIGGER IF EXISTS positions_holding_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
