"""Training in the browser: Sở Tài chính's focal officer finds one of their people and proposes them for a
class; Sở Nội vụ approves, records the result and completes the class, and the person's record gains
the training; the language programme's outlook is drawn under the CSP; the class page on a phone
(390 × 844) does not scroll sideways."""

import datetime as dt

from playwright.sync_api import expect

from canbo.accounts.system import SYSTEM
from canbo.org.models import Unit
from canbo.people.models import Person, Training
from canbo.training import services
from canbo.training.models import Enrolment

YEAR = 2026


def assert_clean(browser_log):
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def _class():
    course = services.course_create(
        actor=SYSTEM,
        data={
            "code": "qlnn-cvc-thu",
            "name": "Bồi dưỡng ngạch chuyên viên chính",
            "kind": "qlnn",
            "level": "chuyen_vien_chinh",
        },
    )
    return services.class_create(
        actor=SYSTEM,
        data={
            "course": course,
            "name": "Lớp chuyên viên chính thử nghiệm",
            "year": YEAR,
            "starts_on": dt.date(YEAR, 5, 4),
            "ends_on": dt.date(YEAR, 7, 31),
            "capacity": 30,
            "organiser": Unit.objects.get(code="KH.SNV"),
            "status": "dang_hoc",
        },
    )


def test_an_agency_proposes_and_home_affairs_completes(page, login, browser_log):
    training_class = _class()
    person = Person.objects.filter(unit__code="KH.STC").order_by("sort_key").first()
    assert person is not None
    login("taichinh")
    page.goto(f"/dao-tao/?nam={YEAR}")
    with page.expect_navigation():
        page.get_by_role("link", name="Lớp chuyên viên chính thử nghiệm").click()
    page.get_by_label("Tìm theo họ và tên").fill(person.full_name)
    with page.expect_navigation():
        page.locator("#search-form").get_by_role("button", name="Tìm").click()
    with page.expect_navigation():
        page.locator("#found li").filter(has_text=person.full_name).get_by_role(
            "button", name="Đề nghị"
        ).click()
    expect(page.locator("main")).to_contain_text(f"Đã đề nghị cử {person.full_name} đi học.")
    expect(page.locator("#enrolments")).to_contain_text("Cơ quan đề nghị")
    expect(page.locator("#enrolments").get_by_role("button", name="Duyệt", exact=True)).to_have_count(0)
    assert_clean(browser_log)

    page.context.clear_cookies()
    login("noivu")
    page.goto(f"/dao-tao/lop/{training_class.pk}/")
    row = page.locator("#enrolments tr").filter(has_text=person.full_name)
    with page.expect_navigation():
        row.get_by_role("button", name="Duyệt", exact=True).click()
    expect(row).to_contain_text("Sở Nội vụ đã duyệt")
    row.locator("summary").click()
    row.get_by_label("Xếp loại").fill("Giỏi")
    row.get_by_label("Số chứng chỉ").fill("CVC-0001")
    with page.expect_navigation():
        row.get_by_role("button", name="Ghi").click()
    expect(row).to_contain_text("Hoàn thành, đạt")
    with page.expect_navigation():
        page.get_by_role("button", name="Kết thúc lớp, ghi vào hồ sơ").click()
    expect(page.locator("main")).to_contain_text("đã ghi kết quả của 1 học viên đạt vào hồ sơ")
    assert Enrolment.objects.get(training_class=training_class, person=person).recorded
    assert Training.objects.filter(person=person, kind="qlnn").exists()
    assert_clean(browser_log)


def test_the_language_programme_outlook_is_drawn(page, login, browser_log):
    login("noivu")
    page.goto("/dao-tao/ngoai-ngu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chương trình đào tạo ngoại ngữ")
    expect(page.locator("#outlook tbody tr").last).to_contain_text("31/12/2030")
    assert (
        page.evaluate("Chart.getChart(document.getElementById('programme-chart')).data.datasets.length") >= 2
    )
    expect(page.locator("#key-cadre-terms li")).to_have_count(2)
    assert_clean(browser_log)


def test_the_class_page_fits_a_phone(page, login, browser_log):
    training_class = _class()
    page.set_viewport_size({"width": 390, "height": 844})
    login("noivu")
    page.goto(f"/dao-tao/lop/{training_class.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lớp chuyên viên chính thử nghiệm")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(browser_log)
