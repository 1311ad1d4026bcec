"""PostgreSQL only: drop the second index Django gives a unique text column (`…_like`, with
varchar_pattern_ops, for LIKE 'prefix%' under a linguistic collation). No query searches the CCCD
by prefix (search is by folded name; matching by whole number uses the unique index), and every
person written paid for it: one index fewer to keep up on each insert and to rebuild after a large
load (core.bulk.large_load). SQLite has no such index. Django does not know the index is gone: a
later migration altering `cccd` would make it again, and would need the same treatment."""

from typing import Any

from django.db import migrations

FIND = """
SELECT indexname FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = 'people_person'
  AND indexdef LIKE '%(cccd varchar_pattern_ops)%'
"""


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FIND)
        for (name,) in cursor.fetchall():
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS people_person_cccd_like ON people_person (cccd varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0006_import_on_person")]
    operations = [migrations.RunPython(forwards, backwards)]
