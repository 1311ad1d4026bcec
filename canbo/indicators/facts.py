"""The indicator facts, kept in memory and in step with the registry (issue 17.1, decisions/0015).

Every assignment ever recorded, with the attributes of its holder the indicators read (sex, birth
date, staff category, ethnic-minority flag, degree abroad) and its post's level, plus every language
level with the day it counts from: read once per process from the database, then brought up to date
before each read from the registry's change log (indicators.models.RegistryChange, written by
database triggers on every write path — the ORM, the bulk loads, a hand-typed SQL statement). Only the
people named in the log since the last read are read again; "everything" (a post's level changed, a
table emptied, a statement of more than 10,000 rows) or a log that went backwards reads everything.

A write committed through any application server is seen by the next read on every other one: each
read first asks the log what changed. On PostgreSQL a line is new when its transaction was not yet
visible in the snapshot of the last read (pg_visible_in_snapshot: a transaction that commits after a
later one is never skipped); on SQLite, where writers take turns, when its id is past the last read.

The facts are used only outside a transaction (`connection.in_atomic_block` false): inside one, a read
could see the transaction's own writes, which a rollback would take back; such reads (and every read
when CANBO_INDICATOR_FACTS is false) go to the database as before (indicators.selectors).

The rows are kept in a base sorted by unit with an index of each unit's slice, plus a small delta of
re-read rows and the set of people they replace: a drill-down into one agency reads its units' slices
only, whatever the size of the registry; the delta is folded into the base when it grows."""

import datetime as dt
import itertools
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from canbo.indicators.models import RegistryChange
from canbo.people.models import Assignment, LanguageSkill, Person, Post

# The facts of one assignment, as kept (ids as 32-bit integers, codes as categoricals: a third of the
# memory of the selectors' frame).
_READ_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int32,
        "unit_id": pl.Int32,
        "level": pl.String,
        "valid_from": pl.Int32,
        "valid_to": pl.Int32,
        "sex": pl.String,
        "birth_date": pl.Int32,
        "staff_category": pl.String,
        "ethnicity": pl.String,
        "degree_abroad": pl.Int8,
    }
)
_LANGUAGE_SCHEMA = pl.Schema({"person_id": pl.Int32, "level": pl.Int8, "certified_on": pl.Int32})
# More changed people than this since the last read: read everything again (cheaper than a long IN).
PATCH_LIMIT = 50_000
# The delta is folded into the base past this share of the base's rows.
FOLD_SHARE = 0.05
# The log is cut back past this many lines (the oldest go; a reader older than the cut reads all).
LOG_KEEP = 200_000


def enabled() -> bool:
    """Whether reads may use the facts now: the setting on (default) and no transaction open. The
    setting "always" (tests only: a test runs inside a transaction rolled back at its end, and forgets
    the facts after) uses them inside a transaction too."""
    value = getattr(settings, "CANBO_INDICATOR_FACTS", True)
    return value == "always" or (bool(value) and not connection.in_atomic_block)


@dataclass(frozen=True)
class Facts:
    base: pl.DataFrame  # sorted by unit_id
    slices: dict[int, tuple[int, int]]  # unit_id -> (offset, length) in base
    delta: pl.DataFrame  # rows re-read since the base was built
    replaced: frozenset[int]  # people whose base rows the delta replaces
    languages: pl.DataFrame
    snapshot: str | None  # PostgreSQL: the snapshot of the last read (pg_current_snapshot())
    last_id: int  # the log's highest id at the last read
    database: str = ""  # the connection's database: a test database replaced by another reads again
    # Changes with every read that found something (a person, the organisation, a target: the log's
    # "person 0"); what is computed from the facts may be kept until it changes (selectors.memoised).
    generation: int = 0

    @property
    def rows(self) -> int:
        return self.base.height + self.delta.height


_lock = threading.Lock()
_facts: Facts | None = None
_generations = itertools.count(1)
# How often each kind of refresh happened in this process (tests and `canbo bench` read it).
counters = {"full": 0, "patch": 0, "unchanged": 0, "from_disk": 0}


