"""Two users at the same moment (issue 10.6): imports of the same file, two reviewers of one report, two
officers deciding one extension; and SQLite's single writer waiting instead of failing."""

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from canbo.core.errors import Conflict

D = dt.date
POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")


def _together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads started at the same moment; each result, or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # the loser's refusal is the result looked at
            results[i] = exc
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_create_each_person_once(builtin_org) -> None:
    from canbo.accounts.system import SYSTEM
    from canbo.core.excel import write_workbook
    from canbo.demo.bench.people import template_rows
    from canbo.org.models import Unit
    from canbo.people.io import columns as C
    from canbo.people.io.excel import rows_from_excel
    from canbo.people.models import Person

    raw = template_rows(300, ["KH.STC", "KH.SYT"], seed=7)
    cccd = [c.header for c in C.COLUMNS].index(C.CCCD.header)
    for row in raw:
        row[cccd] = None  # matched by name, birth date and unit: the case that raced
    data = write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], raw)])
    units = dict(Unit.objects.values_list("code", "id"))

    def run() -> Any:
        from canbo.people.services import people_import

        return people_import(
            actor=SYSTEM, rows=rows_from_excel(data, units=units, today=D(2026, 11, 2)), on=D(2026, 11, 2)
        )

    first, second = _together(run, run)
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert sorted([first.created, second.created]) == [0, 300]
    assert Person.objects.count() == 300


@pytest.fixture
def submitted(builtin_plan, make_user) -> dict[str, Any]:
    from canbo.plans.choices import Progress
    from canbo.plans.models import Occurrence
    from canbo.plans.services import ReportInput, extension_request, report_submit

    focal = make_user("dau_moi", "KH.STC")
    occurrence = Occurrence.objects.filter(task__code="PL.3", unit__code="KH.STC").first() or (
        Occurrence.objects.filter(original_due__isnull=False, unit__code="KH.STC").first()
    )
    # Asked for before the report of completion: no extension is asked once the work is reported done.
    extension = extension_request(
        actor=focal,
        occurrence=occurrence,
        requested_due=D(2027, 6, 30),
        reason="Chờ hướng dẫn.",
        on=D(2026, 11, 1),
    )
    report = report_submit(
        actor=focal,
        occurrence=occurrence,
        data=ReportInput(progress=Progress.DONE, completed_on=D(2026, 11, 1)),
        on=D(2026, 11, 2),
    )
    return {
        "report": report,
        "extension": extension,
        "officers": [make_user("noi_vu", "KH"), make_user("noi_vu", "KH")],
    }


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_a_report_accepted_and_returned_at_once_is_decided_once(submitted) -> None:
    from canbo.plans.models import Report
    from canbo.plans.services import report_review

    report, (one, two) = submitted["report"], submitted["officers"]
    results = _together(
        lambda: report_review(actor=one, report=report, accept=True, comment="", on=D(2026, 11, 3)),
        lambda: report_review(
            actor=two, report=report, accept=False, comment="Thiếu văn bản.", on=D(2026, 11, 3)
        ),
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), results
    assert "ý kiến của bạn chưa được ghi" in str(refused[0])
    winner = results[0] if refused[0] is results[1] else results[1]
    assert Report.objects.get(pk=report.pk).review == winner.review


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_an_extension_granted_and_refused_at_once_is_decided_once(submitted) -> None:
    from canbo.audit.models import AuditEntry
    from canbo.plans.services import extension_decide

    extension, (one, two) = submitted["extension"], submitted["officers"]
    results = _together(
        lambda: extension_decide(
            actor=one, extension=extension, grant=True, comment="Đồng ý.", on=D(2026, 11, 3)
        ),
        lambda: extension_decide(
            actor=two, extension=extension, grant=False, comment="Không đồng ý.", on=D(2026, 11, 3)
        ),
    )
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert (
        AuditEntry.objects.filter(action__in=["plans.extension.grant", "plans.extension.refuse"]).count() == 1
    )


def _sqlite(path: Path) -> DatabaseWrapper:
    """A connection to a file, configured as canbo configures SQLite (settings.CANBO_SQLITE_OPTIONS)."""
    from django.conf import settings

    return DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(settings.CANBO_SQLITE_OPTIONS),
        }
    )


@contextmanager
def _transaction(wrapper: DatabaseWrapper) -> Iterator[None]:
    """BEGIN (in the connection's transaction mode, as transaction.atomic does) … COMMIT."""
    wrapper.ensure_connection()
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
        wrapper.commit()
    except BaseException:
        wrapper.rollback()
        raise
    finally:
        wrapper.set_autocommit(True)


def test_sqlite_writers_wait_for_each_other_instead_of_failing(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """Two transactions that read then write, at once. Begun DEFERRED, both read, then the second to
    write finds the first holding the lock and cannot wait for it ("database is locked", the 500 of the
    report); begun IMMEDIATE (canbo's setting), the second waits at its start and both succeed."""
    django_db_blocker.unblock()  # connections of the test's own, to a file of its own
    path = tmp_path / "race.sqlite3"
    setup = _sqlite(path)
    assert setup.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()

    def add_one(mode: str) -> Callable[[], int]:
        def run() -> int:
            wrapper = _sqlite(path)
            wrapper.settings_dict["OPTIONS"]["transaction_mode"] = mode
            wrapper.settings_dict["OPTIONS"]["timeout"] = 5
            try:
                with _transaction(wrapper), wrapper.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    time.sleep(0.3)
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
                return int(n) + 1
            finally:
                wrapper.close()

        return run

    results = _together(add_one("IMMEDIATE"), add_one("IMMEDIATE"))
    assert sorted(results) == [1, 2], results  # serialised: both written, no update lost
    deferred = _together(add_one("DEFERRED"), add_one("DEFERRED"))  # what canbo did before
    assert any("database is locked" in str(r) for r in deferred), deferred
    django_db_blocker.restore()
