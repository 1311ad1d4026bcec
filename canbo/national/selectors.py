"""Reads for the national export and its reports, always for a user and within their scope.

The registry is read in chunks keyed by the person's id (`WHERE id > last ORDER BY id LIMIT n`: each
chunk costs the same whatever its place), each chunk's related rows in one query per table over the
chunk's range of ids (never one query per person), and the rows are turned into Polars frames, so that
the shaping and the JSON are done column by column in native code. Memory holds one chunk at a time.

The statements are the ORM's (the scope is `Person.objects.restrict`), executed on a plain cursor: the
ORM's per-row converters would decrypt and build every value in Python one at a time; here the sealed
columns are opened by core.crypto.unseal column by column, and the catalogue hashes mapped in Polars."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet

from canbo.core.crypto import code_table, unseal
from canbo.national.groups import NO_NUMBER, personal_id_problem
from canbo.org.models import UnitVersion
from canbo.people import catalogues
from canbo.people.choices import (
    AssignmentReason,
    DisciplineForm,
    EvaluationLevel,
    Sex,
    StaffCategory,
    TrainingKind,
)
from canbo.people.models import (
    Assignment,
    Discipline,
    Evaluation,
    LanguageSkill,
    Person,
    PlanningMembership,
    Post,
    Training,
)
from canbo.positions.models import PositionHolding

CHUNK = 5_000

PERSON_FIELDS: dict[str, Any] = {
    "id": pl.Int64,
    "full_name": pl.String,
    "other_names": pl.String,
    "birth_date": pl.Date,
    "birth_year_only": pl.Boolean,
    "sex": pl.String,
    "ethnicity": pl.String,
    "religion": pl.String,
    "hometown": pl.String,
    "cccd": pl.String,
    "unit_id": pl.Int64,
    "staff_category": pl.String,
    "rank_code": pl.String,
    "rank_name": pl.String,
    "salary_step": pl.Int64,
    "salary_coefficient": pl.Float64,
    "general_education": pl.String,
    "qualification": pl.String,
    "qualification_field": pl.String,
    "political_theory": pl.String,
    "state_management": pl.String,
    "it_level": pl.String,
    "degree_abroad": pl.Boolean,
    "party_joined": pl.String,  # sealed; opened, then read as a date
    "party_full": pl.String,
    "recruited_on": pl.Date,
}
SEALED = ("cccd", "party_joined", "party_full")

RELATED: dict[str, tuple[Any, dict[str, Any]]] = {
    "assignments": (
        Assignment,
        {
            "person_id": pl.Int64,
            "unit_id": pl.Int64,
            "post_id": pl.Int64,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "concurrent": pl.Boolean,
            "start_reason": pl.String,
            "end_reason": pl.String,
            "decision_number": pl.String,
            "decision_date": pl.Date,
            "decision_issuer": pl.String,
            "id": pl.Int64,
        },
    ),
    "planning": (
        PlanningMembership,
        {
            "person_id": pl.Int64,
            "post_id": pl.Int64,
            "unit_id": pl.Int64,
            "term_from": pl.Int64,
            "term_to": pl.Int64,
            "decision_number": pl.String,
            "decision_date": pl.Date,
            "removed_on": pl.Date,
            "id": pl.Int64,
        },
    ),
    "languages": (
        LanguageSkill,
        {
            "person_id": pl.Int64,
            "language": pl.String,
            "level": pl.Int64,
            "certified_on": pl.Date,
            "id": pl.Int64,
        },
    ),
    "trainings": (
        Training,
        {
            "person_id": pl.Int64,
            "kind": pl.String,
            "level": pl.String,
            "institution": pl.String,
            "started_on": pl.Date,
            "finished_on": pl.Date,
            "abroad": pl.Boolean,
            "id": pl.Int64,
        },
    ),
    "evaluations": (
        Evaluation,
        {"person_id": pl.Int64, "year": pl.Int64, "level": pl.String, "id": pl.Int64},
    ),
    "disciplines": (
        Discipline,
        {
            "person_id": pl.Int64,
            "decided_on": pl.Date,
            "form": pl.String,
            "decision_number": pl.String,
            "id": pl.Int64,
        },
    ),
}
# What of each related table is on record on the export's date (a history is cut at that date).
RELATED_ON: dict[str, Any] = {
    "assignments": lambda on: Q(valid_from__lte=on),
    "planning": lambda on: Q(decision_date__isnull=True) | Q(decision_date__lte=on),
    "languages": lambda on: Q(certified_on__isnull=True) | Q(certified_on__lte=on),
    "trainings": lambda on: Q(started_on__isnull=True) | Q(started_on__lte=on),
    "evaluations": lambda on: Q(year__lte=on.year),
    "disciplines": lambda on: Q(decided_on__lte=on),
}


@dataclass
class Labels:
    """The names the records show, read once per export: units on the date, posts, catalogues."""

    units: dict[int, str]
    posts: dict[int, str]
    codes: dict[str, dict[str, str]]


@dataclass
class Chunk:
    """One chunk of people (a frame, one row a person, CCCD opened, validity checked) and their related
    rows (a frame per table of RELATED, plus `positions`: the job position held on the date)."""

    people: pl.DataFrame
    related: dict[str, pl.DataFrame] = field(default_factory=dict)


def _rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list queryset as the database driver gives them (no per-row converters);
    none for a queryset Django knows is empty (a scope with no unit on the date: 01/01/1900)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _frame(rows: list[tuple[Any, ...]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row", strict=False)


def national_people(*, user: Any, as_of: dt.date) -> QuerySet[Person]:
    """The people whose files the user's part of the organisation keeps on the date."""
    return Person.objects.restrict(user, "view", as_of=as_of)  # type: ignore[attr-defined,no-any-return]


