"""The shell every page shares: the menu on a phone, forms that fit, waiting that is visible."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "canbo-demo-2025"
TIMEOUT_MS = 5_000


class PhoneLog:
    """What the phone's pages said: CSP violations and uncaught JavaScript errors."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def console(self, message: Any) -> None:
        if "content security policy" in message.text.lower():
            self.problems.append(message.text)


@pytest.fixture
def phone_log() -> PhoneLog:
    return PhoneLog()


@pytest.fixture
def phone(browser: Any, demo_data: Any, phone_log: PhoneLog) -> Iterator[Any]:
    """A page 390×844 (a phone held upright), touch, in Vietnamese."""
    context = browser.new_context(locale="vi-VN", base_url=demo_data.url, viewport=PHONE, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", phone_log.console)
    page.on("pageerror", lambda e: phone_log.problems.append(str(e)))
    yield page
    context.close()


def _login(page: Any, username: str) -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def _fits(page: Any) -> bool:
    """Nothing sticks out of the screen: the page does not scroll sideways."""
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_the_menu_opens_and_logout_is_reachable(phone: Any, phone_log: PhoneLog) -> None:
    _login(phone, "noivu")
    logout = phone.get_by_role("button", name="Đăng xuất")
    toggle = phone.get_by_role("button", name="Mở menu")
    expect(toggle).to_be_visible()
    expect(logout).to_be_hidden()  # folded away with the menu
    expect(phone.get_by_role("link", name="Kế hoạch", exact=True)).to_be_hidden()
    assert _fits(phone)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(logout).to_be_visible()
    expect(logout).to_be_in_viewport()
    expect(phone.get_by_role("link", name="Nhật ký", exact=True)).to_be_visible()
    expect(phone.get_by_role("link", name="Hướng dẫn", exact=True)).to_be_visible()
    phone.get_by_role("link", name="Hướng dẫn", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/huong-dan/$"))
    expect(phone.get_by_role("heading", name="Hướng dẫn sử dụng")).to_be_visible()
    assert _fits(phone)

    phone.get_by_role("button", name="Mở menu").click()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Đăng xuất").click()
    expect(phone).to_have_url(re.compile(r"/dang-nhap/"))
    assert not phone_log.problems


def test_on_a_phone_a_form_fits_and_a_table_scrolls_in_its_box(phone: Any, phone_log: PhoneLog) -> None:
    _login(phone, "noivu")
    phone.goto("/tai-khoan/doi-mat-khau/")
    for name in ("id_old_password", "id_new_password1", "id_new_password2"):
        box = phone.locator(f"#{name}").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    expect(phone.get_by_role("button", name=re.compile("Đổi mật khẩu"))).to_be_in_viewport()
    assert _fits(phone)

    phone.goto("/nhat-ky/")  # six columns: wider than the phone
    table = phone.locator("#audit-table")
    expect(table).to_be_visible()
    wrapper_scrolls = table.evaluate(
        "t => t.parentElement.classList.contains('table-responsive')"
        " && t.parentElement.scrollWidth > t.parentElement.clientWidth"
    )
    assert wrapper_scrolls  # the table scrolls inside its box …
    assert _fits(phone)  # … and the page itself does not
    assert not phone_log.problems


def test_on_a_phone_no_main_page_scrolls_sideways(phone: Any, phone_log: PhoneLog) -> None:
    """Every table, wrapped by its page or not, scrolls inside its own box (app.js wraps it)."""
    _login(phone, "noivu")
    wide = {}
    for path in (
        "/",
        "/ke-hoach/",
        "/ke-hoach/nhiem-vu/",
        "/can-bo/",
        "/chi-tieu/",
        "/to-chuc/",
        "/nhat-ky/",
    ):
        phone.goto(path)
        phone.wait_for_load_state("networkidle")
        expect(phone.locator("main table.table:not(.table-responsive > table)")).to_have_count(0)
        if not _fits(phone):
            wide[path] = phone.evaluate("document.documentElement.scrollWidth")
    assert wide == {}
    assert not phone_log.problems


def test_a_download_shows_that_it_is_running_and_the_button_waits(
    page: Any, login: Any, browser_log: Any
) -> None:
    login("noivu")
    page.goto("/to-chuc/")
    export = page.get_by_role("link", name="Xuất Excel")
    expect(export).to_have_attribute("data-cho", "Đang tạo tệp Excel…")

    held: list[Any] = []
    page.route("**/to-chuc/xuat-excel/", lambda route: held.append(route))
    export.click()
    busy = page.locator("a[aria-busy=true]")
    expect(busy).to_have_text("Đang tạo tệp Excel…")
    expect(busy.locator(".spinner-border")).to_have_count(1)
    expect(busy).to_have_attribute("aria-disabled", "true")
    expect(busy).to_have_css("pointer-events", "none")  # a second click does nothing
    assert len(held) == 1

    with page.expect_download() as download:
        held[0].continue_()
    assert download.value.suggested_filename.endswith(".xlsx")
    expect(page.locator("a[aria-busy]")).to_have_count(0)
    expect(export).to_have_text("Xuất Excel")
    assert not browser_log.csp_violations() and not browser_log.page_errors


def test_a_mistyped_date_is_reported_and_kept_and_the_calendar_still_writes_dd_mm_yyyy(
    page: Any, login: Any, browser_log: Any
) -> None:
    login("noivu")
    page.goto("/to-chuc/")
    field = page.locator("#ngay")
    for typed, reason in (
        ("31/02/2025", "“31/02/2025” không phải ngày có thật"),  # the datepicker made it 03/03/2025
        ("abc", "“abc” không viết theo dạng ngày/tháng/năm"),  # the datepicker made it today
    ):
        field.fill("")
        field.press_sequentially(typed)
        with page.expect_response(lambda r: "/to-chuc/?ngay=" in r.url) as answer:
            field.press("Enter")
        assert answer.value.url.endswith("ngay=" + typed.replace("/", "%2F"))  # sent as typed
        expect(page.locator("#org-tree .alert-warning")).to_contain_text(
            "Ngày không hợp lệ (dd/mm/yyyy): " + reason
        )
        expect(field).to_have_value(typed)  # kept to be mended
    page.goto("/to-chuc/?ngay=31%2F02%2F2025")  # the same address opened again: still kept
    expect(field).to_have_value("31/02/2025")
    expect(page.locator(".alert-warning")).to_contain_text("Ngày không hợp lệ (dd/mm/yyyy)")

    field.fill("")
    field.press_sequentially("15/06/2024")
    field.press("Enter")
    expect(page.locator("#tree-caption")).to_contain_text("Cây tổ chức ngày 15/06/2024")
    expect(page.locator(".alert-warning")).to_have_count(0)
    field.click()  # the calendar opens on June 2024; pick the 20th
    page.locator(".datepicker.active .datepicker-cell.day:not(.prev):not(.next)", has_text="20").first.click()
    expect(field).to_have_value("20/06/2024")
    expect(page.locator("#tree-caption")).to_contain_text("Cây tổ chức ngày 20/06/2024")
    assert not browser_log.csp_violations() and not browser_log.page_errors


def test_an_import_shows_that_it_is_running_and_its_button_waits(
    page: Any, login: Any, browser_log: Any
) -> None:
    login("noivu")
    page.goto("/to-chuc/nhap-excel/")
    page.set_input_files(
        "input[name=tep]",
        files=[{"name": "to-chuc.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK"}],
    )
    # What the button looks like while the upload runs, kept across the page change (sessionStorage
    # survives it): a held navigation would stop Playwright's own look at the page.
    page.evaluate(
        """() => {
            const button = document.querySelector("button[data-cho]");
            new MutationObserver(() => {
                if (button.getAttribute("aria-busy") === "true") {
                    sessionStorage.setItem("cho", JSON.stringify({
                        text: button.textContent, disabled: button.disabled,
                        spinner: !!button.querySelector(".spinner-border"),
                    }));
                }
            }).observe(button, {attributes: true, childList: true});
        }"""
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập").click()
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('cho'))")
    assert seen == {"text": "Đang nhập tệp…", "disabled": True, "spinner": True}
    # the file was sent all the same (a disabled button is not, its form is): here it is refused
    expect(page.locator("#import-errors")).to_contain_text("Tệp không phải bảng tính Excel")
    expect(page.get_by_role("button", name="Nhập")).to_be_enabled()  # a new page, a new button
    assert not browser_log.csp_violations() and not browser_log.page_errors


def test_a_report_asked_by_a_form_shows_that_it_is_running_and_its_button_comes_back(
    page: Any, login: Any, browser_log: Any
) -> None:
    """The annual report's buttons send a GET form whose answer is a file: no page replaces this one,
    so the file is fetched by the page and the button comes back when it is saved."""
    login("noivu")
    page.goto("/ke-hoach/")
    word = page.get_by_role("button", name="Báo cáo năm (Word)")
    expect(word).to_have_attribute("data-cho", "Đang tạo báo cáo…")

    held: list[Any] = []
    page.route("**/ke-hoach/bao-cao-nam/**", lambda route: held.append(route))
    word.click()
    busy = page.locator("button[aria-busy=true]")
    expect(busy).to_have_text("Đang tạo báo cáo…")
    expect(busy).to_be_disabled()
    assert len(held) == 1 and "dinh_dang=docx" in held[0].request.url and "nam=" in held[0].request.url

    with page.expect_download() as download:
        held[0].continue_()
    assert download.value.suggested_filename.endswith(".docx")
    expect(page.locator("button[aria-busy]")).to_have_count(0)
    expect(word).to_be_enabled()
    expect(word).to_have_text("Báo cáo năm (Word)")
    assert not browser_log.csp_violations() and not browser_log.page_errors


def test_a_mistyped_date_is_kept_on_the_plan_and_indicator_pages(page: Any, login: Any) -> None:
    login("noivu")
    for path in ("/ke-hoach/", "/chi-tieu/", "/chi-tieu/don-vi/", "/can-bo/"):
        page.goto(path + "?ngay=31%2F02%2F2025")
        expect(page.locator("input.date-vn[name=ngay]")).to_have_value("31/02/2025")
        expect(page.locator(".alert-warning, .text-danger").first).to_contain_text("không hợp lệ")
