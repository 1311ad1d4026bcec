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


def _canbo(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CANBO_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "canbo", *args],
        cwd=ROOT,
        env=clean | env,
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


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = _canbo("check", CANBO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "CANBO_SECRET_KEY" in result.stderr
