"""The change log also tells of the organisation's and the targets' changes (issue 17.4): a line for
"person 0" (nobody), which brings the indicator facts to a new generation without reading anyone again,
so that figures kept per generation (selectors.memoised) are computed again after a unit, a version of
a unit or a target changes."""

from django.db import migrations

LOG = "indicators_registrychange"
TABLES = ("org_unit", "org_unitversion", "indicators_target")
PG_UP = [
    f"""
CREATE OR REPLACE FUNCTION indicators_log_other() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {LOG} (person_id, xid) VALUES (0, pg_current_xact_id()::text::bigint);
    RETURN NULL;
END $$""",
    *(
        f"CREATE TRIGGER {table}_log_other AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_other()"
        for table in TABLES
    ),
]
PG_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {table}_log_other ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS indicators_log_other()",
]
SQLITE_UP = [
    f"CREATE TRIGGER {table}_log_other_{event} AFTER {event.upper()} ON {table} "
    f"BEGIN INSERT INTO {LOG} (person_id) VALUES (0); END"
    for table in TABLES
    for event in ("insert", "update", "delete")
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {table}_log_other_{event}"
    for table in TABLES
    for event in ("insert", "update", "delete")
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_registry_changes"), ("org", "0004_unit_kind_association")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
