"""The registry's change log and the triggers that write it (issue 17.1, decisions/0015)."""

from django.db import migrations, models


# The change log's triggers (decisions/0015). PostgreSQL: one trigger per statement, reading its rows
# from the statement's transition tables (a COPY of 50,000 rows is one statement); more than 10,000
# rows in one statement write one "everything" line instead of a line per person. SQLite: a trigger
# per row (SQLite has no statement triggers). A person's update is logged only when a column the
# indicators read changed.
LOG = "indicators_registrychange"
XID = "pg_current_xact_id()::text::bigint"
PERSON_COLUMNS = ("sex", "birth_date", "staff_category", "ethnicity", "degree_abroad")
BULK = 10000


def _pg_function(name: str, ids: str, counted: str) -> str:
    """A trigger function logging the persons `ids` (a SELECT of person ids) of a statement whose
    rows are `counted` (a transition table)."""
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    SELECT count(*) INTO n FROM (SELECT 1 FROM {counted} LIMIT {BULK + 1}) s;
    IF n > {BULK} THEN
        INSERT INTO {LOG} (person_id, xid) VALUES (NULL, {XID});
    ELSIF n > 0 THEN
        INSERT INTO {LOG} (person_id, xid) SELECT DISTINCT p, {XID} FROM ({ids}) changed(p) WHERE p IS NOT NULL;
    END IF;
    RETURN NULL;
END $$"""


_PERSON_CHANGED = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in PERSON_COLUMNS)
PG_UP = [
    _pg_function("indicators_log_new", "SELECT person_id FROM new_rows", "new_rows"),
    _pg_function("indicators_log_old", "SELECT person_id FROM old_rows", "old_rows"),
    _pg_function(
        "indicators_log_both",
        "SELECT person_id FROM old_rows UNION SELECT person_id FROM new_rows",
        "new_rows",
    ),
    _pg_function(
        "indicators_log_person",
        f"SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {_PERSON_CHANGED}",
        "new_rows",
    ),
    _pg_function("indicators_log_person_old", "SELECT id FROM old_rows", "old_rows"),
    f"""
CREATE OR REPLACE FUNCTION indicators_log_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {LOG} (person_id, xid) VALUES (NULL, {XID});
    RETURN NULL;
END $$""",
]
for table in ("people_assignment", "people_languageskill"):
    PG_UP += [
        f"CREATE TRIGGER {table}_log_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_new()",
        f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_both()",
        f"CREATE TRIGGER {table}_log_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_old()",
    ]
PG_UP += [
    "CREATE TRIGGER people_person_log_update AFTER UPDATE ON people_person "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_person()",
    "CREATE TRIGGER people_person_log_delete AFTER DELETE ON people_person REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_person_old()",
    "CREATE TRIGGER people_post_log_update AFTER UPDATE OF level OR DELETE ON people_post "
    "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_everything()",
]
TRIGGERS = {
    "people_assignment": ("insert", "update", "delete"),
    "people_languageskill": ("insert", "update", "delete"),
    "people_person": ("update", "delete"),
    "people_post": ("update",),
}
for table in TRIGGERS:
    PG_UP.append(
        f"CREATE TRIGGER {table}_log_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION indicators_log_everything()"
    )
PG_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {t}_log_{e} ON {t}" for t, events in TRIGGERS.items() for e in events),
    *(f"DROP TRIGGER IF EXISTS {t}_log_truncate ON {t}" for t in TRIGGERS),
    *(
        f"DROP FUNCTION IF EXISTS {f}()"
        for f in (
            "indicators_log_new",
            "indicators_log_old",
            "indicators_log_both",
            "indicators_log_person",
            "indicators_log_person_old",
            "indicators_log_everything",
        )
    ),  # fmt: skip
]


def _sqlite(table: str, event: str, values: str, when: str = "") -> str:
    return (
        f"CREATE TRIGGER {table}_log_{event} AFTER {event.upper()} ON {table} {when} "
        f"BEGIN INSERT INTO {LOG} (person_id) VALUES {values}; END"
    )


SQLITE_UP = [
    *(
        statement
        for table in ("people_assignment", "people_languageskill")
        for statement in (
            _sqlite(table, "insert", "(NEW.person_id)"),
            _sqlite(table, "update", "(OLD.person_id), (NEW.person_id)"),
            _sqlite(table, "delete", "(OLD.person_id)"),
        )
    ),
    _sqlite(
        "people_person",
        "update",
        "(NEW.id)",
        "WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in PERSON_COLUMNS),
    ),
    _sqlite("people_person", "delete", "(OLD.id)"),
    _sqlite("people_post", "update", "(NULL)", "WHEN OLD.level IS NOT NEW.level"),
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {t}_log_{e}" for t, events in TRIGGERS.items() for e in events]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_decision_2282_named"),
        ("people", "0015_language_certified_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person_id", models.BigIntegerField(null=True)),
                ("xid", models.BigIntegerField(null=True)),
            ],
            options={
                "verbose_name": "thay đổi của sổ cán bộ",
                "indexes": [models.Index(fields=["xid"], name="indicators_change_xid")],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