def _quoted(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _days(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _read(sql: str, params: list[Any], schema: pl.Schema) -> pl.DataFrame:
    """The rows of sql: on PostgreSQL as one CSV text built by the server (no Python object per row),
    on SQLite as tuples turned into columns."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # NULL as an empty field (concat_ws would drop it and shift the columns)
            names = ", ".join(schema.names())
            columns = ", ".join(f"COALESCE({name}::text, '')" for name in schema.names())
            cursor.execute(
                f"SELECT string_agg(concat_ws(',', {columns}), E'\\n') FROM ({sql}) q({names})", params
            )
            text = cursor.fetchone()[0]
            if not text:
                return pl.DataFrame(schema=schema)
            return pl.read_csv(text.encode(), has_header=False, schema=schema)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(
        [
            pl.Series(name, values, dtype)
            for (name, dtype), values in zip(schema.items(), zip(*rows, strict=True), strict=True)
        ]
    )


def _assignments_sql(where: str) -> str:
    return f"""
        SELECT a.person_id, a.unit_id, COALESCE(po.level, 'none'), {_days("a.valid_from")},
               {_days("a.valid_to")}, p.sex, {_days("p.birth_date")}, p.staff_category, p.ethnicity,
               CASE WHEN p.degree_abroad THEN 1 ELSE 0 END
        FROM {_quoted(Assignment)} a
            JOIN {_quoted(Person)} p ON p.id = a.person_id
            LEFT JOIN {_quoted(Post)} po ON po.id = a.post_id
        {where}
    """


def _languages_sql(where: str) -> str:
    return (
        f"SELECT l.person_id, l.level, {_days('l.certified_on')} FROM {_quoted(LanguageSkill)} l "
        f"WHERE l.level IS NOT NULL {where}"
    )


def _minority_hashes() -> list[str]:
    from canbo.indicators.selectors import _minority_hashes

    return _minority_hashes()


def _kept(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows as read, as kept: dates as dates, codes as categoricals, the ethnic-minority flag."""
    return rows.select(
        "person_id",
        "unit_id",
        pl.col("level").cast(pl.Categorical),
        pl.col("valid_from", "valid_to", "birth_date").cast(pl.Date),
        pl.col("sex").cast(pl.Categorical),
        pl.col("staff_category").cast(pl.Categorical),
        pl.col("ethnicity").is_in(_minority_hashes()).alias("ethnic_minority"),
        pl.col("degree_abroad").cast(pl.Boolean),
    )


def _languages(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.with_columns(pl.col("certified_on").cast(pl.Date))


def _indexed(rows: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, tuple[int, int]]]:
    """The rows sorted by unit, and each unit's slice."""
    base = rows.sort("unit_id")
    counts = base.group_by("unit_id", maintain_order=True).len()
    slices: dict[int, tuple[int, int]] = {}
    offset = 0
    for unit_id, length in counts.iter_rows():
        slices[unit_id] = (offset, length)
        offset += length
    return base, slices


def _log_position() -> tuple[str | None, int]:
    """(snapshot, last id): where the log stands now. snapshot: PostgreSQL's snapshot of this
    statement (what had committed); last id: the log's highest id (0 when empty)."""
    table = _quoted(RegistryChange)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_current_snapshot()::text, (SELECT COALESCE(MAX(id), 0) FROM {table})")
            snapshot, last = cursor.fetchone()
            return str(snapshot), int(last)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return None, int(cursor.fetchone()[0])


def _since(facts: Facts) -> tuple[str, list[Any]]:
    """WHERE clause (on the log `c`) of the lines written since the facts were read: on PostgreSQL, by
    a transaction not visible in the last read's snapshot (none older than its xmin is: the index)."""
    if connection.vendor == "postgresql" and facts.snapshot is not None:
        xmin = int(facts.snapshot.split(":")[0])
        return (
            "c.xid >= %s AND NOT pg_visible_in_snapshot(c.xid::text::xid8, %s::pg_snapshot)",
            [xmin, facts.snapshot],
        )
    return "c.id > %s", [facts.last_id]


# People read per query in a full load: the text of one part stays small (≈ 15 MB), the peak memory
# near the facts' own size.
LOAD_PART = 250_000


def _parts() -> list[tuple[int, int]]:
    """[low, high) ranges of person ids covering the registry, LOAD_PART ids each."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {_quoted(Person)}")
        low, high = cursor.fetchone()
    if low is None:
        return [(0, 1)]
    return [(start, start + LOAD_PART) for start in range(low, high + 1, LOAD_PART)]


def _jit_off() -> None:
    """PostgreSQL: no JIT compiler for the rest of the transaction (the estimated cost of a million
    rows switches it on, which only adds 0.1–0.3 s to these plain scans)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _full_load() -> Facts:
    with transaction.atomic():
        _jit_off()
        facts = _read_everything()
    _save(facts)
    return facts


def _read_everything() -> Facts:
    snapshot, last = _log_position()  # before the rows: a change after this is read next time
    parts, languages = [], []
    for low, high in _parts():  # each part's text turned into compact columns before the next is read
        parts.append(
            _kept(
                _read(
                    _assignments_sql("WHERE a.person_id >= %s AND a.person_id < %s"),
                    [low, high],
                    _READ_SCHEMA,
                )
            )
        )
        languages.append(
            _languages(
                _read(
                    _languages_sql("AND l.person_id >= %s AND l.person_id < %s"),
                    [low, high],
                    _LANGUAGE_SCHEMA,
                )
            )
        )
    base, slices = _indexed(pl.concat(parts))
    del parts
    counters["full"] += 1
    return Facts(
        base=base,
        slices=slices,
        delta=base.clear(),
        replaced=frozenset(),
        languages=pl.concat(languages),
        snapshot=snapshot,
        last_id=last,
        database=str(connection.settings_dict.get("NAME")),
        generation=next(_generations),
    )


def _prune() -> None:
    """Cut the log back to its LOG_KEEP newest lines. Every reader that read before the cut reads
    everything once: on PostgreSQL the cut writes an "everything" line of its own transaction (new to
    every snapshot taken before it); on SQLite the log's oldest line is then past what it read."""
    table = _quoted(RegistryChange)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")
        last = cursor.fetchone()[0] or 0
        cut = last - LOG_KEEP
        if cut <= 0:
            return
        cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [cut])
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (person_id, xid) VALUES (NULL, pg_current_xact_id()::text::bigint)"
            )


