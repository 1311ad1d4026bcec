"""The security baseline: lockout, idle timeout, CSRF, headers, CSP, deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_five_failed_logins_lock_the_account(make_user) -> None:
    make_user(username="canbo1")
    client = Client()
    for _ in range(5):
        response = client.post("/dang-nhap/", {"username": "canbo1", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "canbo1", "password": "mat-khau-thu-1"})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()


def test_a_good_login_after_few_failures_works(make_user) -> None:
    make_user(username="canbo2")
    client = Client()
    for _ in range(3):
        client.post("/dang-nhap/", {"username": "canbo2", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "canbo2", "password": "mat-khau-thu-1"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_page_is_vietnamese_with_csrf_and_security_headers() -> None:
    response = Client().get("/dang-nhap/")
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Đăng nhập" in html and "csrfmiddlewaretoken" in html
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_csrf_is_enforced() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/dang-nhap/", {"username": "x", "password": "y"}).status_code == 403


def test_idle_session_timeout() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


# The data key production needs (core/crypto.py); a test that is about its absence removes it.
DATA_KEY = {"CANBO_DATA_KEY": "cHJvZHVjdGlvbi10ZXN0LWRhdGEta2V5LTMyLWJ5dGU"}


def _canbo(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CANBO_", "DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "canbo", *args],
        cwd=ROOT,
        env=clean | DATA_KEY | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _canbo(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CANBO_SECRET_KEY="k" * 60 + "-production-secret-from-the-environment",
        CANBO_VAR_DIR=str(tmp_path),
        CANBO_ALLOWED_HOSTS="canbo.example.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_the_data_key(tmp_path: Path) -> None:
    result = _canbo("check", CANBO_VAR_DIR=str(tmp_path), CANBO_SECRET_KEY="k" * 60, CANBO_DATA_KEY="")
    assert result.returncode != 0 and "CANBO_DATA_KEY" in result.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = _canbo("check", CANBO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "CANBO_SECRET_KEY" in result.stderr


_SERVE_LOGIN = """
import io, re, sys
from canbo.wsgi import application

def get(path):
    out = {}
    def start(status, headers):
        out["status"], out["headers"] = status, dict(headers)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "canbo.example.gov.vn",
               "SERVER_PORT": "443", "HTTP_HOST": "canbo.example.gov.vn", "wsgi.url_scheme": "https",
               "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "QUERY_STRING": ""}
    body = b"".join(application(environ, start))
    return out["status"], body

status, body = get("/dang-nhap/")
assert status.startswith("200"), status
css = re.search(rb'href="(/static/vendor/bootstrap/bootstrap\\.min\\.[0-9a-f]{12}\\.css)"', body)
assert css, body[:2000]
status, asset = get(css.group(1).decode())
assert status.startswith("200") and b"sourceMappingURL=bootstrap.min" in asset, status
print("served")
"""


def test_the_readme_production_procedure_collects_static_and_serves_the_login_page(tmp_path: Path) -> None:
    """The README's steps with production settings: migrate, collectstatic (the manifest follows every
    reference of the vendored files, their source maps included), then the login page through the WSGI
    application with its static files named by their hash."""
    env = {
        "CANBO_SECRET_KEY": "k" * 60 + "-production-secret-from-the-environment",
        "CANBO_VAR_DIR": str(tmp_path),
        "CANBO_ALLOWED_HOSTS": "canbo.example.gov.vn",
    }
    for step in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = _canbo(*step, **env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CANBO_", "DJANGO_", "DATABASE_URL"))}
    served = subprocess.run(
        [sys.executable, "-c", _SERVE_LOGIN],
        cwd=ROOT,
        env=clean | DATA_KEY | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 0 and "served" in served.stdout, served.stdout + served.stderr


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_the_api_schema_and_docs_need_a_login(path: str, make_user) -> None:
    assert Client().get(path).status_code == 302
    client = Client()
    client.force_login(make_user())
    assert client.get(path).status_code == 200


_FAIL_A_PAGE = """
import django, io, sys
django.setup()
from django.test import Client
from django.urls import path
import canbo.urls

def broken(request):
    raise RuntimeError("a bug, for the log")

canbo.urls.urlpatterns.append(path("hong/", broken))
response = Client(raise_request_exception=False).get("/hong/", HTTP_HOST="canbo.example.gov.vn", secure=True)
print(response.status_code)
"""


def test_a_traceback_goes_to_the_log_file_the_readme_names(tmp_path: Path) -> None:
    log = tmp_path / "log" / "canbo.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CANBO_", "DJANGO_", "DATABASE_URL"))}
    env = (
        clean
        | DATA_KEY
        | {
            "CANBO_SECRET_KEY": "k" * 60,
            "CANBO_VAR_DIR": str(tmp_path),
            "CANBO_ALLOWED_HOSTS": "canbo.example.gov.vn",
            "DJANGO_SETTINGS_MODULE": "canbo.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", _FAIL_A_PAGE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "500", result.stdout + result.stderr
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a bug, for the log" in text and "Traceback" in text
    assert "var/log/canbo.log" in (ROOT / "README.md").read_text(encoding="utf-8")
