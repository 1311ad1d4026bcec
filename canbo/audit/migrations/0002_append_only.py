"""The database refuses to change an audit row once written (UPDATE is aborted).

DELETE is refused by the application (AuditEntry and its queryset); it is left to the database
administrator so that test databases can still be emptied.
"""

from django.db import migrations

PG_UP = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_no_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit_auditentry is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_no_update()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_auditentry_no_update()",
]
SQLITE_UP = [
    "CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END"
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_auditentry_no_update"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
