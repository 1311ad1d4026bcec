"""Plan reporting: the dashboard, an agency's progress report with its document, Sở Nội vụ's review,
extensions, and the focal officer's scope.

The demo's task PL.3 (Sở Tài chính, one occurrence "Một lần", due 31/12/2024) is still in progress:
a report of 15/06/2024 at 50 %, accepted. Every test starts from that state (the database is flushed
after each test)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from canbo.core.dates import format_date, today
from canbo.plans.choices import Status
from canbo.plans.models import Occurrence, Report
from canbo.plans.selectors import dashboard

PL3_TITLE = "Sửa đổi, bổ sung chính sách hỗ trợ đào tạo, bồi dưỡng (ngoài tỉnh, nữ, dân tộc thiểu số)"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a temporary directory, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def assert_clean(page, browser_log, refused=None):
    """Our scripts ran under the CSP and nothing broke. `refused`: an HTTP status the test caused on
    purpose (a refused form answers 400), which Chromium logs as a failed load."""
    assert page.evaluate("typeof htmx") == "object"
    assert browser_log.csp_violations() == []
    assert [e for e in browser_log.errors() if not (refused and f"status of {refused}" in e)] == []
    assert browser_log.page_errors == []


def switch_user(page, login, username):
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    login(username)


def pl3():
    return Occurrence.objects.get(task__code="PL.3")


def open_pl3(page):
    """The occurrence of PL.3, found as a user finds it: the task list filtered by code."""
    page.goto("/ke-hoach/nhiem-vu/?ma=PL.3")
    rows = page.locator("#occurrence-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("PL.3")
    with page.expect_navigation():
        rows.first.get_by_role("link", name=PL3_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/luot/{pl3().pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"PL.3. {PL3_TITLE}")
    return page


def type_date(field, text):
    """Type a date as a user does, then close the date picker."""
    field.click()
    field.fill("")
    field.press_sequentially(text)
    field.press("Escape")
    expect(field).to_have_value(text)


def send_report(page, *, progress, completed_on="", number="", file=None):
    box = page.locator("#report-form-box")
    if box.get_attribute("open") is None:  # open already after a refused report
        box.locator("> summary").click()
    form = page.locator("#report-form")
    expect(form).to_be_visible()
    form.get_by_label("Tình trạng", exact=True).select_option(label=progress)
    if completed_on:
        type_date(form.get_by_label("Ngày hoàn thành"), completed_on)
    if number:
        form.get_by_label("Số văn bản (sản phẩm)").fill(number)
        type_date(form.get_by_label("Ngày văn bản"), completed_on)
        form.get_by_label("Cơ quan ban hành văn bản").fill("HĐND tỉnh")
    if file:
        form.get_by_label("Tệp văn bản (PDF, Word, ODT)").set_input_files(file)
    with page.expect_navigation():
        form.get_by_role("button", name="Gửi báo cáo").click()


def status_badges(user):
    counts = dict(dashboard(user=user).by_status)
    return [f"{status.label}: {counts[status]}" for status in Status]


def test_dashboard_and_completion_report_with_document(page, login, browser_log):
    login("taichinh")
    taichinh = get_user_model().objects.get(username="taichinh")
    before = dict(dashboard(user=taichinh).by_status)
    assert before[Status.OVERDUE] >= 1  # PL.3 among them

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Theo dõi thực hiện kế hoạch")
    expect(page.get_by_role("heading", level=2, name="Theo tình trạng")).to_have_text(
        f"Theo tình trạng, ngày {format_date(today())}"
    )
    expect(page.locator("#by-status a")).to_have_text(status_badges(taichinh))
    agencies = page.locator("#by-agency tbody tr")
    expect(agencies).to_have_count(1)  # a focal officer sees its own department only
    expect(agencies.first.locator("td").first).to_have_text("Sở Tài chính KH.STC")
    expect(page.locator("#by-agency")).not_to_contain_text("Sở Y tế")
    expect(page.locator("#overdue")).to_contain_text("PL.3")
    assert_clean(page, browser_log)

    open_pl3(page)
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    expect(page.locator("#due")).to_have_text("31/12/2024")
    reports = page.locator("#reports tbody tr")
    expect(reports).to_have_count(1)
    expect(reports.first).to_contain_text("15/06/2024")
    expect(reports.first).to_contain_text("Đang thực hiện (50 %)")
    expect(page.locator("#report-form")).to_be_hidden()  # folded in its <details>

    day = format_date(today())
    send_report(
        page,
        progress="Hoàn thành",
        completed_on=day,
        number="25/2026/NQ-HĐND",
        file={"name": "nghi-quyet.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    expect(page).to_have_url(re.compile(rf"/ke-hoach/luot/{pl3().pk}/$"))  # redirected after the post
    expect(page.get_by_role("alert")).to_have_text("Đã gửi báo cáo; Sở Nội vụ sẽ xem xét.")
    expect(reports).to_have_count(2)
    new = reports.first  # newest first
    expect(new.locator("td").nth(0)).to_contain_text(f"{day}Lê Minh Tài")
    expect(new.locator("td").nth(1)).to_have_text(f"Hoàn thành (100 %)xong {day}")
    expect(new.locator("td").nth(3)).to_contain_text(f"25/2026/NQ-HĐND ngày {day} HĐND tỉnh")
    expect(new.locator("td.review")).to_have_text("Chờ xem xét")
    expect(new.get_by_role("button")).to_have_count(0)  # only Sở Nội vụ reviews
    # Done after the deadline of 31/12/2024; the report counts while it waits for review.
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn")
    expect(page.locator("#status")).to_have_class(re.compile(r"\btext-bg-warning\b"))

    # The document is kept and handed back as sent.
    with page.expect_download() as download:
        new.get_by_role("link", name="Tải tệp").click()
    assert download.value.suggested_filename == "nghi-quyet.pdf"
    with open(download.value.path(), "rb") as kept:
        assert kept.read() == PDF

    # The dashboard counts it: one less overdue, one more done late.
    page.goto("/ke-hoach/")
    after = {
        **before,
        Status.OVERDUE: before[Status.OVERDUE] - 1,
        Status.DONE_LATE: before[Status.DONE_LATE] + 1,
    }
    expect(page.locator("#by-status a")).to_have_text([f"{s.label}: {after[s]}" for s in Status])
    expect(page.locator("#pending-reviews")).to_contain_text(f"PL.3 (NT.STC) — Hoàn thành, gửi {day}")
    assert_clean(page, browser_log)


@pytest.mark.parametrize(
    "file",
    [
        {"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"hello"},
        {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ\x90\x00" + bytes(60)},
    ],
    ids=["text-named-pdf", "exe"],
)
def test_a_file_that_is_not_a_document_is_refused(page, login, browser_log, file):
    login("taichinh")
    open_pl3(page)
    reports = page.locator("#reports tbody tr")
    expect(reports).to_have_count(1)

    send_report(page, progress="Hoàn thành", completed_on=format_date(today()), number="1/BC", file=file)
    errors = page.locator("#form-errors")
    expect(errors).to_have_text(
        f"cột “Tệp văn bản”: Tệp “{file['name']}” không phải văn bản (PDF, Word (.doc, .docx), OpenDocument (.odt))."
    )
    expect(page.locator("#report-form-box")).to_have_attribute("open", "")  # the form stays open
    expect(page.locator("#report-form").get_by_label("Số văn bản (sản phẩm)")).to_have_value("1/BC")
    expect(reports).to_have_count(1)
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    assert not Report.objects.filter(occurrence=pl3(), document_number="1/BC").exists()
    assert_clean(page, browser_log, refused=400)


def test_completion_report_needs_a_completion_date_not_in_the_future(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    send_report(page, progress="Hoàn thành")
    expect(page.locator("#form-errors")).to_have_text(
        "cột “Ngày hoàn thành”: Báo cáo hoàn thành phải ghi ngày hoàn thành."
    )
    tomorrow = format_date(today() + dt.timedelta(days=1))
    send_report(page, progress="Hoàn thành", completed_on=tomorrow)
    expect(page.locator("#form-errors")).to_have_text(
        "cột “Ngày hoàn thành”: Ngày hoàn thành không thể sau ngày báo cáo."
    )
    expect(page.locator("#report-form").get_by_label("Ngày hoàn thành")).to_have_value(tomorrow)
    expect(page.locator("#reports tbody tr")).to_have_count(1)
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    assert_clean(page, browser_log, refused=400)


def test_home_affairs_returns_a_report_with_a_comment(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    day = format_date(today())
    send_report(page, progress="Hoàn thành", completed_on=day)
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn")

    switch_user(page, login, "noivu")
    page.goto("/ke-hoach/")
    pending = page.locator("#pending-reviews li", has_text="PL.3")
    expect(pending).to_have_text(f"PL.3 (NT.STC) — Hoàn thành, gửi {day}")
    with page.expect_navigation():
        pending.get_by_role("link", name="PL.3").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/luot/{pl3().pk}/$"))
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn")
    new = page.locator("#reports tbody tr").first
    review = new.locator("td.review")

    # Returning without a comment: refused, the report still waits.
    with page.expect_navigation():
        review.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("alert")).to_have_text("Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện.")
    expect(review).to_contain_text("Chờ xem xét")
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn")

    comment = "Thiếu văn bản kèm theo; đề nghị bổ sung Nghị quyết."
    review.get_by_label("Ý kiến").fill(comment)
    with page.expect_navigation():
        review.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi kết quả xem xét báo cáo.")
    expect(review).to_have_text(re.compile(rf"^\s*Trả lại\s*{re.escape(comment)}\s*$"))
    expect(review.get_by_role("button")).to_have_count(0)
    # A returned report no longer counts: back to the report of 2024, in progress, overdue.
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    page.goto("/ke-hoach/")
    expect(page.locator("#pending-reviews")).not_to_contain_text("PL.3")
    assert_clean(page, browser_log)

    # The agency sees the comment.
    switch_user(page, login, "taichinh")
    open_pl3(page)
    review = page.locator("#reports tbody tr").first.locator("td.review")
    expect(review).to_have_text(re.compile(rf"^\s*Trả lại\s*{re.escape(comment)}\s*$"))
    assert_clean(page, browser_log)


def test_home_affairs_accepts_a_report(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    send_report(page, progress="Hoàn thành", completed_on="20/12/2024", number="25/2026/NQ-HĐND")
    expect(page.locator("#status")).to_have_text("Hoàn thành đúng hạn")  # done before 31/12/2024

    switch_user(page, login, "noivu")
    open_pl3(page)
    review = page.locator("#reports tbody tr").first.locator("td.review")
    expect(review).to_contain_text("Chờ xem xét")
    review.get_by_label("Ý kiến").fill("Đạt yêu cầu.")
    with page.expect_navigation():
        review.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi kết quả xem xét báo cáo.")
    expect(review).to_have_text(re.compile(r"^\s*Đã chấp nhận\s*Đạt yêu cầu\.\s*$"))
    expect(review.get_by_role("button")).to_have_count(0)
    expect(page.locator("#status")).to_have_text("Hoàn thành đúng hạn")
    report = Report.objects.get(occurrence=pl3(), document_number="25/2026/NQ-HĐND")
    assert (report.review, report.reviewed_by.username, report.reviewed_on) == ("nhan", "noivu", today())
    assert_clean(page, browser_log)


def test_other_department_cannot_see_the_task(page, login, browser_log):
    login("daumoi.syt")
    page.goto("/ke-hoach/nhiem-vu/?ma=PL.3")
    expect(page.locator("main")).to_contain_text("0 lượt thực hiện")
    expect(page.locator("#occurrence-table tbody tr")).to_have_text(["Không có nhiệm vụ nào."])
    # Its own department's tasks are listed.
    page.goto("/ke-hoach/nhiem-vu/")
    expect(page.locator("#occurrence-table tbody tr").first).not_to_have_text("Không có nhiệm vụ nào.")
    expect(page.locator("#occurrence-table")).not_to_contain_text(PL3_TITLE)

    occurrence = pl3()
    for url in (f"/ke-hoach/luot/{occurrence.pk}/", f"/ke-hoach/nhiem-vu/{occurrence.task_id}/"):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang hoặc dữ liệu")
        expect(page.locator("body")).not_to_contain_text(PL3_TITLE)
    page.goto("/ke-hoach/")
    expect(page.locator("#by-agency tbody tr")).to_have_count(1)
    expect(page.locator("#by-agency tbody tr").first.locator("td").first).to_have_text("Sở Y tế KH.SYT")
    expect(page.locator("main")).not_to_contain_text("PL.3")
    assert_clean(page, browser_log, refused=404)


def test_extension_requested_then_granted(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    extensions = page.locator("#extensions li")
    expect(extensions).to_have_text(["Không có."])
    day = format_date(today())
    new_due = format_date(today() + dt.timedelta(days=90))
    reason = "Chờ Trung ương hướng dẫn chính sách hỗ trợ."
    form = page.locator("#extension-form")
    type_date(form.get_by_label("Đề nghị gia hạn đến"), new_due)
    form.get_by_label("Lý do").fill(reason)
    with page.expect_navigation():
        form.get_by_role("button", name="Đề nghị gia hạn").click()
    expect(page.get_by_role("alert")).to_have_text("Đã gửi đề nghị gia hạn.")
    expect(extensions).to_have_text([f"Đề nghị ngày {day}: đến {new_due} — {reason} — Chờ xem xét"])
    expect(extensions.get_by_role("button")).to_have_count(0)  # only Sở Nội vụ decides
    # Asked, not granted: the deadline has not moved.
    expect(page.locator("#due")).to_have_text("31/12/2024")
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    assert_clean(page, browser_log)

    switch_user(page, login, "noivu")
    open_pl3(page)
    with page.expect_navigation():
        extensions.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi quyết định gia hạn.")
    expect(extensions).to_have_text(
        [f"Đề nghị ngày {day}: đến {new_due} — {reason} — Đồng ý gia hạn ({day})"]
    )
    expect(extensions.get_by_role("button")).to_have_count(0)
    expect(page.locator("#due")).to_have_text(f"{new_due} (ban đầu 31/12/2024, đã gia hạn 1 lần)")
    expect(page.locator("#status")).to_have_text("Đang thực hiện trong hạn")
    # The list shows the extension too.
    page.goto("/ke-hoach/nhiem-vu/?ma=PL.3")
    row = page.locator("#occurrence-table tbody tr")
    expect(row.locator("td").nth(4)).to_have_text(f"{new_due} (gia hạn 1 lần)")
    expect(row.locator("td").nth(5)).to_have_text("Đang thực hiện trong hạn")
    assert_clean(page, browser_log)


def test_extension_to_a_past_date_is_refused(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    form = page.locator("#extension-form")
    type_date(form.get_by_label("Đề nghị gia hạn đến"), format_date(today()))
    form.get_by_label("Lý do").fill("Lý do bất kỳ.")
    with page.expect_navigation():
        form.get_by_role("button", name="Đề nghị gia hạn").click()
    expect(page.get_by_role("alert")).to_have_text("Thời hạn đề nghị phải sau ngày đề nghị.")
    expect(page.locator("#extensions li")).to_have_text(["Không có."])
    assert_clean(page, browser_log, refused=400)


def test_home_affairs_answers_an_obstacle(page, login, browser_log):
    raised = "15/06/2024: Chưa cân đối được nguồn ngân sách cho chính sách hỗ trợ."
    login("taichinh")
    open_pl3(page)
    obstacle = page.locator("#obstacles li")
    expect(obstacle).to_have_count(1)
    expect(obstacle).to_contain_text(raised)
    expect(obstacle).to_contain_text("Chưa trả lời")
    expect(obstacle.get_by_role("button")).to_have_count(0)  # only Sở Nội vụ answers

    switch_user(page, login, "noivu")
    page.goto("/ke-hoach/")
    listed = page.locator("#open-obstacles li", has_text="PL.3")
    expect(listed).to_contain_text("(NT.STC, 15/06/2024): Chưa cân đối được nguồn ngân sách")
    with page.expect_navigation():
        listed.get_by_role("link", name="PL.3").click()
    with page.expect_navigation():
        obstacle.get_by_role("button", name="Trả lời").click()
    expect(page.get_by_role("alert")).to_have_text("Phải ghi nội dung trả lời.")
    expect(obstacle).to_contain_text("Chưa trả lời")
    answer = "UBND tỉnh bố trí kinh phí trong dự toán năm sau."
    obstacle.get_by_label("Trả lời").fill(answer)
    with page.expect_navigation():
        obstacle.get_by_role("button", name="Trả lời").click()
    expect(page.get_by_role("alert")).to_have_text("Đã trả lời vướng mắc.")
    expect(obstacle.locator(".text-success")).to_have_text(
        f"Sở Nội vụ trả lời ngày {format_date(today())}: {answer}"
    )
    expect(obstacle).not_to_contain_text("Chưa trả lời")
    page.goto("/ke-hoach/")
    expect(page.locator("#open-obstacles")).not_to_contain_text("PL.3")
    assert_clean(page, browser_log)


# --- bugs found while writing these tests, now fixed


def test_the_second_report_of_the_day_counts(page, login):
    login("taichinh")
    open_pl3(page)
    page.locator("#report-form-box > summary").click()
    form = page.locator("#report-form")
    form.get_by_label("Tình trạng", exact=True).select_option(label="Đang thực hiện")
    form.get_by_label("Tỷ lệ hoàn thành (%)").fill("90")
    with page.expect_navigation():
        form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    send_report(page, progress="Hoàn thành", completed_on=format_date(today()))
    expect(page.locator("#reports tbody tr").first).to_contain_text("Hoàn thành (100 %)")  # shown as latest
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn", timeout=1_000)


def test_an_extension_without_a_reason_says_why(page, login):
    login("taichinh")
    open_pl3(page)
    form = page.locator("#extension-form")
    type_date(form.get_by_label("Đề nghị gia hạn đến"), format_date(today() + dt.timedelta(days=30)))
    form.get_by_label("Lý do").fill("   ")  # passes the browser's check, not the server's
    with page.expect_navigation() as answer:
        form.get_by_role("button", name="Đề nghị gia hạn").click()
    assert answer.value.status == 400
    expect(page.locator("#extensions li")).to_have_text(["Không có."])  # nothing written, rightly
    expect(page.locator("main")).to_contain_text(re.compile(r"[Bb]ắt buộc|[Pp]hải ghi lý do"), timeout=1_000)
