"""Several application servers for real: gunicorn instances and a private Redis started as processes of
their own, on free ports of 127.0.0.1, reading the test's database.

The database: the processes get it through DATABASE_URL. On PostgreSQL it is pytest-django's test
database itself (its name from the test's connection: test_canbo, test_canbo_gw0 under xdist), so the
test must commit what they are to read (`django_db(transaction=True)`). On SQLite the test database is
in memory, private to the test process: the test's committed rows are copied into a file (SQLite's
backup API) and the processes share that file — what they write is then seen through them only.

Every process starts in a session of its own and its whole process group is stopped at the end
(SIGTERM, then SIGKILL after 15 s): no process is left behind. Each wait is bounded (START_SECONDS).
Redis: /usr/bin/redis-server (Debian package redis-server); without it the tests are skipped on a
workstation and fail on CI (environment variable CI set), as the browser tests do for Chromium.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
START_SECONDS = 60  # a gunicorn worker imports Django in 1–3 s; a loaded CI machine gets 20 times that
REQUEST_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without its canbo and Django settings, plus `extra`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CANBO_", "DJANGO_", "DATABASE_URL"))}
    return keep | extra


def stop(process: subprocess.Popen[Any]) -> None:
    """Stop the process and everything it started (its process group), waiting at most 30 s."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis of this test's own, on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        message = "redis-server không có: cài gói redis-server để chạy kiểm thử nhiều máy chủ ứng dụng."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import redis

    port = free_port()
    log = tmp_path / "redis.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(tmp_path)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping():
                    break
            except redis.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Redis did not start on port {port}:\n{_tail(log)}")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def database_url(tmp_path: Path) -> str:
    """DATABASE_URL for processes of their own that read what the test has committed (module doc)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings["USER"] or "", safe="")
        password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
        host = settings["HOST"] or "127.0.0.1"
        return f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
    if connection.vendor == "sqlite":
        target = tmp_path / "canbo.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return f"sqlite:///{target}"
    raise NotImplementedError(connection.vendor)


@dataclass
class Instance:
    """One gunicorn instance (its master and workers) on 127.0.0.1:port."""

    name: str
    port: int
    process: subprocess.Popen[Any]
    log: Path


@pytest.fixture
def start_instances(tmp_path: Path) -> Iterator[Callable[..., list[Instance]]]:
    """start_instances(count, env) -> `count` gunicorn instances of deploy/gunicorn.conf.py, each on a
    free port, with the settings of the test suite (canbo.settings_test: production settings with the
    test's keys and hashing, and static files from the finders, so no collectstatic) and `env`; waits
    until each answers the login page. Stopped at the end of the test."""
    started: list[Instance] = []

    def start(count: int, env: dict[str, str]) -> list[Instance]:
        instances = []
        for i in range(count):
            name = "AB"[i] if count <= 2 else str(i)
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "canbo.wsgi"],
                    cwd=ROOT,
                    env=clean_environment(
                        DJANGO_SETTINGS_MODULE="canbo.settings_test",
                        CANBO_BIND=f"127.0.0.1:{port}",
                        CANBO_VAR_DIR=str(tmp_path / f"var-{name}"),
                        CANBO_LOG_FILE="-",
                        CANBO_ACCESS_LOG="-",
                        **env,
                    ),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            instance = Instance(name, port, process, log)
            started.append(instance)
            instances.append(instance)
        for instance in instances:
            _wait_until_it_answers(instance)
        return instances

    yield start
    for instance in started:
        stop(instance.process)


def _wait_until_it_answers(instance: Instance) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            if Client().get(instance, "/dang-nhap/").status == 200:
                return
        except OSError:
            pass
        if instance.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"gunicorn {instance.name} did not answer on port {instance.port}:\n{_tail(instance.log)}"
            )
        time.sleep(0.2)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def csrf_token(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        assert found, f"no CSRF token in the page ({self.status}): {self.body[:500]}"
        return found.group(1)


@dataclass
class Client:
    """A browser's cookie jar without a browser: the cookies any instance sets are sent to every
    instance, as a browser does for one site behind a proxy that spreads requests (no sticky sessions).
    Redirects are not followed: the test reads them."""

    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, instance: Instance, path: str) -> Answer:
        return self._request(instance, "GET", path, None)

    def post(self, instance: Instance, path: str, data: dict[str, Any]) -> Answer:
        return self._request(instance, "POST", path, data)

    def _request(self, instance: Instance, method: str, path: str, data: dict[str, Any] | None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=REQUEST_SECONDS)
        headers = {"Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()
