"""Fixtures shared by every app's tests, and the Hypothesis profiles."""

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment
from canbo.accounts.system import SYSTEM
from canbo.org.io.builtin import builtin_dataset
from canbo.org.models import Unit
from canbo.org.services import org_import

# Hypothesis: "ci" (the default, used by `make test` and CI) is derandomized — the same examples on
# every run, on any machine — with no time limit per example (a loaded machine is not a failure);
# "explore" (HYPOTHESIS_PROFILE=explore) searches at random and longer, for a local hunt; a
# counterexample it finds is pinned as an @example.
settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class _Replay:
    """What a fixture's import writes, taken the first time a test session runs it and written back in
    the later tests instead of importing again (the built-in plan's import is 0.3 CPU-s, ~200 tests ask
    for it; the organisation's 0.03 s, ~900 tests).

    The rows are written back only onto the very state they were taken from: each table's row count and
    largest id, and the content types, units and unit versions row by row, the same (a test that wrote
    something first, or a flush that gave the content types other ids, imports for real — and may be
    taken once more). An
    import that changed or deleted a row already there is never replayed. The rows go in as they were,
    ids included, with the tables' own triggers off meanwhile (they already wrote the rows they write:
    the indicators' change log, the overlap checks): on SQLite the triggers dropped and re-created
    inside the test's transaction, on PostgreSQL `session_replication_role = replica` for those
    statements, then the sequences set past the ids written (as tests/browser/conftest.py's snapshot)."""

    MAX_TAKES = 4  # per import: distinct starting states worth keeping

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str, str], dict[Any, dict[str, tuple[list[str], list[Any]]] | None]] = {}

    def __call__(self, label: str, build: Callable[[], Any]) -> None:
        from django.db import connection

        if connection.vendor not in ("sqlite", "postgresql"):
            build()
            return
        takes = self.saved.setdefault((label, connection.vendor, str(connection.settings_dict["NAME"])), {})
        state = _state(connection)
        if state in takes:
            delta = takes[state]
            if delta is None:  # not replayable
                build()
            else:
                _write_back(connection, delta)
            return
        if len(takes) >= self.MAX_TAKES:
            build()
            return
        before = _rows(connection)
        build()
        takes[state] = _delta(before, _rows(connection))


def _tables(connection: Any) -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


_state_queries: dict[tuple[str, str, tuple[str, ...]], str] = {}
# Compared row by row: what the imports' rows point to (content types; units and their versions, by
# which a plan is scheduled) — a different tree of the same size is a different state.
_STATE_ROWS = ("django_content_type", "org_unit", "org_unitversion")


def _state(connection: Any) -> Any:
    """Each table's row count and largest id, and the rows of _STATE_ROWS themselves."""
    quote = connection.ops.quote_name
    tables = tuple(_tables(connection))
    key = (connection.vendor, str(connection.settings_dict["NAME"]), tables)
    with connection.cursor() as cursor:
        if key not in _state_queries:
            counts = []
            for table in tables:
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                top = f"MAX({quote('id')})" if "id" in columns else "0"
                counts.append(f"SELECT '{table}', COUNT(*), {top} FROM {quote(table)}")
            _state_queries[key] = " UNION ALL ".join(counts)
        cursor.execute(_state_queries[key])
        state: list[Any] = [tuple(sorted(cursor.fetchall()))]
        for table in _STATE_ROWS:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote('id')}")
            state.append(tuple(map(tuple, cursor.fetchall())))
        return tuple(state)


def _rows(connection: Any) -> dict[str, tuple[list[str], list[Any]]]:
    """Every table's rows: SQLite's values, or PostgreSQL's COPY lines (exact, whatever the type)."""
    quote = connection.ops.quote_name
    found: dict[str, tuple[list[str], list[Any]]] = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            if connection.vendor == "sqlite":
                cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY rowid")
                found[table] = ([d[0] for d in cursor.description], [tuple(r) for r in cursor.fetchall()])
            else:
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                found[table] = ([], data.splitlines(keepends=True))
    return found


