"""Two-factor login (TOTP): who must enrol, the code after the password, the lock, the admin site,
the recovery by an administrator and by the `canbo mfa reset` command."""

import base64
import datetime as dt
import re
import runpy
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_org")]
mfa_on = override_settings(CANBO_MFA_REQUIRED=True)
PASSWORD = "mat-khau-thu-1"
ROOT = Path(__file__).resolve().parents[3]


def code(key: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for the key (steps_ahead × 30 s later: a code is good once)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def device_for(user, **extra) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="canbo", confirmed=True, **extra)


def logged_in(user) -> Client:
    """A client past the password (not yet the code)."""
    client = Client()
    assert client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def verified(user, device: TOTPDevice) -> Client:
    """A client past the password and the code."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize(
    ("role", "unit", "extra"),
    [("admin", None, {}), ("noi_vu", "KH", {}), (None, None, {"is_superuser": True, "is_staff": True})],
)
@mfa_on
def test_administrators_and_home_affairs_officers_must_enrol_before_any_page(
    make_user, role, unit, extra
) -> None:
    user = make_user(role, unit, **extra)
    client = logged_in(user)
    for path in ("/", "/can-bo/", "/tai-khoan/doi-mat-khau/", "/quan-tri/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/tai-khoan/xac-thuc/dang-ky/?next=")
    assert client.get("/api/org/units").status_code == 401
    assert "xác thực hai lớp" in client.get("/api/org/units").json()["detail"]
    htmx = client.get("/to-chuc/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/tai-khoan/xac-thuc/dang-ky/"


@pytest.mark.parametrize(("role", "unit"), [("dau_moi", "KH.STC"), ("lanh_dao", "KH")])
@mfa_on
def test_focal_officers_and_leaders_are_not_forced_but_may_enrol(make_user, role, unit) -> None:
    client = logged_in(make_user(role, unit))
    assert client.get("/").status_code == 200
    account = client.get("/tai-khoan/").content.decode()
    assert "Chưa bật." in account and 'href="/tai-khoan/xac-thuc/dang-ky/"' in account
    assert client.get("/tai-khoan/xac-thuc/dang-ky/").status_code == 200


@mfa_on
def test_enrolment_shows_an_offline_qr_code_and_the_secret_and_confirms_with_a_code(make_user) -> None:
    user = make_user("noi_vu", "KH")
    client = logged_in(user)
    page = client.get("/tai-khoan/xac-thuc/dang-ky/?next=/can-bo/")
    html = page.content.decode()
    assert "Bật xác thực hai lớp" in html and "phải đăng nhập bằng mật khẩu và mã xác thực" in html
    # The QR code is an SVG inside the page (no CDN, no script): the CSP allows img-src data:.
    qr = re.search(r'<img id="mfa-qr" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert qr and base64.b64decode(qr.group(1)).lstrip().startswith((b"<?xml", b"<svg"))
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    secret = re.search(r'<code id="mfa-secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    # The same secret however often the page is shown, until confirmed.
    assert secret in client.get("/tai-khoan/xac-thuc/dang-ky/").content.decode()

    wrong = client.post("/tai-khoan/xac-thuc/dang-ky/", {"token": "000000", "next": "/can-bo/"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert client.post("/tai-khoan/xac-thuc/dang-ky/", {"token": "12a456"}).status_code == 200
    response = client.post("/tai-khoan/xac-thuc/dang-ky/", {"token": code(key), "next": "/can-bo/"})
    assert response.status_code == 302 and response["Location"] == "/can-bo/"
    assert client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.bin_key == key
    entry = AuditEntry.objects.get(action="accounts.mfa.enrol")
    assert entry.actor == user and key.hex() not in str(entry.changes) and secret not in str(entry.changes)


@mfa_on
def test_a_user_with_a_device_gives_the_code_after_the_password(make_user) -> None:
    user = make_user("dau_moi", "KH.STC")  # not forced, but enrolled: asked all the same
    device = device_for(user)
    client = logged_in(user)
    response = client.get("/to-chuc/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/xac-thuc/?next=%2Fto-chuc%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Nhập mã 6 chữ số" in page and 'name="next" value="/to-chuc/"' in page
    wrong = client.post("/tai-khoan/xac-thuc/", {"token": "123456", "next": "/to-chuc/"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get("/").status_code == 302
    response = client.post("/tai-khoan/xac-thuc/", {"token": code(device.bin_key), "next": "/to-chuc/"})
    assert response.status_code == 302 and response["Location"] == "/to-chuc/"
    assert client.get("/to-chuc/").status_code == 200
    # A code is good once (replay refused), and a foreign `next` is not followed.
    other = logged_in(user)
    assert other.post("/tai-khoan/xac-thuc/", {"token": code(device.bin_key)}).status_code == 200
    response = other.post(
        "/tai-khoan/xac-thuc/", {"token": code(device.bin_key, 1), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@override_settings(CANBO_MFA_REQUIRED=False)
def test_an_enrolled_user_is_asked_for_the_code_even_when_mfa_is_not_required(make_user) -> None:
    user = make_user("lanh_dao", "KH")
    device_for(user)
    assert logged_in(user).get("/").status_code == 302


@mfa_on
def test_five_wrong_codes_lock_the_device_for_an_hour(make_user) -> None:
    user = make_user("admin")
    device = device_for(user)
    client = logged_in(user)
    responses = [client.post("/tai-khoan/xac-thuc/", {"token": "000000"}) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "quá nhiều lần" in responses[-1].content.decode()
    assert client.get("/").status_code == 302  # the session ended: back to the login page
    assert client.get("/")["Location"] == "/dang-nhap/?next=/"
    assert AuditEntry.objects.filter(action="accounts.mfa.lock", object_id=str(user.pk)).count() == 1
    # Even the right code, after logging in again, is refused while the lock lasts.
    again = logged_in(user)
    response = again.post("/tai-khoan/xac-thuc/", {"token": code(device.bin_key)})
    assert response.status_code == 429
    # An hour later the right code works, and the count starts afresh.
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - dt.timedelta(hours=1, minutes=1)
    )
    again = logged_in(user)
    assert again.post("/tai-khoan/xac-thuc/", {"token": code(device.bin_key)}).status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 0


@mfa_on
def test_the_admin_site_requires_the_code(make_user) -> None:
    admin = make_user("admin", is_superuser=True, is_staff=True)
    device = device_for(admin)
    client = logged_in(admin)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/xac-thuc/?next=")
    assert client.get("/quan-tri/login/").status_code == 302
    assert client.post("/tai-khoan/xac-thuc/", {"token": code(device.bin_key)}).status_code == 302
    assert client.get("/quan-tri/").status_code == 200
    # Its own login and password forms are the application's.
    anonymous = Client().get("/quan-tri/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/quan-tri/login/")
    login = Client().get(anonymous["Location"])
    assert login.status_code == 302 and login["Location"] == "/dang-nhap/?next=/quan-tri/"
    assert client.get("/quan-tri/password_change/")["Location"] == "/tai-khoan/doi-mat-khau/"


def test_the_admin_site_checks_the_session_itself(rf, make_user) -> None:
    """Without the middleware (a misconfiguration), the admin site still refuses an unverified admin."""
    from django.contrib import admin as django_admin

    user = make_user("admin", is_superuser=True, is_staff=True)
    device_for(user)
    request = rf.get("/quan-tri/")
    request.user = user
    user.is_verified = lambda: False
    assert django_admin.site.has_permission(request) is False
    user.is_verified = lambda: True
    assert django_admin.site.has_permission(request) is True


@mfa_on
def test_an_administrator_resets_a_lost_device_audited(make_user) -> None:
    admin = make_user("admin", is_superuser=True, is_staff=True)
    client = verified(admin, device_for(admin))
    officer = make_user("noi_vu", "KH")
    device_for(officer)
    response = client.post(
        "/quan-tri/auth/user/", {"action": "reset_mfa", "_selected_action": [officer.pk]}, follow=True
    )
    assert response.status_code == 200 and "Đã đặt lại xác thực hai lớp" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="accounts.mfa.reset")
    assert (entry.actor, entry.object_id, entry.changes) == (
        admin,
        str(officer.pk),
        {"before": {"devices": 1}},
    )
    # The officer enrols again at the next login.
    response = logged_in(officer).get("/")
    assert response["Location"].startswith("/tai-khoan/xac-thuc/dang-ky/")


def test_the_mfa_reset_command_for_the_only_administrator(make_user) -> None:
    admin = make_user("admin", username="quantri", is_superuser=True, is_staff=True)
    device_for(admin)
    out = StringIO()
    call_command("mfa", "reset", "quantri", stdout=out)
    assert "Đã đặt lại xác thực hai lớp của quantri" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.get(action="accounts.mfa.reset")
    assert entry.actor is None and entry.actor_name == "hệ thống" and entry.source == "cli"
    with pytest.raises(CommandError, match="Không có tài khoản “khong-co”"):
        call_command("mfa", "reset", "khong-co")


@override_settings(CANBO_MFA_REQUIRED=False)
def test_with_mfa_off_the_demo_administrator_logs_in_with_the_password(make_user) -> None:
    client = logged_in(make_user("admin", is_superuser=True, is_staff=True))
    assert client.get("/").status_code == 200
    assert client.get("/quan-tri/").status_code == 200


@pytest.mark.parametrize(("debug", "expected"), [("0", True), ("1", False)])
def test_mfa_is_required_in_production_and_off_in_the_demo_by_default(monkeypatch, debug, expected) -> None:
    monkeypatch.setenv("CANBO_DEBUG", debug)
    monkeypatch.delenv("CANBO_MFA_REQUIRED", raising=False)
    assert runpy.run_path(str(ROOT / "canbo" / "settings.py"))["CANBO_MFA_REQUIRED"] is expected
    monkeypatch.setenv("CANBO_MFA_REQUIRED", "1")
    assert runpy.run_path(str(ROOT / "canbo" / "settings.py"))["CANBO_MFA_REQUIRED"] is True
