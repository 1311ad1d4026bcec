"""The dossier's forms in the browser (issue 13.2): an officer records an appointment and an
evaluation on a person's page and sees them there; the same form opened in two pages and sent from
both: the second says the dossier was changed by someone else, and what."""

from playwright.sync_api import expect

from canbo.people.models import Assignment, Person, PoliticalConclusion

DEMO_PASSWORD = "canbo-demo-2025"


def a_person_without_a_post() -> Person:
    """Someone working without a post (the demo has many), with a conclusion that they meet the political
    standard: an appointment from 29/10/2021 needs one (plan II.7, the appointment gate)."""
    open_staff = Assignment.objects.filter(valid_to__isnull=True, post__isnull=True, concurrent=False)
    held = Assignment.objects.filter(valid_to__isnull=True, post__isnull=False).values("person_id")
    concluded = PoliticalConclusion.objects.filter(meets_standard=True).values("person_id")
    return (
        Person.objects.filter(pk__in=open_staff.values("person_id"))
        .filter(pk__in=concluded)
        .exclude(pk__in=held)
        .order_by("pk")
        .first()
    )


def open_form(page, button_name: str, slot: str):
    page.get_by_role("button", name=button_name, exact=True).click()
    form = page.locator(f"#{slot} form")
    expect(form).to_be_visible()
    return form


def test_an_officer_records_an_appointment_and_an_evaluation(page, login, browser, demo_data, browser_log):
    person = a_person_without_a_post()
    login("noivu")
    page.goto(f"/can-bo/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)

    form = open_form(page, "Bổ nhiệm", "slot-career")
    form.locator("#bo-nhiem-post").select_option(label="Phó Trưởng phòng")
    form.locator("#bo-nhiem-on").fill("01/12/2026")
    form.locator("#bo-nhiem-decision_number").fill("45/QĐ-STC")
    form.locator("#bo-nhiem-note").fill("Theo kết quả lấy phiếu tín nhiệm")
    form.locator("#bo-nhiem-decision_number").click()  # the calendar closes
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#slot-career")).to_contain_text("Đã ghi bổ nhiệm Phó Trưởng phòng từ 01/12/2026.")
    expect(page.locator("#slot-career form")).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("Phó Trưởng phòng")
    expect(page.locator("#timeline")).to_contain_text("QĐ số 45/QĐ-STC")
    expect(page.locator("#history")).to_contain_text("Bổ nhiệm")

    form = open_form(page, "Thêm: đánh giá, xếp loại", "slot-evaluation")
    form.locator("#danh-gia-year").fill("2019")
    form.locator("#danh-gia-level").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#list-evaluation")).to_contain_text("2019: Hoàn thành xuất sắc nhiệm vụ")
    assert person.evaluations.filter(year=2019, level="xuat_sac").exists()
    assert Person.objects.get(pk=person.pk).version == person.version + 2

    # The same form in two pages: the second one sent is stale and says what changed.
    other = browser.new_context(locale="vi-VN", base_url=demo_data.url)
    second = other.new_page()
    second.goto("/dang-nhap/")
    second.fill("#id_username", "nhaplieu")
    second.fill("#id_password", DEMO_PASSWORD)
    with second.expect_navigation():
        second.get_by_role("button", name="Đăng nhập").click()
    second.goto(f"/can-bo/{person.pk}/")
    first_form = open_form(page, "Thêm: đánh giá, xếp loại", "slot-evaluation")
    second_form = open_form(second, "Thêm: đánh giá, xếp loại", "slot-evaluation")
    first_form.locator("#danh-gia-year").fill("2018")
    first_form.locator("#danh-gia-level").select_option(label="Hoàn thành tốt nhiệm vụ")
    first_form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#list-evaluation")).to_contain_text("2018: Hoàn thành tốt nhiệm vụ")
    second_form.locator("#danh-gia-year").fill("2017")
    second_form.get_by_role("button", name="Lưu").click()
    stale = second.locator("#stale-message")
    expect(stale).to_contain_text("đã được người khác sửa")
    expect(stale).to_contain_text("noivu")
    expect(stale).to_contain_text("Năm 2018: Hoàn thành tốt nhiệm vụ")
    expect(second.locator("#list-evaluation")).to_contain_text("2018")  # the page shows the dossier as it is
    assert not person.evaluations.filter(year=2017).exists()
    other.close()
    assert browser_log.page_errors == []
    assert [e for e in browser_log.errors() if "status of 400" not in e] == []


def test_a_leader_sees_no_forms(page, login, browser_log):
    person = a_person_without_a_post()
    login("lanhdao")
    page.goto(f"/can-bo/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
    expect(page.get_by_role("button", name="Bổ nhiệm", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Sửa")).to_have_count(0)


def test_the_forms_fit_a_phone(browser, demo_data, browser_log):
    person = a_person_without_a_post()
    context = browser.new_context(
        locale="vi-VN", base_url=demo_data.url, viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    phone.goto("/dang-nhap/")
    phone.fill("#id_username", "noivu")
    phone.fill("#id_password", DEMO_PASSWORD)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Đăng nhập").click()
    phone.goto(f"/can-bo/{person.pk}/")
    open_form(phone, "Điều động", "slot-career")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
