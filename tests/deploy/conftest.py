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

import datetime as dt
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import ssl
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
    """One gunicorn instance (its master and workers) on 127.0.0.1:port, or nginx in front (tls)."""

    name: str
    port: int
    process: subprocess.Popen[Any]
    log: Path
    tls: bool = False


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
                        # one machine's folder, shared as two instances of one machine share it
                        # (the indicator facts saved for the machine's other processes among others)
                        CANBO_VAR_DIR=str(tmp_path / "var"),
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


NGINX_SITE = ROOT / "deploy" / "nginx" / "canbo.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, valid for a day: (certificate, key) files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def nginx_files(folder: Path, *, port: int | None = None, upstreams: list[int] | None = None) -> Path:
    """deploy/nginx/canbo.conf made to run in `folder` (a certificate of its own, logs and temporary
    files there; with `port`, its HTTPS server on 127.0.0.1:port and no other; with `upstreams`, those
    ports for the instances), and a main file including it: the main file's path."""
    cert_file, key_file = self_signed(folder)
    site = (
        NGINX_SITE.read_text()
        .replace("/etc/ssl/canbo/fullchain.pem", str(cert_file))
        .replace("/etc/ssl/canbo/privkey.pem", str(key_file))
        .replace("/var/log/nginx/", f"{folder}/")
        .replace("/opt/canbo/var/staticfiles/", f"{folder}/staticfiles/")
    )
    if port is not None:
        site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.S)
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
        site = site.replace("listen [::]:443 ssl http2;\n", "")
    if upstreams is not None:
        site = re.sub(r"\n    server 127\.0\.0\.1:\d+ ", "\n    # ", site)
        lines = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in upstreams)
        site = site.replace("upstream canbo {\n", "upstream canbo {\n" + lines, 1)
    (folder / "canbo.conf").write_text(site)
    main = folder / "nginx.conf"
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as nobody, who may not enter pytest's private folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n{temp}    include {folder}/canbo.conf;\n}}\n"
    )
    return main


@pytest.fixture
def start_nginx(tmp_path: Path) -> Iterator[Callable[[int, list[Instance]], Instance]]:
    """start_nginx(port, instances) -> nginx with deploy/nginx/canbo.conf on https://127.0.0.1:port in
    front of the instances, once it answers. Skipped without nginx (it is optional in CI)."""
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx): the test through it is skipped")
    started: list[Instance] = []

    def start(port: int, instances: list[Instance]) -> Instance:
        folder = tmp_path / "nginx"
        folder.mkdir()
        main = nginx_files(folder, port=port, upstreams=[i.port for i in instances])
        log = folder / "nginx.out"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [binary, "-c", str(main), "-p", f"{folder}/"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        proxy = Instance("nginx", port, process, folder / "error.log", tls=True)
        started.append(proxy)
        _wait_until_it_answers(proxy)
        return proxy

    yield start
    for proxy in started:
        stop(proxy.process)


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


def connect(instance: Instance) -> http.client.HTTPConnection:
    if instance.tls:  # the test's own certificate: not verified
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        return http.client.HTTPSConnection(
            "127.0.0.1", instance.port, timeout=REQUEST_SECONDS, context=context
        )
    return http.client.HTTPConnection("127.0.0.1", instance.port, timeout=REQUEST_SECONDS)


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
        connection = connect(instance)
        headers = {"Accept-Language": "vi"}
        if instance.tls and method == "POST":  # a browser's Origin; HTTPS makes Django's CSRF check it
            headers["Origin"] = f"https://127.0.0.1:{instance.port}"
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