def national_labels(*, as_of: dt.date) -> Labels:
    """Each unit's name on the date (else its latest), the posts' names, and the catalogues' labels
    by code (ethnicity and religion by their stored keyed hash)."""
    units: dict[int, str] = {}
    for unit_id, name, valid_from in UnitVersion.objects.order_by("valid_from").values_list(
        "unit_id", "name", "valid_from"
    ):
        if valid_from <= as_of or unit_id not in units:
            units[unit_id] = name
    posts = dict(Post.objects.values_list("pk", "name"))
    by_hash = {
        name: {
            hashed: catalogue.label(code)
            for hashed, code in code_table(name, tuple(catalogue.codes())).items()
        }
        for name, catalogue in (("ethnicity", catalogues.ETHNIC_GROUPS), ("religion", catalogues.RELIGIONS))
    }
    plain = {
        "qualification": {c: catalogues.QUALIFICATIONS.label(c) for c in catalogues.QUALIFICATIONS.codes()},
        "political_theory": {
            c: catalogues.POLITICAL_THEORY.label(c) for c in catalogues.POLITICAL_THEORY.codes()
        },
        "state_management": {
            c: catalogues.STATE_MANAGEMENT.label(c) for c in catalogues.STATE_MANAGEMENT.codes()
        },
        "language": {c: catalogues.LANGUAGES.label(c) for c in catalogues.LANGUAGES.codes()},
        "sex": {str(k): str(v) for k, v in Sex.choices},
        "staff_category": {str(k): str(v) for k, v in StaffCategory.choices},
        "reason": {str(k): str(v) for k, v in AssignmentReason.choices},
        "evaluation": {str(k): str(v) for k, v in EvaluationLevel.choices},
        "discipline": {str(k): str(v) for k, v in DisciplineForm.choices},
        "training": {str(k): str(v) for k, v in TrainingKind.choices},
    }
    return Labels(units=units, posts=posts, codes=by_hash | plain)


def _open_column(values: list[Any], context: str) -> list[str | None]:
    return [unseal(v, context=context) if v else None for v in values]


def _people_frame(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    """The chunk's people, their sealed columns opened (core.crypto.unseal), each with the reason its
    CCCD cannot key a record (`problem`, null when it can)."""
    names = list(PERSON_FIELDS)
    columns: dict[str, list[Any]] = {
        name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)
    }
    for name in SEALED:  # the context a value was sealed with: its column (core.fields)
        columns[name] = _open_column(columns[name], f"{Person._meta.db_table}.{name}")
    columns["problem"] = [personal_id_problem(number) for number in columns["cccd"]]
    schema = PERSON_FIELDS | {"problem": pl.String}
    frame = pl.DataFrame(columns, schema=schema, strict=False)
    return frame.with_columns(
        pl.col("party_joined").str.to_date("%Y-%m-%d", strict=False),
        pl.col("party_full").str.to_date("%Y-%m-%d", strict=False),
    )


POSITIONS = {"person_id": pl.Int64, "code": pl.String, "name": pl.String, "id": pl.Int64}
RawChunk = tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]