# --- the facts saved on disk, shared by the processes of a machine (PostgreSQL) --------------------


def _store() -> Path | None:
    """Where the facts are saved for the other processes of this machine (CANBO_INDICATOR_FACTS_DIR,
    default <CANBO_VAR_DIR>/facts; "" for nowhere). PostgreSQL only: SQLite's registry loads in a
    second, and its database has no identity to check the file against."""
    if connection.vendor != "postgresql":
        return None
    value = getattr(settings, "CANBO_INDICATOR_FACTS_DIR", None)
    if value == "":
        return None
    return Path(value) if value else Path(settings.VAR_DIR) / "facts"


def _identity() -> str:
    """This database, not another of the same name: the cluster's identifier and the database's oid."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT system_identifier FROM pg_control_system())::text || '-' || "
            "(SELECT oid FROM pg_database WHERE datname = current_database())::text"
        )
        return str(cursor.fetchone()[0])


def _save(facts: Facts) -> None:
    """Write the facts (base folded, no delta) for the machine's other processes: Arrow IPC files and
    where the log stood, replaced at once (a reader sees the old set or the new)."""
    store = _store()
    if store is None or facts.delta.height or facts.snapshot is None:
        return
    try:
        store.mkdir(parents=True, exist_ok=True)
        identity = _identity()
        folder = Path(tempfile.mkdtemp(dir=store, prefix=".saving-"))
        facts.base.write_ipc(folder / "base.arrow")
        facts.languages.write_ipc(folder / "languages.arrow")
        meta = {"identity": identity, "snapshot": facts.snapshot, "last_id": facts.last_id,
                "slices": [[u, o, n] for u, (o, n) in facts.slices.items()]}  # fmt: skip
        (folder / "meta.json").write_text(json.dumps(meta))
        target = store / identity
        old = store / f".old-{os.getpid()}-{time.monotonic_ns()}"
        if target.exists():
            target.rename(old)
        folder.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except (OSError, DatabaseError):  # a full disk, a read-only folder: each process loads its own
        return


def _saved() -> Facts | None:
    """The facts another process saved for this database, or None."""
    store = _store()
    if store is None:
        return None
    try:
        folder = store / _identity()
        meta = json.loads((folder / "meta.json").read_text())
        base = pl.read_ipc(folder / "base.arrow")
        languages = pl.read_ipc(folder / "languages.arrow")
    except (OSError, ValueError, DatabaseError, pl.exceptions.PolarsError):
        return None
    counters["from_disk"] += 1
    return Facts(
        base=base,
        slices={int(u): (int(o), int(n)) for u, o, n in meta["slices"]},
        delta=base.clear(),
        replaced=frozenset(),
        languages=languages,
        snapshot=str(meta["snapshot"]),
        last_id=int(meta["last_id"]),
        database=str(connection.settings_dict.get("NAME")),
        generation=next(_generations),
    )


def _refresh(facts: Facts | None) -> Facts:
    """The facts brought up to date; then the log cut back when it has grown past twice LOG_KEEP (after
    the read: the lines read are needed until then)."""
    if facts is None or facts.database != str(connection.settings_dict.get("NAME")):
        facts = _saved()
    if facts is None:
        return _full_load()
    snapshot, last, oldest, people, everything = _log_state(facts)
    if last < facts.last_id:  # the log went back (emptied, restored): nothing can be trusted
        result = _full_load()
    elif connection.vendor == "sqlite" and oldest is not None and oldest > facts.last_id + 1:
        result = _full_load()  # lines this reader had not read were cut from the log
    elif everything or people > PATCH_LIMIT:
        result = _full_load()
    elif not people:
        counters["unchanged"] += 1
        result = replace(facts, snapshot=snapshot or facts.snapshot, last_id=last)
    else:
        result = _patched(facts, snapshot, last)
    if oldest is not None and last - oldest > LOG_KEEP * 2:
        _prune()
    return result


def _log_state(facts: Facts) -> tuple[str | None, int, int | None, int, int]:
    """(snapshot, last id, oldest id, people changed, "everything" lines) of the log since the facts
    were read, in one statement (one snapshot on PostgreSQL)."""
    where, params = _since(facts)
    table = _quoted(RegistryChange)
    snapshot = "pg_current_snapshot()::text" if connection.vendor == "postgresql" else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {snapshot}, (SELECT COALESCE(MAX(id), 0) FROM {table}), (SELECT MIN(id) FROM {table}), "
            f"(SELECT COUNT(DISTINCT c.person_id) FROM {table} c WHERE {where}), "
            f"(SELECT COUNT(*) - COUNT(c.person_id) FROM {table} c WHERE {where})",
            params + params,
        )
        current, last, oldest, people, everything = cursor.fetchone()
    return current, int(last), oldest, int(people), int(everything)


def _in(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """SQL `column` among ids, as one parameter (an array on PostgreSQL, JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [ids]
    import json

    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def _patched(facts: Facts, snapshot: str | None, last: int) -> Facts:
    """The facts with the people named in the log since they were read read again. The people are
    read first, then their rows by their ids (a commit in between is read next time, not half now)."""
    where, params = _since(facts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT c.person_id FROM {_quoted(RegistryChange)} c WHERE {where}", params)
        ids = [row[0] for row in cursor.fetchall() if row[0] is not None]
    among, among_params = _in("a.person_id", ids)
    rows = _kept(_read(_assignments_sql(f"WHERE {among}"), among_params, _READ_SCHEMA))
    among, among_params = _in("l.person_id", ids)
    languages = _languages(_read(_languages_sql(f"AND {among}"), among_params, _LANGUAGE_SCHEMA))
    changed = pl.Series(ids, dtype=pl.Int32).implode()
    delta = pl.concat([facts.delta.filter(~pl.col("person_id").is_in(changed)), rows])
    counters["patch"] += 1
    result = replace(
        facts,
        delta=delta,
        replaced=facts.replaced | frozenset(ids),
        languages=pl.concat([facts.languages.filter(~pl.col("person_id").is_in(changed)), languages]),
        snapshot=snapshot or facts.snapshot,
        last_id=last,
        generation=next(_generations),
    )
    if delta.height > FOLD_SHARE * max(facts.base.height, 1):
        result = _folded(result)
        _save(result)
    return result


def _folded(facts: Facts) -> Facts:
    """The delta folded into the base (the base's rows of the replaced people dropped)."""
    keep = facts.base.filter(
        ~pl.col("person_id").is_in(pl.Series(list(facts.replaced), dtype=pl.Int32).implode())
    )
    base, slices = _indexed(pl.concat([keep, facts.delta]))
    return replace(facts, base=base, slices=slices, delta=base.clear(), replaced=frozenset())


def current() -> Facts:
    """The facts, brought up to date with the log (reads the database: call outside a transaction)."""
    global _facts
    with _lock:
        _facts = _refresh(_facts)
        return _facts


def forget() -> None:
    """Drop the facts held by this process (the next read loads them again)."""
    global _facts
    with _lock:
        _facts = None


def rows_on(*, as_of: dt.date, unit_ids: Collection[int], few: bool = False) -> pl.DataFrame:
    """One row per assignment in force on as_of in unit_ids, in the columns of
    selectors._assignments_on (person and unit, the post's level, appointed_on, sex, birth date, staff
    category, ethnic-minority flag, degree abroad, best language level counting on as_of). `few`: read
    the units' slices of the index instead of scanning every row (the drill-down of one agency)."""
    facts = current()
    wanted = sorted({int(u) for u in unit_ids})
    units = pl.Series("unit_id", wanted, dtype=pl.Int32).implode()
    if few:
        parts = [facts.base.slice(*facts.slices[u]) for u in wanted if u in facts.slices]
        rows = (pl.concat(parts) if parts else facts.base.clear()).lazy()
    else:
        rows = facts.base.lazy().filter(pl.col("unit_id").is_in(units))
    if facts.replaced:
        rows = rows.filter(
            ~pl.col("person_id").is_in(pl.Series(list(facts.replaced), dtype=pl.Int32).implode())
        )
    if facts.delta.height:
        rows = pl.concat([rows, facts.delta.lazy().filter(pl.col("unit_id").is_in(units))])
    day = pl.lit(as_of, pl.Date)
    rows = rows.filter(
        (pl.col("valid_from") <= day) & (pl.col("valid_to").is_null() | (pl.col("valid_to") > day))
    )
    languages = facts.languages.lazy()
    if few:
        languages = languages.join(rows.select("person_id").unique(), on="person_id", how="semi")
    best = (
        languages.filter(pl.col("certified_on").is_null() | (pl.col("certified_on") <= day))
        .group_by("person_id")
        .agg(pl.col("level").max().cast(pl.Int64).alias("language_level"))
    )
    return (
        rows.join(best, on="person_id", how="left")
        .select(
            pl.col("person_id").cast(pl.Int64),
            pl.col("unit_id").cast(pl.Int64),
            pl.col("level").cast(pl.String),
            pl.col("valid_from").alias("appointed_on"),
            pl.col("sex").cast(pl.String),
            "birth_date",
            pl.col("staff_category").cast(pl.String),
            "degree_abroad",
            pl.col("language_level").fill_null(0),
            "ethnic_minority",
        )
        .collect()
    )
