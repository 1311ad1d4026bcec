"""`canbo remind` and `canbo snapshot` run on exactly one server (docs/deploy.md): a copy started
while another holds the job's lock — here the test process, as another server would — is a process
that stops at once, says so in Vietnamese and exits with status 75; once the lock is free it runs.
PostgreSQL: the lock is the database's (pg_try_advisory_lock), whatever machine the copy runs on.
SQLite: a lock file of CANBO_VAR_DIR/locks, shared by the processes of one machine."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from canbo.core.locks import only_one
from tests.deploy.conftest import ROOT, clean_environment, database_url


def canbo(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canbo", *args],
        cwd=ROOT,
        env=clean_environment(
            DJANGO_SETTINGS_MODULE="canbo.settings_test", DATABASE_URL=url, CANBO_VAR_DIR=str(tmp_path)
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_a_second_copy_in_another_process_stops_saying_so_then_runs_once_free(
    builtin_org: None, tmp_path: Path, settings: object
) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]  # the lock file's folder on SQLite
    url = database_url(tmp_path)
    holder = "máy 127.0.0.1" if connection.vendor == "postgresql" else "tiến trình "
    with only_one("command.remind", what="Lệnh canbo remind"):
        busy = canbo(tmp_path, url, "remind", "--as-of", "30/11/2026")
    assert busy.returncode == 75, busy.stdout + busy.stderr
    assert "Lệnh canbo remind đang chạy ở nơi khác (" in busy.stderr and holder in busy.stderr
    assert "đã gửi nhắc" not in busy.stdout
    with only_one("command.snapshot", what="Lệnh canbo snapshot"):
        busy = canbo(tmp_path, url, "snapshot", "save", "--as-of", "30/11/2026")
    assert busy.returncode == 75 and "Lệnh canbo snapshot đang chạy ở nơi khác" in busy.stderr, busy.stderr
    free = canbo(tmp_path, url, "remind", "--as-of", "30/11/2026")
    assert free.returncode == 0, free.stdout + free.stderr
    assert free.stdout.startswith("Ngày 30/11/2026: đã gửi nhắc 0 nhiệm vụ cho 0 cơ quan.")
