"""Fast inserts for imports of tens of thousands of rows: plain executemany, no model instances.

Values must already be what the database driver takes (str, int, Decimal, date, bool, None);
JSON columns take a dict, serialised here. Used by services that have validated every row."""

import datetime as dt
import functools
import gc
import itertools
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from django.db import OperationalError, connection, models, transaction

from canbo.core.fields import EncryptedTextField, KeyedCodeField, KeyedHashField

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with Python's cyclic garbage collector paused. A bulk operation creates hundreds of
    thousands of objects that live until it ends (cells, rows, records); each time their number
    grows the collector walks all of them again, for nothing — a third of the time of reading and
    checking 50,000 rows. Reference counting still frees what is dropped; the collector resumes,
    if it was running, when `fn` returns or raises. The switch is the process's: another thread
    runs without the collector meanwhile (its cycles wait a few seconds), and two imports at once
    leave it running at the end whichever ends first."""

    @functools.wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


def _json_default(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, taken from the database's own sequence (PostgreSQL)
    or after the largest key (SQLite: one writer at a time, inside the caller's transaction)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence named once (pg_get_serial_sequence per row cost 3 µs a number), and the
            # numbers as one text rather than a row each.
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)",
                [sequence, count],
            )
            return [int(pk) for pk in cursor.fetchone()[0].split(",")]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _literal(value: Any) -> str:
    """A constant as SQL text. Only values written by the code itself (never user input): None,
    booleans, integers, and strings of digits, letters, spaces and - : . + (dates, times, codes)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(int(value))
    text = str(value)
    if not all(c.isascii() and (c.isalnum() or c in " -:.+_") for c in text):
        raise ValueError(f"Hằng số {text!r} không được phép trong câu lệnh ghi hàng loạt.")
    return f"'{text}'"


def insert_many(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    *,
    prepared: bool = False,
) -> int:
    """INSERT rows (tuples in the order of `fields`, model attribute names) in batches. `constants`
    (attribute name → value, the same for every row) are written into the statement on SQLite, where
    binding a parameter per row and column is most of the cost, and appended to each row for COPY.
    Personal data is sealed or hashed on the way (_protected) unless the caller says it has `prepared`
    it already (a large import that hashes each code once)."""
    meta = model._meta
    constants = dict(constants or {})
    if not prepared:
        fields, rows = _protected(model, fields, rows)
    columns, json_positions = [], []
    for position, name in enumerate(fields):
        field = meta.get_field(name)
        columns.append(connection.ops.quote_name(str(field.column)))  # type: ignore[union-attr]
        if isinstance(field, models.JSONField):
            json_positions.append(position)
    constant_columns = [
        connection.ops.quote_name(str(meta.get_field(name).column))  # type: ignore[union-attr]
        for name in constants
    ]
    if connection.vendor == "postgresql":
        extra = tuple(_db_value(meta.get_field(name), value) for name, value in constants.items())
        if extra:
            rows = (tuple(row) + extra for row in rows)
        return _copy(meta.db_table, columns + constant_columns, json_positions, rows)
    literals = [_literal(_db_value(meta.get_field(name), value)) for name, value in constants.items()]
    return _insert_sqlite(
        meta.db_table, columns + constant_columns, len(fields), literals, json_positions, rows
    )


def _insert_sqlite(
    table: str,
    columns: list[str],
    width: int,
    literals: list[str],
    json_positions: list[int],
    rows: Iterable[Sequence[Any]],
) -> int:
    """SQLite: INSERT … VALUES (…), (…), … with up to 500 rows a statement, straight to the driver.
    One statement per row (executemany) cost a third more: SQLite then runs each row as a statement
    of its own (the AUTOINCREMENT counter written back each time), and Django rewrote the
    placeholders of each statement it passed on."""
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(500, limit // max(1, width)))
    one = f"({', '.join(['?'] * width + literals)})"
    head = f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(columns)}) VALUES "
    full = head + ", ".join([one] * per_statement)
    count = 0
    batch: list[Sequence[Any]] = []

    def flush() -> None:
        sql = full if len(batch) == per_statement else head + ", ".join([one] * len(batch))
        with connection.wrap_database_errors:  # django.db's errors, as from any other statement
            connection.connection.execute(sql, list(itertools.chain.from_iterable(batch)))

    with connection.cursor():  # opens the connection if need be
        for row in rows:
            if json_positions:
                row = list(row)
                for position in json_positions:
                    row[position] = json.dumps(row[position], ensure_ascii=False, default=_json_default)
            batch.append(row)
            if len(batch) == per_statement:
                flush()
                count += len(batch)
                batch = []
        if batch:
            flush()
            count += len(batch)
    return count


