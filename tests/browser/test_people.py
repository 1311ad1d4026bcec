"""The registry in the browser: search without diacritics (htmx), a person's page, and an import
whose bad rows are listed without anything written."""

import re
from pathlib import Path

from playwright.sync_api import expect

from canbo.core.excel import write_workbook
from canbo.people.io import columns as C
from canbo.people.models import Person


def assert_clean(page, browser_log, refused=None):
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert [e for e in browser_log.errors() if not (refused and f"status of {refused}" in e)] == []
    assert browser_log.page_errors == []


def test_search_without_diacritics_and_a_persons_page(page, login, browser_log):
    login("noivu")
    person = Person.objects.order_by("pk").first()
    page.goto("/can-bo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách cán bộ, công chức, viên chức")
    total = Person.objects.count()
    expect(page.locator("#people")).to_contain_text(f"{total} người")
    with page.expect_response(
        lambda r: (
            r.url.endswith("/can-bo/")
            and r.request.method == "POST"
            and r.request.headers.get("hx-request") == "true"
        )
    ):
        page.fill("#id_q", person.name_fold)  # typed without diacritics
    expect(page.locator("#people-table")).to_contain_text(person.full_name)
    expect(page).to_have_url(re.compile(r"/can-bo/\?.*q="))  # the filters are in the address...
    # Leaving the search field fires its "change" (the form listens to it) — let that answer come
    # before the next filter, or the two requests run at once: the test's in-memory SQLite locks a
    # table where a file database waits (CANBO_SQLITE_BUSY_SECONDS), and answers 503.
    with page.expect_response(lambda r: r.url.endswith("/can-bo/") and r.request.method == "POST"):
        page.locator("#id_q").press("Tab")
    with page.expect_response(lambda r: r.url.endswith("/can-bo/") and r.request.method == "POST"):
        page.select_option("#id_dan_toc", person.ethnicity)
    expect(page).to_have_url(re.compile(r"/can-bo/\?.*xem="))
    assert "dan_toc" not in page.url  # ...but not a sensitive one: it is sealed
    expect(page.locator("#people-table")).to_contain_text(person.full_name)
    with page.expect_navigation():
        page.locator("#people-table").get_by_role("link", name=person.full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
    expect(page.locator("#record")).to_contain_text("Dân tộc")  # Sở Nội vụ does personnel work
    expect(page.locator("#timeline tbody tr").first).to_be_visible()
    assert_clean(page, browser_log)


def test_a_leader_does_not_see_sensitive_data(page, login, browser_log):
    login("lanhdao")
    person = Person.objects.order_by("pk").first()
    page.goto(f"/can-bo/{person.pk}/")
    expect(page.locator("#record")).not_to_contain_text("Dân tộc")
    expect(page.locator("main")).to_contain_text("dữ liệu nhạy cảm")
    assert_clean(page, browser_log)


def test_an_import_with_bad_rows_lists_them_and_writes_nothing(page, login, browser_log, tmp_path):
    login("taichinh")
    rows = [
        [
            "Nguyễn Thị Mới",
            "12/03/1985",
            "Nữ",
            "Kinh",
            "Không",
            "",
            "KH.STC",
            "Công chức",
            "",
            None,
            "",
            None,
            "",
            "",
        ],
        [
            "Trần Văn Sai",
            "31/02/1990",
            "Nam",
            "Kinh",
            "Không",
            "",
            "KH.STC",
            "Công chức",
            "",
            None,
            "",
            None,
            "",
            "",
        ],
        [
            "Lê Văn Ngoài",
            "01/01/1990",
            "Nam",
            "Kinh",
            "Không",
            "",
            "KH.SYT",
            "Công chức",
            "",
            None,
            "",
            None,
            "",
            "",
        ],
    ]
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)]))
    before = Person.objects.count()
    page.goto("/can-bo/nhap-excel/")
    page.set_input_files("input[name=tep]", str(path))
    with page.expect_response(lambda r: r.url.endswith("/can-bo/nhap-excel/") and r.request.method == "POST"):
        page.get_by_role("button", name="Nhập").click()
    expect(page.locator("#import-result")).to_contain_text("Tệp có 1 lỗi; chưa ghi gì.")
    expect(page.locator("#import-errors")).to_contain_text("“31/02/1990” không phải ngày có thật")
    expect(page.locator("#upload-progress")).to_have_attribute("value", "100")
    assert Person.objects.count() == before
    # Fixed, the file goes in; the other agency's row is refused as out of scope first.
    rows[1][1] = "28/02/1990"
    path.write_bytes(write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows)]))
    page.set_input_files("input[name=tep]", str(path))
    page.get_by_role("button", name="Nhập").click()
    expect(page.locator("#import-errors")).to_contain_text(re.compile("KH.SYT.*nằm ngoài phạm vi"))
    path.write_bytes(write_workbook([(C.SHEET, [c.header for c in C.COLUMNS], rows[:2])]))
    page.set_input_files("input[name=tep]", str(path))
    page.get_by_role("button", name="Nhập").click()
    expect(page.locator("#import-result")).to_contain_text("Đã nhập: 2 người mới")
    assert Person.objects.count() == before + 2
    assert_clean(page, browser_log, refused=400)


def test_a_filtered_export_holds_exactly_the_filtered_people(page, login, browser_log):
    """Issue 13.4: the filters change the list through htmx; "Xuất Excel" then downloads the list as
    filtered, not everyone."""
    from canbo.core.excel import read_workbook

    login("noivu")
    page.goto("/can-bo/")
    # The women among the viên chức (read from the database, not through the app's filter).
    expected = sorted(
        Person.objects.filter(sex="nu", staff_category="vien_chuc").values_list("full_name", flat=True)
    )  # names may repeat: compared as lists
    assert expected and Person.objects.count() > len(expected)
    with page.expect_response(lambda r: r.url.endswith("/can-bo/") and r.request.method == "POST"):
        page.select_option("#id_gioi_tinh", "nu")
    with page.expect_response(lambda r: r.url.endswith("/can-bo/") and r.request.method == "POST"):
        page.select_option("#id_loai", "vien_chuc")
    expect(page.locator("#export-link")).to_contain_text(f"({len(expected)} người)")
    with page.expect_download() as download:
        page.locator("#export-link").click()
    path = download.value.path()
    rows = read_workbook(Path(path).read_bytes())[C.SHEET][1:]
    names = [r[0] for r in rows]
    assert sorted(names) == expected
    assert {r[2] for r in rows} == {"Nữ"} and {r[7] for r in rows} == {"Viên chức"}
    assert_clean(page, browser_log)
