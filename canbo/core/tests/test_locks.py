"""core.locks.only_one: scheduled work that exactly one server does. A second holder is refused at once
(not made to wait), told who holds the lock, and the lock is free again when the first is done. The
other holder runs in a thread: a connection of its own on PostgreSQL (another session, as another
server would be), a file opened on its own on SQLite (another open file description, as another
process would be). The commands `canbo remind` and `canbo snapshot` end with status 75 and say so.
tests/deploy/test_one_server_jobs.py does the same with a second process."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from canbo.core.locks import EXIT_ALREADY_RUNNING, AlreadyRunning, command_alone, only_one

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_lock_folder(settings: Any, tmp_path: Any) -> None:
    """SQLite's lock files under this test's folder, not the checkout's var/ that other runs share."""
    settings.VAR_DIR = tmp_path


@contextmanager
def held_elsewhere(name: str) -> Iterator[None]:
    """Hold only_one(name) in another thread (its own database connection) for the block."""
    taken, release, failed = threading.Event(), threading.Event(), []

    def hold() -> None:
        try:
            with only_one(name, what="Việc thử"):
                taken.set()
                release.wait(timeout=60)
        except BaseException as exc:  # pragma: no cover - shown by the assertion below
            failed.append(exc)
            taken.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(timeout=60) and not failed, failed
    try:
        yield
    finally:
        release.set()
        thread.join(timeout=60)
    assert not thread.is_alive()


def test_a_second_holder_is_refused_at_once_naming_the_first_and_may_run_once_it_is_done() -> None:
    with (
        held_elsewhere("test.job"),
        pytest.raises(AlreadyRunning) as refused,
        only_one("test.job", what="Lệnh thử"),
    ):
        pytest.fail("ran beside the holder")  # pragma: no cover
    message = str(refused.value)
    assert message.startswith("Lệnh thử đang chạy ở nơi khác (")
    assert message.endswith("): lần chạy này dừng lại, không làm gì.")
    # who: PostgreSQL names the holder's address, SQLite its process and machine
    assert ("máy 127.0.0.1" if connection.vendor == "postgresql" else "tiến trình ") in message
    ran = []
    with only_one("test.job", what="Lệnh thử"):
        ran.append(1)
    assert ran == [1]


def test_other_names_do_not_wait_for_each_other() -> None:
    with held_elsewhere("test.job"), only_one("test.other", what="Lệnh khác"):
        pass


def test_the_lock_is_released_when_the_work_fails() -> None:
    with pytest.raises(ZeroDivisionError), only_one("test.job", what="Lệnh thử"):
        1 / 0  # noqa: B018
    with held_elsewhere("test.job"):  # the thread could take it: it was free
        pass


def test_a_command_that_finds_its_work_running_ends_with_status_75() -> None:
    with (
        held_elsewhere("test.job"),
        pytest.raises(CommandError) as refused,
        command_alone("test.job", what="Lệnh thử"),
    ):
        pytest.fail("ran beside the holder")  # pragma: no cover
    assert refused.value.returncode == EXIT_ALREADY_RUNNING == 75
    assert str(refused.value).startswith("Lệnh thử đang chạy ở nơi khác")


def test_remind_and_snapshot_stop_when_another_copy_runs_and_list_does_not(builtin_org: None) -> None:
    with held_elsewhere("command.remind"), pytest.raises(CommandError) as refused:
        call_command("remind", "--as-of", "30/11/2026", stdout=StringIO())
    assert refused.value.returncode == 75
    assert str(refused.value).startswith("Lệnh canbo remind đang chạy ở nơi khác")
    with held_elsewhere("command.snapshot"):
        for args in (("save", "--as-of", "31/12/2025"), ("yearly",)):
            with pytest.raises(CommandError) as refused:
                call_command("snapshot", *args, stdout=StringIO())
            assert refused.value.returncode == 75
            assert str(refused.value).startswith("Lệnh canbo snapshot đang chạy ở nơi khác")
        call_command("snapshot", "list", stdout=StringIO())  # reading what is kept needs no lock
    out = StringIO()
    call_command("remind", "--as-of", "30/11/2026", stdout=out)  # free again: it runs
    assert out.getvalue().startswith("Ngày 30/11/2026: đã gửi nhắc")
