"""The organisation tree by date (htmx), a unit's page with its lineage, and the focal officer's scope."""

import re

from playwright.sync_api import expect

from canbo.org.models import Unit

SCREENSHOT = "/tmp/org-page.png"


def test_tree_today_then_by_date(page, login, browser_log):
    login("noivu")
    page.get_by_role("link", name="Tổ chức", exact=True).click()
    expect(page).to_have_url(re.compile(r"/to-chuc/$"))
    expect(page.locator("#main-menu a.active")).to_have_text("Tổ chức")
    tree = page.locator("#org-tree")
    caption = page.locator("#tree-caption")

    # Today: the merged province of Khánh Hòa (in force from 01/07/2025), no Ninh Thuận.
    expect(caption).to_contain_text(re.compile(r"Cây tổ chức ngày \d\d/\d\d/\d{4}: [1-9]\d* đơn vị"))
    expect(tree.get_by_role("link", name="Ủy ban nhân dân tỉnh Khánh Hòa")).to_be_visible()
    expect(tree.get_by_role("link", name="Sở Tài chính")).to_be_visible()
    expect(tree).not_to_contain_text("Ninh Thuận")
    expect(tree).not_to_contain_text("Bác Ái")
    today_vn = page.locator("#ngay").input_value()
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", today_vn)  # dd/mm/yyyy whatever the browser's language
    day, month, year = today_vn.split("/")
    today_iso = f"{year}-{month}-{day}"
    expect(tree.locator("ul.org-tree")).to_have_attribute("data-as-of", today_iso)

    # A marker that a full page load would wipe out: the date change must go through htmx.
    page.evaluate("window.__same_document = true")
    with page.expect_response(lambda r: "ngay=01%2F06%2F2024" in r.url) as answer:
        page.fill("#ngay", "")
        page.locator("#ngay").press_sequentially("01/06/2024")  # typed as a user types it
        page.press("#ngay", "Enter")
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(caption).to_contain_text("Cây tổ chức ngày 01/06/2024")
    expect(tree.get_by_role("link", name="Ủy ban nhân dân tỉnh Ninh Thuận")).to_be_visible()
    expect(tree.get_by_role("link", name="Ủy ban nhân dân huyện Bác Ái")).to_be_visible()
    expect(tree.get_by_role("link", name="Sở Kế hoạch và Đầu tư")).to_be_visible()
    expect(tree).not_to_contain_text("Khánh Hòa")
    expect(page).to_have_url(re.compile(r"/to-chuc/\?ngay=01%2F06%2F2024$"))
    assert page.evaluate("window.__same_document") is True
    # The fragment replaced the tree's content, not the page inside it.
    expect(page.locator("ul.org-tree")).to_have_count(1)
    expect(page.locator("nav.navbar")).to_have_count(1)
    expect(tree.locator("ul.org-tree")).to_have_attribute("data-as-of", "2024-06-01")

    # The tree is depth-first: the province first, its districts indented below it.
    expect(tree.locator("li").first).to_contain_text("Ủy ban nhân dân tỉnh Ninh Thuận")
    expect(tree.locator("li.depth-0")).to_have_count(1)
    indent = tree.locator("li", has_text="Ủy ban nhân dân huyện Bác Ái").evaluate(
        "li => getComputedStyle(li).paddingLeft"
    )
    assert indent == "24px"  # .depth-1 in app.css: 1.5rem

    page.screenshot(path=SCREENSHOT, full_page=True)

    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_submitting_the_date_form_also_updates_the_tree(page, login, browser_log):
    login("noivu")
    page.goto("/to-chuc/")
    page.evaluate("window.__same_document = true")
    # Set the date without a change event: only the form's submit can update the tree.
    page.locator("#ngay").evaluate("input => { input.value = '30/06/2025'; }")
    with page.expect_response(lambda r: "ngay=30%2F06%2F2025" in r.url) as answer:
        page.get_by_role("button", name="Xem").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    caption = page.locator("#tree-caption")
    expect(caption).to_contain_text("Cây tổ chức ngày 30/06/2025")
    tree = page.locator("#org-tree")
    # The last day of Ninh Thuận, after its department mergers of 01/03/2025.
    expect(tree.get_by_role("link", name="Ủy ban nhân dân tỉnh Ninh Thuận")).to_be_visible()
    expect(tree.get_by_role("link", name="Sở Kế hoạch và Đầu tư")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/to-chuc/\?ngay=30%2F06%2F2025$"))
    assert page.evaluate("window.__same_document") is True
    # Reloading the pushed URL renders the full page for the same date.
    page.reload()
    expect(page.locator("#tree-caption")).to_contain_text("Cây tổ chức ngày 30/06/2025")
    expect(page.locator("#ngay")).to_have_value("30/06/2025")
    expect(page.locator("nav.navbar")).to_have_count(1)
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []


def test_unit_detail_shows_lineage(page, login, browser_log):
    login("noivu")
    page.goto("/to-chuc/?ngay=2024-06-01")
    with page.expect_navigation():
        page.locator("#org-tree").get_by_role("link", name="Sở Kế hoạch và Đầu tư").click()
    pk = Unit.objects.get(code="NT.SKHDT").pk
    expect(page).to_have_url(re.compile(rf"/to-chuc/don-vi/{pk}/\?ngay=2024-06-01$"))
    expect(page).to_have_title("Sở Kế hoạch và Đầu tư — Sở Nội vụ")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^\s*Sở Kế hoạch và Đầu tư\s+NT\.SKHDT\s*$")
    )
    expect(page.locator("main")).to_contain_text("trực thuộc NT")
    expect(page.locator("main")).to_contain_text("đến hết ngày 28/02/2025")
    lineage = page.locator("#lineage")
    expect(lineage).to_contain_text("Hợp nhất vào Sở Tài chính từ ngày 01/03/2025")
    expect(lineage).to_contain_text("Số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ")
    expect(page.locator("#versions tbody tr")).to_have_count(1)
    expect(page.locator("#versions tbody tr")).to_contain_text("01/01/2020")

    # The lineage links to the successor, whose own page tells the other side of the story.
    with page.expect_navigation():
        lineage.get_by_role("link", name="NT.STC-2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Tài chính")
    expect(page.locator("#lineage")).to_contain_text(
        "Thành lập trên cơ sở hợp nhất Sở Tài chính, Sở Kế hoạch và Đầu tư từ ngày 01/03/2025"
    )
    # Breadcrumb back to the tree.
    with page.expect_navigation():
        page.locator(".breadcrumb").get_by_role("link", name="Cơ cấu tổ chức").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ cấu tổ chức")
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []


def test_focal_officer_sees_only_own_unit(page, login, live_server, browser_log):
    login("taichinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    page.goto("/to-chuc/")
    tree = page.locator("#org-tree")
    expect(tree.get_by_role("link", name="Sở Tài chính")).to_be_visible()
    expect(page.locator("#tree-caption")).to_contain_text(": 1 đơn vị.")
    expect(tree).not_to_contain_text("Sở Y tế")
    expect(tree).not_to_contain_text("Ủy ban nhân dân tỉnh Khánh Hòa")

    # Own unit: readable.
    own = Unit.objects.get(code="KH.STC").pk
    response = page.goto(f"/to-chuc/don-vi/{own}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("KH.STC")

    # Another department of the same province: as if it did not exist.
    other = Unit.objects.get(code="KH.SYT").pk
    response = page.goto(f"/to-chuc/don-vi/{other}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Sở Y tế")
    assert browser_log.csp_violations() == []


def test_not_found_page_is_vietnamese(page, login):
    login("taichinh")
    other = Unit.objects.get(code="KH.SYT").pk
    response = page.goto(f"/to-chuc/don-vi/{other}/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "vi", timeout=1_000)
