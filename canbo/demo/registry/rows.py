"""The demo's rows on their way to the database: kept per model, written in batches through
core.bulk.insert_many (plain INSERTs on SQLite, COPY on PostgreSQL; personal data sealed and hashed
there, docs/decisions/0005 and 0008)."""

import datetime as dt
import queue
import threading
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from canbo.core.bulk import insert_many
from canbo.core.crypto import keyed_hash_cached, keyed_hasher, seal_many
from canbo.core.fields import EncryptedDateField, EncryptedTextField, KeyedCodeField, KeyedHashField


class Rows:
    """One model's rows waiting to be written, each a tuple in the order of `fields` (model attribute
    names; values as the database driver takes them, personal data in the clear). A field not named
    is left to its database default or NULL."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.model = model
        self.fields = tuple(fields)
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0  # rows written so far

    def write(self) -> None:
        """Write the rows waiting, now."""
        self.count += self.flush(self.take())

    def take(self) -> list[tuple[Any, ...]]:
        """The rows waiting, which are no longer waiting (for Writer)."""
        rows, self.rows = self.rows, []
        return rows

    def flush(self, rows: list[tuple[Any, ...]]) -> int:
        """Write these rows; how many."""
        return insert_many(self.model, self.fields, rows) if rows else 0


class SealedRows(Rows):
    """Rows whose personal data is sealed and hashed here, a column of a batch at a time, rather than
    value by value through each field (core.bulk._protected: two fifths of the time of writing the
    demo's people): the same columns as the fields would write — encrypted text and dates sealed
    (core.crypto.seal_many, the column as context), catalogue codes as their keyed hash (one per
    code), and the keyed hash of a hashed field's source added (core.fields)."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        super().__init__(model, fields)
        meta = model._meta
        table = meta.db_table
        self.sealed: list[tuple[int, str, bool]] = []  # position, context, a date
        self.codes: list[tuple[int, str]] = []  # position, purpose
        hashed: list[tuple[int, str]] = []
        for position, name in enumerate(self.fields):
            field = meta.get_field(name)
            if isinstance(field, EncryptedTextField):
                self.sealed.append(
                    (position, f"{table}.{field.column}", isinstance(field, EncryptedDateField))
                )
            elif isinstance(field, KeyedCodeField):
                self.codes.append((position, field.purpose))
        for field in meta.concrete_fields:
            if isinstance(field, KeyedHashField) and field.source in self.fields:
                if field.name in self.fields:
                    raise ValueError(f"{field.name} is worked out from {field.source}, not given.")
                hashed.append((self.fields.index(field.source), field.purpose))
                self.fields += (field.name,)
        self.hashed = hashed

    def flush(self, rows: list[tuple[Any, ...]]) -> int:
        if not rows:
            return 0
        columns = [list(column) for column in zip(*rows, strict=True)]
        hashes = []  # of the values in the clear, before they are sealed
        for position, purpose in self.hashed:
            hash_of = keyed_hasher(purpose)
            hashes.append([None if v in (None, "") else hash_of(str(v)) for v in columns[position]])
        for position, context, is_date in self.sealed:
            values = columns[position]
            given = [i for i, value in enumerate(values) if value not in (None, "")]
            texts = [values[i].isoformat() if is_date else str(values[i]) for i in given]
            for i, sealed in zip(given, seal_many(texts, context=context), strict=True):
                values[i] = sealed
        for position, purpose in self.codes:
            columns[position] = [
                value if value in (None, "") else keyed_hash_cached(value, purpose=purpose)
                for value in columns[position]
            ]
        return insert_many(self.model, self.fields, list(zip(*columns, *hashes, strict=True)), prepared=True)


class Writer:
    """Writes the rows the generator has drawn, batch after batch in the order given. On PostgreSQL on a
    thread of its own, so that the server stores a batch (COPY) while the generator draws the next: the
    generator's thread does not use the connection until the writer is done (leaving the block), the
    writer uses the generator's connection and so its transaction (Django's thread sharing), one
    batch waits at most. An error of the writer is raised in the generator's thread, at the next batch
    or on leaving. On SQLite the batch is written at once: there the writing is the process's own work."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.batches: queue.Queue[list[tuple[Rows, list[tuple[Any, ...]]]] | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.shared: Any = None

    def __enter__(self) -> "Writer":
        if connection.vendor == "postgresql":
            self.shared = connections[DEFAULT_DB_ALIAS]
            self.shared.inc_thread_sharing()
            self.thread = threading.Thread(target=self._run, name="demo-registry-writer", daemon=True)
            self.thread.start()
        return self

    def submit(self, tables: Sequence[Rows]) -> None:
        """Write the rows each table has waiting (they are taken now)."""
        batch = [(rows, rows.take()) for rows in tables]
        if self.thread is None:
            for rows, taken in batch:
                rows.count += rows.flush(taken)
            return
        if self.error is not None:
            raise self.error
        self.batches.put(batch)

    def _run(self) -> None:
        connections[DEFAULT_DB_ALIAS] = self.shared  # this thread's `connection`: the generator's
        try:
            while (batch := self.batches.get()) is not None:
                if self.error is None:  # after an error, the batches are only taken (nobody waits)
                    try:
                        for rows, taken in batch:
                            rows.count += rows.flush(taken)
                    except BaseException as error:  # raised in the generator's thread
                        self.error = error
        finally:
            del connections[DEFAULT_DB_ALIAS]

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        if self.thread is not None:
            self.batches.put(None)
            self.thread.join()
            self.shared.dec_thread_sharing()
        if self.error is not None and kind is None:
            raise self.error


class Dates(dict[int, Any]):
    """Day number (date.toordinal()) → the value the database takes, computed once per day."""

    def __missing__(self, ordinal: int) -> Any:
        value = self[ordinal] = connection.ops.adapt_datefield_value(dt.date.fromordinal(ordinal))
        return value
