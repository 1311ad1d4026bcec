"""Work that must not run twice at once, whatever the number of application servers.

An import matches its rows against what the registry holds, then writes: two imports of the same file
running side by side would both find nobody and both create everyone. `serialize(name)` makes the
second wait, inside its transaction, until the first has committed, so that it matches against the
first's rows. PostgreSQL: a transaction-level advisory lock (released at commit or rollback). SQLite:
every transaction already holds the database's one write lock from its start (settings:
transaction_mode IMMEDIATE), so nothing more is needed.

`held(name)` is for work outside a transaction that must not run twice at once and must not hold the
database meanwhile: sending the day's reminders talks to a mail server, and holding SQLite's write
lock (or a PostgreSQL transaction) for that long would stop every other writer. PostgreSQL: a
session-level advisory lock. SQLite (one machine by nature): an exclusive lock on a file of
CANBO_VAR_DIR/locks/."""

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def _key(name: str) -> int:
    """A stable signed 64-bit key for the name (PostgreSQL advisory locks take a bigint)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def serialize(name: str) -> None:
    """Wait for, then hold until the end of the current transaction, the lock called `name`."""
    if not connection.in_atomic_block:
        raise RuntimeError("serialize() needs a transaction: the lock lasts until it ends.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])


@contextmanager
def held(name: str) -> Iterator[None]:
    """Wait for, then hold for the block, the lock called `name`; meant for work outside a
    transaction (inside one it still holds, but so does the transaction's). Use a name of its own:
    `serialize` and `held` of one name are one lock on PostgreSQL."""
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    directory = Path(settings.VAR_DIR) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{name}.lock", "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file closes, or the process ends
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)
