"""PostgreSQL: drop the pattern index Django adds beside a unique text column (for LIKE queries). No
query looks a CCCD's keyed hash up by a pattern; one index fewer for every person written (as 0007
did for the CCCD itself)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'people_person' "
            "AND indexdef LIKE '%%varchar_pattern_ops%%' AND indexdef LIKE '%%cccd_hash%%'"
        )
        for (name,) in cursor.fetchall():
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("people", "0011_access_log")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
