"""When the database is busy: SQLite's one writer at a time, PostgreSQL's lock waits.

SQLite (the embedded default) allows one writing transaction at a time. Transactions begin
IMMEDIATE (settings: `transaction_mode`), so a second writer waits for the first at its BEGIN, up to
the busy timeout, instead of failing half-way when it first writes; if the wait is longer, the write
is answered 503 with a Vietnamese message (core.middleware.BusyDatabaseMiddleware, canbo/api.py),
and nothing has been written."""

from django.db import OperationalError

# SQLite's "database is locked" / "database table is locked"; PostgreSQL's lock_not_available
# (55P03, a lock_timeout) and deadlock_detected (40P01): the same answer — try again.
_BUSY_TEXTS = ("database is locked", "database table is locked")
_BUSY_SQLSTATES = {"55P03", "40P01"}


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again" rather than a fault."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return any(text in str(exc) for text in _BUSY_TEXTS)