def _protected(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
    """Personal data as its columns hold it (core/fields.py), whatever path writes it: encrypted and
    keyed-code fields prepared by the field (which leaves an already prepared value as it is), and a
    keyed hash the rows do not give worked out from its source field."""
    meta = model._meta
    prepared = [
        (i, field)
        for i, name in enumerate(fields)
        if isinstance(field := meta.get_field(name), EncryptedTextField | KeyedCodeField)
    ]
    hashes = [
        (fields.index(f.source), f)
        for f in meta.concrete_fields
        if isinstance(f, KeyedHashField) and f.name not in fields and f.source in fields
    ]
    if not prepared and not hashes:
        return fields, rows

    def protect(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for i, field in prepared:
            values[i] = field.get_db_prep_save(values[i], connection)
        return (*values, *(field.of(row[source]) for source, field in hashes))

    return [*fields, *(f.name for _source, f in hashes)], map(protect, rows)


def _db_value(field: Any, value: Any) -> Any:
    """A constant as the database takes it (a datetime in the backend's own form). Personal data is
    never a constant: one ciphertext or hash for every row would show that the rows are equal."""
    if isinstance(field, EncryptedTextField | KeyedCodeField) and value is not None:
        raise ValueError(f"Dữ liệu cá nhân ({field.name}) không được ghi như một hằng số cho mọi dòng.")
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


# PostgreSQL types (by oid) that psycopg writes in COPY's binary format from the Python values the
# services pass: bool, int2/4/8, text, varchar, bpchar, date, timestamptz, numeric, float8.
_BINARY_COPY_TYPES: dict[int, tuple[type, ...]] = {
    16: (bool,), 20: (int,), 21: (int,), 23: (int,), 25: (str,), 1043: (str,), 1042: (str,),
    1082: (dt.date,), 1184: (dt.datetime,), 1700: (Decimal, int), 701: (float, int),
}  # fmt: skip


def _fits_binary(row: Sequence[Any], types: list[int]) -> bool:
    """Whether each value of a row is of a Python type that psycopg writes in binary for its column
    (text COPY lets the server convert, binary does not: an int for a text column would fail). The
    services give each column one type, so the first row tells."""
    for value, oid in zip(row, types, strict=True):
        if value is None:
            continue
        allowed = _BINARY_COPY_TYPES.get(oid)
        if allowed is None or not isinstance(value, allowed):
            return False
        if isinstance(value, bool) and bool not in allowed:
            return False  # True is an int to Python, not to PostgreSQL
        if isinstance(value, dt.datetime) and dt.datetime not in allowed:
            return False  # a datetime is a date to Python
    return True


def _column_types(table: str, columns: list[str]) -> list[int]:
    """The type oid of each column, from the catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(attname), atttypid::int FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [connection.ops.quote_name(table)],
        )
        types: dict[str, int] = dict(cursor.fetchall())
    return [types.get(column) or types.get(column.strip('"')) or 0 for column in columns]


def _copy(table: str, columns: list[str], json_positions: list[int], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY … FROM STDIN, an order of magnitude faster than INSERTs. In the binary format
    when every column's type allows it (the server then parses no text: a third less time for the
    people of an import, whose dates and times are costly to parse); in text otherwise (JSON,
    addresses)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    types = _column_types(table, columns)
    binary = not json_positions and _fits_binary(first, types)
    count = 0
    with connection.cursor() as wrapper, connection.wrap_database_errors:
        raw = wrapper.cursor  # the psycopg cursor under Django's wrapper
        sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
        with raw.copy(sql + " (FORMAT BINARY)" if binary else sql) as copy:
            if binary:
                copy.set_types(types)
            for row in rows:
                if json_positions:
                    row = list(row)
                    for position in json_positions:
                        row[position] = json.dumps(row[position], ensure_ascii=False, default=_json_default)
                copy.write_row(row)
                count += 1
    return count


def update_many(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """UPDATE the rows of the model's table given as (primary key, value of each of `fields`, in their
    order): the same result as QuerySet.bulk_update of those fields, without its CASE WHEN expression
    (Django builds and compiles an expression per row and field: 1.4 s for 335 people of 15 fields, two
    thirds of a routine import). Values go through each field's get_db_prep_save (personal data
    sealed or hashed, dates as the backend takes them); nothing else is set (no auto_now, no version).
    PostgreSQL: one statement joining the rows sent as one array a column (unnest); SQLite: one
    statement a row by primary key (executemany), which SQLite runs as fast. The number of rows sent."""
    meta = model._meta
    resolved = [meta.get_field(name) for name in fields]
    columns = [str(f.column) for f in resolved]  # type: ignore[union-attr]
    prepared = [
        (pk, *(f.get_db_prep_save(v, connection) for f, v in zip(resolved, values, strict=True)))  # type: ignore[union-attr]
        for pk, *values in rows
    ]
    if not prepared:
        return 0
    table, pk_column = connection.ops.quote_name(meta.db_table), str(meta.pk.column)  # type: ignore[union-attr]
    quoted = [connection.ops.quote_name(c) for c in columns]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            types = dict(cursor.fetchall())
            names = [pk_column, *columns]
            arrays = ", ".join(f"%s::{types[c]}[]" for c in names)
            assigned = ", ".join(f"{q} = v.{q}" for q in quoted)
            key = connection.ops.quote_name(pk_column)
            cursor.execute(
                f"UPDATE {table} SET {assigned} FROM unnest({arrays}) AS v"
                f"({', '.join(connection.ops.quote_name(c) for c in names)}) WHERE {table}.{key} = v.{key}",
                [list(column) for column in zip(*prepared, strict=True)],
            )
        else:
            assigned = ", ".join(f"{q} = ?" for q in quoted)
            connection.connection.executemany(
                f"UPDATE {table} SET {assigned} WHERE {connection.ops.quote_name(pk_column)} = ?",
                [(*values, pk) for pk, *values in prepared],
            )
    return len(prepared)


_SEPARATOR = "\x1f"  # the ASCII unit separator (a value holding it goes in an array instead)
IN_CHUNK = 5000  # values in one IN (...) list: well under SQLite's and PostgreSQL's limits


def select_in(sql: str, values: Iterable[Any], chunk: int = IN_CHUNK) -> list[tuple[Any, ...]]:
    """The rows of `sql` for these values, where `sql` holds `IN ({in})`: look-ups of tens of
    thousands of keys without a model instance per row or Django's per-value lookup processing.
    SQLite: the values' placeholders, a chunk at a time (rows are ordered within a chunk only).
    PostgreSQL: a semi-join to the values sent as one array ("= ANY(array)" tests each row against
    the whole array: 4 s for 50,000 keys against rows just written, before statistics). The driver
    binds the values; dates and booleans come back converted."""
    wanted = list(values)
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if wanted:
                numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in wanted)
                # (string_to_array gives no element for an empty text: "" goes in an array too)
                texts = numbers or all(isinstance(v, str) and v and _SEPARATOR not in v for v in wanted)
                if texts:
                    # One text split by the server: adapting a Python list of 50,000 values to an
                    # array parameter cost the client 0.1 s.
                    kind = "::bigint[]" if numbers else ""
                    parameter: Any = _SEPARATOR.join(map(str, wanted))
                    keys = f"unnest(string_to_array(%s, chr({ord(_SEPARATOR)})){kind})"
                else:
                    parameter, keys = wanted, "unnest(%s::text[])"
                cursor.execute(sql.replace("IN ({in})", f"IN (SELECT {keys})"), [parameter])
                rows.extend(cursor.fetchall())
            return rows
        for start in range(0, len(wanted), chunk):
            part = wanted[start : start + chunk]
            cursor.execute(sql.replace("{in}", ", ".join(["%s"] * len(part))), part)
            rows.extend(cursor.fetchall())
    return rows


def select_in_keys(
    sql: str, keys: Iterable[Sequence[Any]], types: Sequence[str], chunk: int = IN_CHUNK
) -> list[tuple[Any, ...]]:
    """The rows of `sql` whose columns equal one of the keys (tuples), where `sql` holds
    `(column, column, …) IN ({in})`: a look-up by a composite key that one index answers (a name with
    its birth date), where looking up the first column alone would read every row sharing it (a
    common name is thousands of people in a national registry). `types` are the columns' PostgreSQL
    types. PostgreSQL: a semi-join to the keys sent as one array a column (unnest); SQLite: row values,
    a chunk of keys at a time."""
    wanted = list(dict.fromkeys(tuple(key) for key in keys))
    rows: list[tuple[Any, ...]] = []
    if not wanted:
        return rows
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{kind}[]" for kind in types)
            cursor.execute(
                sql.replace("IN ({in})", f"IN (SELECT * FROM unnest({arrays}))"),
                [list(column) for column in zip(*wanted, strict=True)],
            )
            return list(cursor.fetchall())
        one = f"({', '.join(['%s'] * len(types))})"
        per_statement = max(1, chunk // len(types))
        for start in range(0, len(wanted), per_statement):
            part = wanted[start : start + per_statement]
            cursor.execute(
                sql.replace("{in}", "VALUES " + ", ".join([one] * len(part))),
                list(itertools.chain.from_iterable(part)),
            )
            rows.extend(cursor.fetchall())
    return rows


def run_deferred_checks() -> None:
    """Run now the checks the transaction deferred to its commit, then defer again. PostgreSQL
    checks a deferred foreign key at commit, one query per row written (a third of the cost of a
    large import): a benchmark that rolls back must run them to measure what a commit costs.
    SQLite looks the parent up as each row is written, and only counts at commit. (Every deferrable
    constraint of this project is a foreign key Django made INITIALLY DEFERRED, so deferring all
    again restores what was.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# A load adds at least this many rows, and at least as many as the table holds, before its table's
# indexes (and on PostgreSQL its foreign keys) are set aside and built after it (large_load).
LARGE_LOAD_MIN_ROWS = 10_000


def _plain_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that no constraint needs: not the primary key, not
    backing a constraint, and on SQLite not unique (PostgreSQL builds a unique index again in one
    sorted pass, checking every row then; SQLite's unique columns are part of the table). Read from the
    database's catalogue, so that rebuilding gives back exactly what the migrations made."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                ORDER BY c.relname
                """,
                [connection.ops.quote_name(table)],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
                [table],
            )
        return list(cursor.fetchall())


def _owns(table: str) -> bool:
    """PostgreSQL: whether the connection's role may alter the table (owns it, or is a member of the
    role that does). In production the application's role owns nothing and loads the ordinary way."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = %s::regclass",
            [connection.ops.quote_name(table)],
        )
        row = cursor.fetchone()
        return bool(row and row[0])


