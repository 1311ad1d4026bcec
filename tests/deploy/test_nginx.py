"""The files of deploy/ agree with the application: nginx's upload limit is canbo's own, its timeout
outlasts gunicorn's, it serves the folder collectstatic fills under the address canbo names; the
systemd units start what exists and count the "already running elsewhere" status as a success. Where
nginx is installed, it accepts the configuration (`nginx -t`)."""

import re
import runpy
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from canbo.core.locks import EXIT_ALREADY_RUNNING
from tests.deploy.conftest import GUNICORN_CONF, NGINX_SITE, ROOT, nginx_binary, nginx_files

NGINX_CONF = NGINX_SITE
UNITS = ROOT / "deploy" / "systemd"
SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def directives(name: str) -> list[str]:
    """The values of every `name` directive of the nginx file (comments left out)."""
    text = re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())
    return [m.group(1).strip() for m in re.finditer(rf"(?m)^\s*{re.escape(name)}\s+([^;]+);", text)]


def nginx_bytes(value: str) -> int:
    found = re.fullmatch(r"(\d+)([kKmMgG]?)", value)
    assert found, value
    return int(found.group(1)) * SIZE_UNITS[found.group(2).lower()]


def nginx_seconds(value: str) -> int:
    found = re.fullmatch(r"(\d+)(s|m)?", value)
    assert found, value
    return int(found.group(1)) * (60 if found.group(2) == "m" else 1)


@pytest.mark.django_db
def test_nginx_takes_the_largest_body_canbo_takes_and_no_more() -> None:
    (limit,) = directives("client_max_body_size")
    largest = nginx_bytes(limit)
    assert largest == settings.CANBO_MAX_UPLOAD_BYTES + 1024 * 1024  # 20 MiB of file + 1 MiB of form
    # canbo's own check (core.middleware.RequestGuardMiddleware), before the body is read: the same
    # number is accepted, one byte more refused (413, in Vietnamese)
    client = Client()
    assert client.generic("POST", "/dang-nhap/", b"", CONTENT_LENGTH=str(largest)).status_code != 413
    refused = client.generic("POST", "/dang-nhap/", b"", CONTENT_LENGTH=str(largest + 1))
    assert refused.status_code == 413 and "Dữ liệu gửi lên quá lớn" in refused.content.decode()


def test_nginx_waits_longer_than_gunicorn_and_serves_what_collectstatic_collects() -> None:
    gunicorn = runpy.run_path(str(GUNICORN_CONF))
    for name in ("proxy_read_timeout", "proxy_send_timeout"):
        (value,) = directives(name)
        assert nginx_seconds(value) > gunicorn["timeout"], name
    text = NGINX_CONF.read_text()
    static = re.search(r"location (\S+) \{\s*alias (\S+);", text)
    assert static, "no static location"
    assert static.group(1) == settings.STATIC_URL
    assert Path(static.group(2)).name == Path(settings.STATIC_ROOT).name  # …/var/staticfiles/
    assert "location /media/" not in text  # uploaded files only through canbo's permission checks


def test_the_units_start_what_exists_and_accept_the_already_running_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = (UNITS / "canbo@.service").read_text()
    assert "-c /opt/canbo/deploy/gunicorn.conf.py canbo.wsgi" in service
    assert "Environment=CANBO_PORT=%i" in service
    for name in ("CANBO_BIND", "CANBO_HOST", "CANBO_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert runpy.run_path(str(GUNICORN_CONF))["bind"] == ["127.0.0.1:8000"]
    monkeypatch.setenv("CANBO_PORT", "8002")  # canbo@8002
    monkeypatch.setenv("CANBO_HOST", "10.0.0.12")  # /etc/canbo/env of a server nginx reaches over the network
    assert runpy.run_path(str(GUNICORN_CONF))["bind"] == ["10.0.0.12:8002"]
    assert GUNICORN_CONF.relative_to(ROOT) == Path("deploy/gunicorn.conf.py")
    ports = {int(p) for p in re.findall(r"server 127\.0\.0\.1:(\d+)", NGINX_CONF.read_text())}
    assert ports == {8001, 8002}  # the instances docs/deploy.md enables: canbo@8001, canbo@8002
    for job, command in (("remind", "canbo remind"), ("snapshot", "canbo snapshot yearly")):
        unit = (UNITS / f"canbo-{job}.service").read_text()
        assert f"ExecStart=/opt/canbo/.venv/bin/{command}\n" in unit
        assert f"SuccessExitStatus={EXIT_ALREADY_RUNNING}\n" in unit
        assert "Persistent=true" in (UNITS / f"canbo-{job}.timer").read_text()


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx): its own check of the file is skipped")
    main = nginx_files(tmp_path)  # the file as it is, but for the certificate's and logs' paths
    checked = subprocess.run(
        [nginx, "-t", "-c", str(main), "-p", f"{tmp_path}/"], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
