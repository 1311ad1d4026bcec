"""Signing in and out, in Vietnamese, under the Content-Security-Policy."""

import re

from playwright.sync_api import expect

# Sở Nội vụ's menu: no "Quản trị" (the admin site is for staff administrators), the audit trail, the
# national database's export (issue 17.7) and help.
MAIN_MENU = [
    "Tổng quan",
    "Kế hoạch",
    "Cán bộ",
    "Chỉ tiêu",
    "Quy hoạch, bổ nhiệm",
    "Đánh giá, xếp loại",
    "Đào tạo",
    "Tuyển dụng",
    "Tổ chức",
    "Nhật ký",
    "CSDL quốc gia",
    "Hướng dẫn",
]
ADMIN_MENU = [
    "Tổng quan",
    "Kế hoạch",
    "Cán bộ",
    "Chỉ tiêu",
    "Quy hoạch, bổ nhiệm",
    "Đánh giá, xếp loại",
    "Đào tạo",
    "Tuyển dụng",
    "Tổ chức",
    "Quản trị",
    "Nhật ký",
    "CSDL quốc gia",
    "Hướng dẫn",
]


def assert_clean(page, browser_log):
    """htmx ran (the CSP let our own scripts load) and nothing was refused or broke."""
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_login_page_is_vietnamese(page, browser_log):
    response = page.goto("/dang-nhap/")
    assert response.status == 200
    csp = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    expect(page).to_have_title(re.compile(r"^Đăng nhập — Sở Nội vụ$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập hệ thống canbo")
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
    expect(page.get_by_label("Mật khẩu")).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    expect(page.locator("#main-menu")).to_have_count(0)  # no menu before signing in
    # Bootstrap's stylesheet applied (served locally; a CDN would be refused by the CSP).
    button_colour = page.get_by_role("button", name="Đăng nhập").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert button_colour == "rgb(13, 110, 253)"
    assert_clean(page, browser_log)


def test_wrong_password_is_refused(page, login, browser_log):
    login("noivu", "sai-mat-khau")
    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("noivu")  # kept for a second try
    expect(page.get_by_label("Mật khẩu")).to_have_value("")
    expect(page.locator("#main-menu")).to_have_count(0)
    assert_clean(page, browser_log)


def test_login_home_menu_and_logout(page, login, live_server, browser_log):
    login("noivu")
    expect(page).to_have_url(live_server.url + "/")
    expect(page).to_have_title("Tổng quan — Sở Nội vụ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    # (what the home page shows for each role: tests/browser/test_home.py)
    menu = page.locator("#main-menu > li")
    expect(menu).to_have_text(MAIN_MENU)
    expect(page.locator("#main-menu a.active")).to_have_text("Tổng quan")
    main_menu = page.locator("#main-menu")
    expect(main_menu.get_by_role("link", name="Tổ chức")).to_have_attribute("href", "/to-chuc/")
    expect(main_menu.get_by_role("link", name="Kế hoạch")).to_have_attribute("href", "/ke-hoach/")
    expect(main_menu.get_by_role("link", name="Cán bộ")).to_have_attribute("href", "/can-bo/")
    expect(main_menu.get_by_role("link", name="Chỉ tiêu")).to_have_attribute("href", "/chi-tieu/")
    expect(main_menu.get_by_role("link", name="Nhật ký")).to_have_attribute("href", "/nhat-ky/")
    expect(main_menu.get_by_role("link", name="CSDL quốc gia")).to_have_attribute("href", "/csdl-quoc-gia/")
    expect(main_menu.get_by_role("link", name="Hướng dẫn")).to_have_attribute("href", "/huong-dan/")
    expect(main_menu.get_by_role("link", name="Quy hoạch, bổ nhiệm")).to_have_attribute(
        "href", "/quyet-dinh/"
    )
    # Quản trị is for administrators only: not offered to noivu at all.
    expect(main_menu.get_by_text("Quản trị")).to_have_count(0)
    assert_clean(page, browser_log)

    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    expect(page.locator("#main-menu")).to_have_count(0)
    # The session is really gone: the home page asks for a login again.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    assert_clean(page, browser_log)


def test_anonymous_org_page_redirects_to_login_then_back(page, login, live_server, browser_log):
    response = page.goto("/to-chuc/")
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url == live_server.url + "/to-chuc/"
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/to-chuc/$"))
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    expect(page.locator("#org-tree")).to_have_count(0)

    page.fill("#id_username", "noivu")
    page.fill("#id_password", "canbo-demo-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(live_server.url + "/to-chuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ cấu tổ chức")
    assert_clean(page, browser_log)


def test_admin_menu_entry_leads_only_where_the_user_may_go(page, login, browser_log):
    # A Home Affairs officer is not a system administrator: no entry into Django's admin, which
    # would only answer with its own login form.
    login("noivu")
    expect(page.locator("#main-menu > li")).to_have_text(MAIN_MENU)
    expect(page.locator("#main-menu").get_by_text("Quản trị")).to_have_count(0)
    page.context.clear_cookies()

    # The system administrator reaches the admin site, in Vietnamese.
    login("quantri")
    expect(page.locator("#main-menu > li")).to_have_text(ADMIN_MENU)
    with page.expect_navigation():
        page.locator("#main-menu").get_by_role("link", name="Quản trị").click()
    expect(page).to_have_url(re.compile(r"/quan-tri/$"))
    expect(page.locator("#site-name")).to_have_text("canbo — Quản trị hệ thống")
    expect(page).to_have_title(re.compile(r"^Quản trị \|"))
    assert browser_log.csp_violations() == []


def test_navbar_shows_full_name_in_vietnamese_order(page, login):
    login("noivu")
    expect(page.locator("nav")).to_contain_text("Trần Thị Nội", timeout=1_000)
