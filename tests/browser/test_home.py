"""The home page of each role and the work it leads to (issue 13.5–13.8).

- A focal officer (taichinh, Sở Tài chính) whose report Sở Nội vụ returned sees it under "Việc cần làm"
  with the comment, opens it, finds the form filled from the returned report under the comment, and
  sends it again.
- A reviewer (noivu) accepts three reports at once from the list of reports waiting, with one comment.
- A leader (lanhdao) opens the briefing, then the names and posts behind "Lãnh đạo dưới 40 tuổi", and
  gets no CCCD: not on the page, not in the people export.

The demo's PL.3 (Sở Tài chính, one occurrence, due 31/12/2024) is in progress, overdue; its report of
15/06/2024 (50 %) accepted. The database is flushed after each test."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from canbo.core.dates import format_date, today
from canbo.people.models import Assignment, Person
from canbo.plans.choices import NotificationKind, Progress, Review
from canbo.plans.models import Notification, Occurrence, Report
from canbo.plans.services import ReportInput, report_review, report_submit

COMMENT = "Thiếu số liệu năm 2024; đề nghị bổ sung và ghi rõ văn bản ban hành."


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def assert_clean(page, browser_log):
    assert browser_log.csp_violations() == []
    assert browser_log.errors() == []
    assert browser_log.page_errors == []


def user(username):
    return get_user_model().objects.get(username=username)


def test_focal_officer_sees_the_returned_report_at_home_and_resubmits_it_filled(page, login, browser_log):
    pl3 = Occurrence.objects.get(task__code="PL.3")
    sent = report_submit(
        actor=user("taichinh"),
        occurrence=pl3,
        data=ReportInput(
            progress=Progress.DONE,
            narrative="Đã trình HĐND tỉnh ban hành nghị quyết sửa đổi chính sách.",
            completed_on=dt.date(2024, 12, 20),
            document_number="25/2024/NQ-HĐND",
            document_date=dt.date(2024, 12, 20),
            document_issuer="HĐND tỉnh",
            proposals="Bổ sung kinh phí đào tạo ngoài tỉnh.",
        ),
        on=today(),
    )
    report_review(actor=user("noivu"), report=sent, accept=False, comment=COMMENT, on=today())
    # Told in the application: who sent it (taichinh), also the agency's focal officer.
    (note,) = Notification.objects.filter(occurrence=pl3, kind=NotificationKind.RETURNED)
    assert note.recipient == user("taichinh")
    assert COMMENT in note.text

    login("taichinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    returned = page.locator("#todo-returned li")
    expect(returned).to_have_count(1)
    expect(returned.first).to_contain_text("PL.3")
    expect(returned.first).to_contain_text(f"Trả lại ngày {format_date(today())}: {COMMENT}")
    expect(page.locator("#todo-notifications li").first).to_contain_text(COMMENT)
    expect(page.locator("#todo-overdue")).to_contain_text("PL.3")  # the return left the work overdue

    with page.expect_navigation():
        returned.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/luot/{pl3.pk}/$"))
    expect(page.locator("#returned-comment")).to_contain_text(COMMENT)
    form = page.locator("#report-form")
    expect(form).to_be_visible()  # open: the returned report is the work to do
    expect(form.get_by_label("Tình trạng", exact=True)).to_have_value(Progress.DONE)
    expect(form.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("100")
    expect(form.get_by_label("Kết quả thực hiện")).to_have_value(
        "Đã trình HĐND tỉnh ban hành nghị quyết sửa đổi chính sách."
    )
    expect(form.get_by_label("Ngày hoàn thành")).to_have_value("20/12/2024")
    expect(form.get_by_label("Số văn bản (sản phẩm)")).to_have_value("25/2024/NQ-HĐND")
    expect(form.get_by_label("Ngày văn bản")).to_have_value("20/12/2024")
    expect(form.get_by_label("Cơ quan ban hành văn bản")).to_have_value("HĐND tỉnh")
    expect(form.get_by_label("Đề xuất, kiến nghị")).to_have_value("Bổ sung kinh phí đào tạo ngoài tỉnh.")
    # The comment is above the form.
    above = page.evaluate(
        "document.querySelector('#returned-comment').compareDocumentPosition("
        "document.querySelector('#report-form')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert above

    form.get_by_label("Kết quả thực hiện").fill("Đã bổ sung số liệu năm 2024 theo ý kiến của Sở Nội vụ.")
    with page.expect_navigation():
        form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("alert")).to_have_text("Đã gửi báo cáo; Sở Nội vụ sẽ xem xét.")
    expect(page.locator("#returned-comment")).to_have_count(0)
    again = Report.objects.filter(occurrence=pl3).latest("pk")
    assert again.pk != sent.pk and again.review == Review.SUBMITTED
    kept = ["progress", "percent", "completed_on", "document_number", "document_date", "document_issuer"]
    assert [getattr(again, f) for f in kept] == [getattr(sent, f) for f in kept]
    assert again.proposals == "Bổ sung kinh phí đào tạo ngoài tỉnh."
    assert again.narrative == "Đã bổ sung số liệu năm 2024 theo ý kiến của Sở Nội vụ."

    page.goto("/")
    expect(page.locator("#todo-returned li")).to_have_text(["Không có."])  # nothing returned any more
    assert_clean(page, browser_log)


def test_reviewer_accepts_three_reports_at_once(page, login, browser_log):
    noivu = user("noivu")
    waiting = Report.objects.filter(review=Review.SUBMITTED, submitted_on__lte=today())
    before = waiting.count()
    assert before >= 4  # the demo leaves reports waiting; one at least stays after

    login("noivu")
    expect(page.locator("#pending-count")).to_have_text(str(before))
    with page.expect_navigation():
        page.locator("#office-cards a", has_text="báo cáo chờ xem xét").click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/bao-cao/cho-xem-xet/$"))
    rows = page.locator("#review-table tbody tr")
    expect(rows).to_have_count(before)
    boxes = page.locator("#review-table input[name=bao_cao]")
    chosen = [int(boxes.nth(i).get_attribute("value")) for i in range(3)]
    for i in range(3):
        boxes.nth(i).check()
    page.get_by_label("Ý kiến chung khi chấp nhận").fill("Đạt yêu cầu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Chấp nhận các báo cáo đã chọn").click()
    expect(page.get_by_role("alert")).to_have_text("Đã chấp nhận 3 báo cáo.")
    expect(rows).to_have_count(before - 3)
    expect(page.locator("#review-count")).to_have_text(f"{before - 3} báo cáo.")

    accepted = Report.objects.filter(pk__in=chosen)
    assert {(r.review, r.review_comment, r.reviewed_by_id, r.reviewed_on) for r in accepted} == {
        (Review.ACCEPTED, "Đạt yêu cầu.", noivu.pk, today())
    }
    assert waiting.count() == before - 3
    # Each sender is told (the demo's focal officers sent them).
    for report in accepted:
        assert Notification.objects.filter(
            occurrence=report.occurrence, kind=NotificationKind.ACCEPTED, recipient=report.submitted_by
        ).exists()
    assert_clean(page, browser_log)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_leader_opens_the_briefing_and_the_names_under_40_without_cccd(page, login, browser_log):
    login("lanhdao")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tóm tắt cho lãnh đạo")
    expect(page.locator("#key-figures")).to_be_visible()
    figure = page.locator("#figure-leaders_under_40 td").nth(1).inner_text()
    assert figure.isdigit()
    expect(page.locator("#briefing-late")).to_be_visible()
    expect(page.locator("#briefing-changes tbody tr")).to_have_count(7)  # one line per status

    with page.expect_navigation():
        page.get_by_role("link", name="Lãnh đạo dưới 40 tuổi").click()
    names = page.locator("#under-40-names tbody tr")
    expect(names).to_have_count(int(figure))
    assert int(figure) > 0  # the demo has young leaders: the list is not empty by construction
    on = today()
    listed = [names.nth(i).locator("td").all_inner_texts() for i in range(int(figure))]
    for name, post, unit in listed:
        assert post and unit
        # Each listed person is a leader under 40 today, holding that post (worked out here).
        holders = Assignment.objects.filter(
            person__full_name=name, post__name=post, valid_from__lte=on
        ).exclude(valid_to__lte=on)
        assert any(_age(a.person.birth_date, on) < 40 for a in holders.select_related("person")), name
    headers = page.locator("#under-40-names thead th").all_inner_texts()
    assert headers == ["Họ và tên", "Chức vụ", "Cơ quan, đơn vị"]

    people = Person.objects.filter(full_name__in=[row[0] for row in listed])
    cccds = [p.cccd for p in people if p.cccd]
    assert cccds  # the demo's people have CCCD numbers: what the page must not show
    html = page.content()
    assert not [c for c in cccds if c in html]
    assert not re.search(r"\b\d{12}\b", html)

    # Nor in the people export a leader may take of the same people.
    response = page.request.get("/can-bo/xuat-excel/?lanh_dao=on&tuoi_den=39")
    assert response.status == 200
    book = openpyxl.load_workbook(io.BytesIO(response.body()), read_only=True)
    cells = [
        str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    assert not [c for c in cccds if c in cells]
    assert not [c for c in cells if re.fullmatch(r"\d{12}", c)]
    assert_clean(page, browser_log)