def _delta(
    before: dict[str, tuple[list[str], list[Any]]], after: dict[str, tuple[list[str], list[Any]]]
) -> dict[str, tuple[list[str], list[Any]]] | None:
    """The rows the import added, table by table; None if it changed or deleted any row."""
    from collections import Counter

    added: dict[str, tuple[list[str], list[Any]]] = {}
    for table, (columns, rows) in after.items():
        old = Counter(before.get(table, ([], []))[1])
        new = Counter(rows)
        if old - new:
            return None
        extra = new - old
        picked = []
        for row in rows:
            if extra[row] > 0:
                extra[row] -= 1
                picked.append(row)
        if picked:
            added[table] = (columns, picked)
    return added


def _write_back(connection: Any, delta: dict[str, tuple[list[str], list[Any]]]) -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import transaction

    quote = connection.ops.quote_name
    # One transaction (a savepoint in a `db` test): SQLite checks deferred foreign keys at its end.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table, (columns, rows) in delta.items():
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
                )
                triggers = cursor.fetchall()
                for name, _ in triggers:
                    cursor.execute(f"DROP TRIGGER {quote(name)}")
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
                for _, sql in triggers:
                    cursor.execute(sql)
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, (_, lines) in delta.items():
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(b"".join(lines))
            cursor.execute("SET LOCAL session_replication_role = origin")
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in delta]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


_replay = _Replay()


@pytest.fixture
def builtin_org(db: Any) -> None:
    """The built-in organisation: Ninh Thuận 2020–2025, then Khánh Hòa (imported, or its rows written
    back: _Replay)."""
    _replay("builtin_org", lambda: org_import(actor=SYSTEM, dataset=builtin_dataset()))


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user(role, unit_code) -> a user holding that role over that unit."""
    counter = iter(range(1, 10_000))

    def make(role: str | None = None, unit_code: str | None = None, **extra: Any) -> Any:
        user = get_user_model().objects.create_user(
            username=extra.pop("username", f"user{next(counter)}"), password="mat-khau-thu-1", **extra
        )
        if role:
            unit = Unit.objects.get(code=unit_code) if unit_code else None
            RoleAssignment.objects.create(user=user, role=Role(role), unit=unit)
        return user

    return make


@pytest.fixture
def builtin_plan(builtin_org: None) -> Any:
    """The built-in plan (Kế hoạch triển khai NQ 07-NQ/TU) with its occurrences."""
    from canbo.plans.io.builtin import builtin_plan as spec
    from canbo.plans.models import Plan
    from canbo.plans.services import plan_import

    _replay("builtin_plan", lambda: plan_import(actor=SYSTEM, spec=spec()))
    return Plan.objects.get(code="kh-nq07")


@pytest.fixture
def docx_to_pdf(tmp_path: Path) -> Callable[[bytes], bytes]:
    """docx_to_pdf(data) -> the PDF LibreOffice makes of a Word file (the test is skipped where
    LibreOffice is not installed): proof that a real office suite opens what we write."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")

    def convert(data: bytes) -> bytes:
        source = tmp_path / "document.docx"
        source.write_bytes(data)
        subprocess.run(
            [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (tmp_path / "document.pdf").read_bytes()

    return convert


@pytest.fixture(autouse=True, scope="session")
def _flush_past_append_only_triggers() -> Any:
    """Transactional tests empty the database after each test (Django's flush); the append-only
    tables' triggers refuse that (core/append_only.py), as they must in production. Only the test
    suite's flush goes past them: on PostgreSQL with triggers off for that transaction (the test role
    is a superuser), on SQLite by dropping and re-creating them around the flush."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from canbo.core.append_only import append_only_tables, trigger_statements

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        vendor = self.connection.vendor
        before: list[str] = []
        after: list[str] = []
        if vendor == "postgresql":
            before, after = ["SET LOCAL session_replication_role = replica"], []
        elif vendor == "sqlite":
            for table in append_only_tables():
                drop, create = trigger_statements(vendor, table)
                before += drop
                after += create
        original(self, [*before, *sql_list, *after])

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture
def officer(builtin_org: None, make_user: Callable[..., Any]) -> Any:
    """A test client logged in as a Sở Nội vụ officer of Khánh Hòa (the whole province in scope)."""
    from django.test import Client

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    return client
