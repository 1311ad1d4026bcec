"""Work that must not run twice at once, whatever the number of application servers.

An import matches its rows against what the registry holds, then writes: two imports of the same file
running side by side would both find nobody and both create everyone. `serialize(name)` makes the
second wait, inside its transaction, until the first has committed, so that it matches against the
first's rows. PostgreSQL: a transaction-level advisory lock (released at commit or rollback). SQLite:
every transaction already holds the database's one write lock from its start (settings:
transaction_mode IMMEDIATE), so nothing more is needed."""

import hashlib

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
