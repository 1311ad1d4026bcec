"""Tables that are only ever added to: the audit trail, the record of who read personal data, the record
of imports. A model says so with the class attribute `append_only = True`.

Three guarantees, from the outside in (docs/operations.md, "Database roles"):
1. the application's database role may only SELECT and INSERT them (`canbo db grant`): it cannot
   update, delete, truncate, or disable a trigger, since it owns nothing;
2. triggers refuse UPDATE, DELETE and TRUNCATE, whoever asks — the owner included, by mistake or a
   script (created after every migrate: SQLite drops a table's triggers whenever a migration rebuilds
   the table, so they are ensured again rather than created once);
3. the models and their querysets refuse update() and delete() (audit.models).
"""

import logging
from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION canbo_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'canbo: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END; $$ LANGUAGE plpgsql
"""


def append_only_tables() -> list[str]:
    """The database tables of the models marked `append_only`."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if getattr(model, "append_only", False) and not model._meta.proxy
    )


def trigger_statements(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """(statements that drop the table's append-only triggers, statements that create them)."""
    if vendor == "postgresql":
        drop = [
            f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"',
            f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"',
        ]
        create = [
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION canbo_append_only()",
            f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION canbo_append_only()",
        ]
        return drop, create
    if vendor == "sqlite":
        drop = [f'DROP TRIGGER IF EXISTS "{table}_no_{op}"' for op in ("update", "delete")]
        create = [
            f'CREATE TRIGGER "{table}_no_{op}" BEFORE {op.upper()} ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'canbo: {table} is append-only ({op.upper()} refused)'); END"
            for op in ("update", "delete")
        ]
        return drop, create
    return [], []


def triggers_ensure(connection: BaseDatabaseWrapper) -> None:
    """Create (again) the append-only triggers of every such table that exists."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in append_only_tables():
            if table not in existing:
                continue
            drop, create = trigger_statements(connection.vendor, table)
            for statement in drop + create:
                cursor.execute(statement)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver (connected once, by the audit app)."""
    from django.db import connections

    triggers_ensure(connections[using])


def grant_statements(role: str, owner: str | None = None) -> list[str]:
    """The privileges of the application's role on PostgreSQL: read and write the ordinary tables,
    only read and add to the append-only ones, use the sequences; nothing else (it owns nothing, so it
    can neither alter a table nor disable a trigger). Run by the owner after every migrate."""
    from django.db import connection

    quoted = connection.ops.quote_name(role)
    tables = sorted(connection.introspection.table_names())
    append_only = set(append_only_tables())
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
    for table in tables:
        privileges = "SELECT, INSERT" if table in append_only else "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {privileges} ON {connection.ops.quote_name(table)} TO {quoted}")
    if owner:
        owner_quoted = connection.ops.quote_name(owner)
        statements.append(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_quoted} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted}"
        )
    return statements
