"""Job positions in the browser: the focal officer of Sở Tài chính sees the staffing page (the quota,
the rank-share verdict naming Decree 361/2025), adds a position (htmx), places a person into it, and
reads the page on a phone (390 × 844) without the page scrolling sideways."""

from playwright.sync_api import expect

from canbo.accounts.system import SYSTEM
from canbo.demo.positions import demo_positions
from canbo.demo.registry.agencies import DEMO_TODAY
from canbo.org.models import Unit
from canbo.positions.models import JobPosition, PositionHolding
from canbo.positions.selectors import agency_people


def assert_clean(page, browser_log):
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_the_focal_officer_adds_a_position_and_places_someone(page, login, browser_log):
    demo_positions(actor=SYSTEM, on=DEMO_TODAY)  # nothing when the demo command wrote them already
    unit = Unit.objects.get(code="KH.STC")
    login("taichinh")
    page.goto(f"/vi-tri-viec-lam/co-quan/{unit.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Tài chính")
    expect(page.locator("#senior-share")).to_contain_text("Nghị định 361/2025/NĐ-CP")
    expect(page.locator("#quota-table")).to_contain_text("Công chức")
    assert_clean(page, browser_log)

    page.fill("#position-form input[name=ma]", "CM.99")
    page.fill("#position-form input[name=ten]", "Chuyên viên về thống kê tài chính")
    page.select_option("#position-form select[name=nhom]", "chuyen_mon")
    page.fill("#position-form input[name=so_nguoi]", "2")
    with page.expect_navigation():  # htmx answers 204 with HX-Redirect: the page again
        page.locator("#position-form").get_by_role("button", name="Thêm vị trí").click()
    expect(page.locator("main")).to_contain_text("Đã thêm vị trí")
    expect(page.locator("#positions-table")).to_contain_text("Chuyên viên về thống kê tài chính")
    position = JobPosition.objects.get(unit=unit, code="CM.99")

    placed = PositionHolding.objects.filter(valid_to__isnull=True).values("person_id")
    person = (
        agency_people(unit=unit, on=position.valid_from).exclude(pk__in=placed).order_by("sort_key").first()
    )
    assert person is not None, "the demo's Sở Tài chính has someone without a position"
    page.select_option("#place-form select[name=nguoi]", str(person.pk))
    page.select_option("#place-form select[name=vi_tri]", str(position.pk))
    with page.expect_navigation():
        page.locator("#place-form").get_by_role("button", name="Bố trí").click()
    expect(page.locator("main")).to_contain_text(f"Đã bố trí {person.full_name}")
    assert PositionHolding.objects.filter(person=person, position=position).exists()
    assert_clean(page, browser_log)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/vi-tri-viec-lam/co-quan/{unit.pk}/")
    expect(page.locator("#positions-table")).to_contain_text("Chuyên viên về thống kê tài chính")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