def _foreign_keys(table: str) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the table's own foreign keys and unique constraints (a
    unique constraint added back builds its index in one pass and checks every row then)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
            [connection.ops.quote_name(table)],
        )
        return list(cursor.fetchall())


def table_size_bound(model: type[models.Model]) -> int:
    """At least the number of rows of the model's table, cheaply: its largest key (an index look-up,
    where COUNT(*) reads the whole table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return int(cursor.fetchone()[0])


# How long a large load waits for the locks it needs (PostgreSQL) before loading the ordinary way.
LOCK_WAIT = "500ms"


@contextmanager
def large_load(model: type[models.Model], adding: int) -> Iterator[None]:
    """Around a bulk insert of `adding` rows into the model's table, inside the caller's
    transaction. When that is at least LARGE_LOAD_MIN_ROWS and at least as many rows as the table
    holds (a first load, the merger of a large agency), the table's plain indexes are dropped before
    and built again after, and on PostgreSQL its foreign keys are dropped before and added again
    after — the way a database restore loads data. Building an index once over sorted keys costs a
    fraction of inserting 50,000 keys one by one; adding a foreign key back checks every row in one
    join, where the constraint in place runs one query per row at commit (PostgreSQL).

    Nothing is lost: the definitions are read from the database's catalogue and restored exactly; a
    row with a bad reference fails the re-added key and the import with it. Unique indexes and
    constraints are set aside too on PostgreSQL and checked once, when they are built again (a
    duplicate fails the import then; the table is locked meanwhile, so no other writer can add one);
    on SQLite they stay in place and check rows as they come. Both databases roll DDL back, and an
    error inside the block marks the transaction for rollback even if the caller catches it.

    The cost, on PostgreSQL: until the transaction ends, the table and the tables its foreign keys
    point to (for people, the organisation's units) are locked, reads included — about a second
    for 50,000 people. The load waits at most LOCK_WAIT for those locks (a long report reading the
    units, say), and otherwise loads the ordinary way. SQLite has one writer anyway and readers keep
    reading in WAL (decisions/0006). Below the threshold nothing changes (decisions/0007)."""
    table = model._meta.db_table
    if adding < LARGE_LOAD_MIN_ROWS or adding < table_size_bound(model):
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("large_load must run inside a transaction (transaction.atomic).")
    set_aside = _set_aside(table)
    if set_aside is None:
        yield
        return
    indexes, keys = set_aside
    try:
        yield
    except BaseException:
        transaction.set_rollback(True)  # the dropped indexes and keys go back with everything else
        raise
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            run_deferred_checks()  # PostgreSQL builds no index on a table with checks pending
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


def _set_aside(table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """Drop the table's plain indexes (and on PostgreSQL its foreign keys); their definitions, or
    None when PostgreSQL could not lock what that needs within LOCK_WAIT (then nothing is dropped)."""
    indexes = _plain_indexes(table)
    quoted = connection.ops.quote_name(table)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return indexes, []
    if not _owns(table):  # the application's role in production (docs/operations.md): no DDL
        logger.info("large load into %s the ordinary way: the connection's role does not own it", table)
        return None
    keys = _foreign_keys(table)
    run_deferred_checks()  # PostgreSQL alters no table with checks pending on it
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: a lock not had
            cursor.execute("SHOW lock_timeout")  # in time leaves the transaction usable
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
            for name, _definition in keys:
                cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
            logger.warning(
                "large load into %s the ordinary way: its locks were not free within %s", table, LOCK_WAIT
            )
            return None
        raise
    return indexes, keys
