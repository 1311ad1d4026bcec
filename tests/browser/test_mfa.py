"""Two-factor login in the browser, as production has it (CANBO_MFA_REQUIRED on): the administrator
enrols with the QR code's secret, logs out, and logs in again with a code; all under the CSP."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret typed in from the page."""
    compact = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(compact + "=" * (-len(compact) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def assert_clean(page, browser_log):
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


@pytest.fixture
def mfa_required(settings):
    settings.CANBO_MFA_REQUIRED = True


def test_administrator_enrols_then_logs_in_with_a_code(mfa_required, page, login, live_server, browser_log):
    login("quantri")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/dang-ky/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật xác thực hai lớp")
    expect(page.locator("#main-menu")).to_have_count(0)  # nothing else until the device is set up
    qr = page.get_by_alt_text("Mã QR để thêm tài khoản canbo vào ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: SVG drew under the CSP
    secret = page.locator("#mfa-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)

    page.get_by_label("Mã xác thực (6 chữ số)").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Mã xác thực không đúng")
    page.get_by_label("Mã xác thực (6 chữ số)").fill(code_for(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    expect(page.get_by_role("alert")).to_contain_text("Đã bật xác thực hai lớp")
    assert_clean(page, browser_log)

    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/to-chuc/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "canbo-demo-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/\?next=%2Fto-chuc%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai lớp")
    page.get_by_label("Mã xác thực (6 chữ số)").fill(code_for(secret, steps_ahead=1))  # a code is good once
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(live_server.url + "/to-chuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ cấu tổ chức")

    with page.expect_navigation():
        page.locator("#main-menu").get_by_role("link", name="Quản trị").click()
    expect(page).to_have_url(re.compile(r"/quan-tri/$"))
    expect(page.locator("#site-name")).to_have_text("canbo — Quản trị hệ thống")
    assert browser_log.csp_violations() == [] and browser_log.errors() == [] and browser_log.page_errors == []


def test_a_focal_officer_is_not_asked_to_enrol(mfa_required, page, login, live_server):
    login("taichinh")
    expect(page).to_have_url(live_server.url + "/")
    page.goto("/tai-khoan/")
    expect(page.locator("#mfa-status")).to_have_text("Chưa bật.")
    expect(page.get_by_role("link", name="Bật xác thực hai lớp")).to_be_visible()