def _related_querysets(first: int, last: int, as_of: dt.date) -> dict[str, QuerySet[Any]]:
    """The statements of a chunk's related rows: one per table over the chunk's range of ids."""
    found = {
        name: model.objects.filter(person_id__gte=first, person_id__lte=last)
        .filter(RELATED_ON[name](as_of))
        .order_by()
        .values_list(*schema)
        for name, (model, schema) in RELATED.items()
    }  # each schema ends with the row's id: a person's rows are ordered by it after their own order
    found["positions"] = (
        PositionHolding.objects.filter(person_id__gte=first, person_id__lte=last, valid_from__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        .order_by()
        .values_list("person_id", "position__code", "position__name", "id")
    )
    return found


def _raw_chunks(people: QuerySet[Any], as_of: dt.date, size: int, limit: int | None) -> Iterator[RawChunk]:
    """The rows of each chunk as the driver gives them: the people after the last id read, then their
    related rows. Nothing but database reads (what the reading thread does)."""
    last, done = 0, 0
    while True:
        wanted = size if limit is None else min(size, limit - done)
        if wanted <= 0:
            return
        rows = _rows(people.filter(pk__gt=last)[:wanted])
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        yield rows, {name: _rows(qs) for name, qs in _related_querysets(first, last, as_of).items()}
        done += len(rows)
        if len(rows) < wanted:
            return


T = TypeVar("T")


def _read_ahead(chunks: Iterator[T]) -> Iterator[T]:
    """The chunks made by a thread of their own, one chunk ahead: the database answers, and the thread
    turns the rows into frames (Python: the driver's values, the sealed columns opened), while the
    caller shapes and writes the chunk before (Polars, which lets go of the interpreter while it
    works): on two cores the server, the reading and the writing overlap. The thread reads on its own
    connection, in one read-only transaction — on PostgreSQL REPEATABLE READ, so that the whole export
    is one snapshot of the registry however long it runs — and closes it."""
    import queue
    import threading

    from django.db import connections, transaction

    handoff: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()
    end = object()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                for chunk in chunks:
                    if not put(chunk):
                        return
            put(end)
        except BaseException as error:  # handed to the consumer, raised there
            put(error)
        finally:
            connections.close_all()

    reader = threading.Thread(target=read, name="national-export-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = handoff.get()
            if item is end:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


def national_chunks(
    *,
    user: Any,
    as_of: dt.date,
    size: int = CHUNK,
    limit: int | None = None,
    read_ahead: bool | None = None,
) -> Iterator[Chunk]:
    """The user's people on the date, chunk by chunk (keyset paging on the id), each with the rows of
    every related table that are on record on that date; a person's related rows come with them
    whatever unit they concern (their history is theirs). `limit`: the first so many people (the
    benchmark's smaller size). `read_ahead` (default: when not inside a transaction, whose rows
    another connection could not see): the database is read by a thread of its own (_read_ahead)."""
    people = national_people(user=user, as_of=as_of).order_by("pk").values_list(*PERSON_FIELDS)
    schemas = {name: schema for name, (_model, schema) in RELATED.items()} | {"positions": POSITIONS}
    chunks = (
        Chunk(
            people=_people_frame(rows),
            related={name: _frame(found, schemas[name]) for name, found in related.items()},
        )
        for rows, related in _raw_chunks(people, as_of, size, limit)
    )
    if read_ahead is None:
        read_ahead = not connection.in_atomic_block
    yield from _read_ahead(chunks) if read_ahead else chunks


@dataclass(frozen=True)
class Counts:
    people: int  # in the user's scope on the date
    without_number: int  # no CCCD at all (a database count; a malformed one is found only when read)


def national_counts(*, user: Any, as_of: dt.date) -> Counts:
    """Both counts in one pass over the people (two counts were two scans of two million rows)."""
    found = national_people(user=user, as_of=as_of).aggregate(
        people=Count("pk"), without_number=Count("pk", filter=Q(cccd__isnull=True))
    )
    return Counts(people=found["people"], without_number=found["without_number"])


@dataclass(frozen=True)
class Excluded:
    person_id: int
    full_name: str
    unit: str
    reason: str  # a key of groups.EXCLUSION_LABELS


def national_without_number(*, user: Any, as_of: dt.date, first: int) -> list[Excluded]:
    """The first people in scope (by name) who have no CCCD at all: one query, nothing opened. A CCCD
    that is there but not 12 digits is found only when opened, by the export itself (its list of the
    people left out): the services check every number written (people.rules.check_cccd), so such a
    number can only predate those checks."""
    labels = national_labels(as_of=as_of)
    rows = (
        national_people(user=user, as_of=as_of)
        .filter(cccd__isnull=True)
        .order_by("sort_key", "pk")
        .values_list("pk", "full_name", "unit_id")[:first]
    )
    return [Excluded(pk, name, labels.units.get(unit_id, ""), NO_NUMBER) for pk, name, unit_id in rows]
