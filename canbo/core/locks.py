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
CANBO_VAR_DIR/locks/.

`only_one(name, what=…)` is for scheduled work that exactly one server does (docs/deploy.md): it does
not wait; a second copy raises AlreadyRunning at once, naming, where it can, who holds the lock."""

import fcntl
import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from canbo.core.errors import Conflict


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


class AlreadyRunning(Conflict):
    """Another process holds the lock: on PostgreSQL a process of any application server, on SQLite a
    process of this machine. Nothing has been done."""


def _pg_holder(cursor: Any, key: int) -> str:
    """Who holds the session advisory lock `key`: its client's address and since when that client is
    connected, as far as pg_stat_activity tells this role ("" when it does not). PostgreSQL shows a
    bigint key as two halves: the high 32 bits in classid, the low in objid (objsubid 1)."""
    unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
    cursor.execute(
        "SELECT host(a.client_addr), a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = %s "
        "AND l.objid = %s",
        [unsigned >> 32, unsigned & 0xFFFF_FFFF],
    )
    row = cursor.fetchone()
    if row is None:
        return ""
    address, since = row
    where = f"máy {address}" if address else "một kết nối trên chính máy cơ sở dữ liệu"
    return f"{where}, kết nối từ {timezone.localtime(since):%H:%M:%S %d/%m/%Y}"


@contextmanager
def only_one(name: str, *, what: str) -> Iterator[None]:
    """Hold the lock called `name` for the block, or raise AlreadyRunning at once if another process
    holds it: for scheduled work that one server runs (`canbo remind`, `canbo snapshot`), so that a
    copy started at the same time on another server, or by hand beside the timer, stops and says so
    instead of waiting to do the same work again. `what` names the work in the message ("Lệnh canbo
    remind"). PostgreSQL: a session-level advisory lock (pg_try_advisory_lock), shared by every server
    of the database and released when the block ends or the connection drops (a killed process frees
    it). SQLite: a non-blocking exclusive lock on a file of CANBO_VAR_DIR/locks/ (one machine by
    nature); the file names the holder."""
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (taken,) = cursor.fetchone()
            if not taken:
                holder = _pg_holder(cursor, key)
                raise AlreadyRunning(_busy(what, holder))
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    directory = Path(settings.VAR_DIR) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{name}.lock", "a+") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            raise AlreadyRunning(_busy(what, file.read().strip())) from None
        try:
            file.truncate(0)
            file.write(f"tiến trình {os.getpid()} trên máy {socket.gethostname()}, từ {_now()}")
            file.flush()
            yield
        finally:
            file.truncate(0)
            fcntl.flock(file, fcntl.LOCK_UN)


def _now() -> str:
    return f"{timezone.localtime():%H:%M:%S %d/%m/%Y}"


def _busy(what: str, holder: str) -> str:
    by = f" ({holder})" if holder else ""
    return f"{what} đang chạy ở nơi khác{by}: lần chạy này dừng lại, không làm gì."


# A command that found its work already running elsewhere exits with this status (sysexits.h
# EX_TEMPFAIL: "try again later"), apart from success (0) and failure (1): the systemd units list it in
# SuccessExitStatus (deploy/), cron reports it like a failure.
EXIT_ALREADY_RUNNING = 75


@contextmanager
def command_alone(name: str, *, what: str) -> Iterator[None]:
    """only_one() for a management command: a second copy ends with the Vietnamese message on stderr
    and the status EXIT_ALREADY_RUNNING."""
    try:
        with only_one(name, what=what):
            yield
    except AlreadyRunning as busy:
        raise CommandError(str(busy), returncode=EXIT_ALREADY_RUNNING) from None
