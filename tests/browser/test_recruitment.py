"""Recruitment in the browser: the demo's recruitment of Sở Tài chính (round 2 partly scored, a tie at one
position's quota) is finished by Sở Nội vụ's officer — the missing scores entered, the head's decision on
the tie recorded, the result published, the appointment made — and the new civil servants are found in
the registry (/can-bo/) from their first day. Then the page on a phone, without sideways scrolling."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from canbo.accounts.system import SYSTEM
from canbo.core.dates import today
from canbo.demo.recruitment import demo_recruitment
from canbo.people.models import Assignment, Person
from canbo.recruitment.models import Candidate, Recruitment


def assert_clean(page, browser_log):
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def test_a_recruitment_from_scores_to_the_registry(page, login, browser_log):
    noivu = get_user_model().objects.get(username="noivu")
    demo_recruitment(actor=SYSTEM, home_affairs=noivu, on=today())
    recruitment = Recruitment.objects.get(unit__code="KH.STC")
    login("noivu")
    page.goto("/tuyen-dung/")
    with page.expect_navigation():
        page.get_by_role("link", name=recruitment.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(recruitment.title)
    expect(page.locator("#steps [aria-current=step]")).to_contain_text("Đang chấm vòng 2")
    tie = page.locator(".ranking .pending")
    expect(tie).to_contain_text("chờ người đứng đầu quyết định")
    expect(tie).to_contain_text("Phan Đức Thịnh")

    for name, points in (("Bùi Thị Kim Oanh", "58,5"), ("Lâm Thị Ngọc Bích", "76"), ("Cao Văn Sơn", "73,5")):
        number = Candidate.objects.get(line__recruitment=recruitment, full_name=name).number
        row = page.locator(f"#c-{number}")
        row.get_by_label(f"Điểm chuyên môn của {name}").fill(points)
        with page.expect_navigation():
            row.get_by_role("button", name="Ghi").click()
        expect(page.locator("main")).to_contain_text(f"Đã ghi điểm của {number:03d} {name}")

    with page.expect_navigation():  # refused: the tie is still open
        page.get_by_role("button", name="Thông báo kết quả").click()
    expect(page.locator("main")).to_contain_text("chờ người đứng đầu quyết định")
    form = page.locator(".tie-form")
    form.get_by_label("Phan Đức Thịnh (SBD 7)").check()
    form.get_by_label("Người đứng đầu").fill("Nguyễn Văn Giám")
    form.get_by_label("Số văn bản").fill("45/QĐ-STC")
    form.get_by_label("Lý do").fill("Có kinh nghiệm quản lý giá tại cơ sở")
    with page.expect_navigation():
        form.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".tie-recorded")).to_contain_text("Nguyễn Văn Giám (văn bản số 45/QĐ-STC)")
    expect(page.locator(".ranking").nth(1).locator(".admitted")).to_contain_text("người đứng đầu quyết định")

    page.get_by_label("Số thông báo").fill("60/TB-STC")
    with page.expect_navigation():
        page.get_by_role("button", name="Thông báo kết quả").click()
    expect(page.locator("#steps [aria-current=step]")).to_contain_text("Đã thông báo kết quả")
    expect(page.get_by_role("link", name="Thông báo kết quả (Word)")).to_be_visible()

    first_day = today()
    page.get_by_label("Số quyết định").fill("70/QĐ-STC")
    with page.expect_navigation():
        page.get_by_role("button", name="Tuyển dụng", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã tuyển dụng 4 người")
    appointed = set(
        Candidate.objects.filter(line__recruitment=recruitment, appointed_on=first_day).values_list(
            "full_name", flat=True
        )
    )
    assert appointed == {"Huỳnh Minh Tuấn", "Đặng Thị Thu Hà", "Phan Đức Thịnh", "Lâm Thị Ngọc Bích"}
    person = Person.objects.get(full_name="Phan Đức Thịnh", recruited_on=first_day)
    assert Assignment.objects.get(person=person).valid_from == first_day

    page.goto("/can-bo/")
    with page.expect_response(lambda r: r.url.endswith("/can-bo/") and r.request.method == "POST"):
        page.fill("#id_q", "Phan Duc Thinh")
    expect(page.locator("#people-table")).to_contain_text("Phan Đức Thịnh")
    with page.expect_navigation():
        page.locator("#people-table").get_by_role("link", name="Phan Đức Thịnh").first.click()
    expect(page.locator("#timeline")).to_contain_text("Tuyển dụng")
    assert_clean(page, browser_log)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/tuyen-dung/{recruitment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
