"""Evaluation in the browser: the focal officer of Sở Tài chính opens the year's sheets of their agency,
adds a product on a civil servant's sheet (htmx), scores it and sees the level; then the same sheet on a
phone (390 × 844) without the page scrolling sideways."""

import re

from playwright.sync_api import expect

from canbo.core.dates import today
from canbo.evaluation.models import Ranking, Sheet


def assert_clean(page, browser_log):
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_the_focal_officer_opens_fills_and_scores_a_sheet(page, login, browser_log):
    login("taichinh")
    year = today().year
    finalised = Ranking.objects.filter(unit__code="KH.STC", year=year).first()
    if finalised is not None:  # the demo's Sở Tài chính has decided its year: read-only, the next one is open
        page.goto(f"/danh-gia/{year}/co-quan/{finalised.unit_id}/")
        expect(page.locator("#decision")).to_contain_text(f"quyết định số {finalised.decision_number}")
        expect(page.locator("#finalise-form")).to_have_count(0)
        year += 1
    page.goto(f"/danh-gia/?nam={year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Đánh giá, xếp loại cán bộ, công chức, viên chức"
    )
    expect(page.locator("#deadline")).to_contain_text("15/12/")
    page.select_option("#id_co_quan", label="Sở Tài chính")
    with page.expect_navigation():
        page.get_by_role("button", name="Lập phiếu đánh giá").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Tài chính")
    expect(page.locator("main")).to_contain_text("Đã lập")
    assert f"/danh-gia/{year}/" in page.url
    sheet = (
        Sheet.objects.filter(unit__code="KH.STC", year=year, computes=True, leader=False)
        .exclude(status="xep_loai")
        .select_related("person")
        .order_by("person__sort_key")
        .first()
    )
    assert sheet is not None
    with page.expect_navigation():
        page.locator(".ranking-table").get_by_role("link", name=sheet.person.full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(sheet.person.full_name)
    page.select_option("#itmoi_ky", "1")
    page.fill("#itmoi_ten", "Báo cáo thẩm định dự toán quý I")
    page.fill("#itmoi_cham", "1")
    with page.expect_navigation():  # htmx answers 204 with HX-Redirect: the sheet again, with the product
        page.locator("#item-form").get_by_role("button", name="Thêm").click()
    expect(page.locator("#period-1")).to_contain_text("Báo cáo thẩm định dự toán quý I")
    expect(page.locator("#period-1 .period-figures")).to_contain_text("tiến độ")
    page.fill("#id_diem_chung", "28")
    page.fill("#id_nguoi_cham", "Trần Văn Giám")
    with page.expect_navigation():
        page.locator("#score-form").get_by_role("button", name="Ghi điểm").click()
    expect(page.locator("main")).to_contain_text(f"Đã ghi điểm của {sheet.person.full_name}")
    expect(page.locator("#level")).to_have_text(re.compile(r"Hoàn thành"))
    expect(page.locator("#total")).to_have_text(re.compile(r"^\d+,\d\d$"))
    assert_clean(page, browser_log)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#level")).to_be_visible()
    expect(page.locator("#level")).to_have_text(re.compile(r"Hoàn thành"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/danh-gia/?nam={year}")
    expect(page.locator("#agencies")).to_contain_text("Sở Tài chính")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(page, browser_log)
