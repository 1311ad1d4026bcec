"""The database itself forbids two versions of one unit in force on the same day.

PostgreSQL: an exclusion constraint over daterange(valid_from, valid_to, '[)') (btree_gist).
SQLite: triggers that abort an INSERT or UPDATE creating an overlap.
"""

from django.db import migrations

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE org_unitversion ADD CONSTRAINT org_unitversion_no_overlap "
    "EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)",
]
PG_DOWN = ["ALTER TABLE org_unitversion DROP CONSTRAINT org_unitversion_no_overlap"]

_OVERLAP = """
    SELECT RAISE(ABORT, 'org_unitversion_no_overlap: các phiên bản của một đơn vị chồng lấn nhau')
    WHERE EXISTS (
        SELECT 1 FROM org_unitversion o
        WHERE o.unit_id = NEW.unit_id AND o.id != NEW.id
          AND (o.valid_to IS NULL OR o.valid_to > NEW.valid_from)
          AND (NEW.valid_to IS NULL OR NEW.valid_to > o.valid_from)
    );
"""
SQLITE_UP = [
    f"CREATE TRIGGER org_unitversion_no_overlap_insert BEFORE INSERT ON org_unitversion BEGIN {_OVERLAP} END",
    f"CREATE TRIGGER org_unitversion_no_overlap_update BEFORE UPDATE ON org_unitversion BEGIN {_OVERLAP} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS org_unitversion_no_overlap_insert",
    "DROP TRIGGER IF EXISTS org_unitversion_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
