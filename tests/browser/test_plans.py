"""Plan reporting: the dashboard, an agency's progress report with its document, Sở Nội vụ's review,
extensions, and the focal officer's scope.

The demo's task PL.3 (Sở Tài chính, one occurrence "Một lần", due 31/12/2024) is still in progress:
a report of 15/06/2024 at 50 %, accepted. Every test starts from that state (the database is flushed
after each test).

A report of completed work is "Đã báo cáo, chờ xem xét" until Sở Nội vụ accepts it; accepted, the work
is done on the day the report was sent (issue 12.8). Who asks for an extension never decides it, and a
decision carries a comment (issue 12.9). The demo has two Sở Nội vụ officers: "noivu" (Trần Thị Nội)
and "nhaplieu" (Huỳnh Thị Nhập)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import formats, translation
from django.utils.text import Truncator
from playwright.sync_api import expect

from canbo.core.dates import format_date, today
from canbo.plans.choices import ExtensionState, Review, Status
from canbo.plans.models import Extension, Occurrence, Report
from canbo.plans.selectors import dashboard, occurrences_visible

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


AGENCY_COLUMNS = [
    "Cơ quan, đơn vị",
    "Số lượt",
    "Hoàn thành đúng hạn (a)",
    "Hoàn thành quá hạn (b)",
    "Đang quá hạn (c)",
    "Chờ xem xét",
    "Tỷ lệ đúng hạn a / (a+b+c)",
]


def agency_cells(name, *, total, on_time, late, overdue, waiting):
    """A row of the dashboard's #by-agency table, the rate worked out here: a / (a+b+c), a report
    waiting for review in none of them."""
    judged = on_time + late + overdue
    if judged:
        with translation.override("vi"):  # the page's language: 76,9 %
            rate = f"{formats.localize(round(100 * on_time / judged, 1))} % ({on_time}/{judged})"
    else:
        rate = "—"
    return [name, str(total), str(on_time), str(late), str(overdue), str(waiting), rate]


def pending_group(page, code):
    """The review queue's items under the heading of task `code` (the queue is grouped by task)."""
    heading = page.locator("#pending-reviews > div").filter(
        has=page.get_by_role("link", name=code, exact=True)
    )
    expect(heading).to_have_count(1)
    return heading, heading.locator("xpath=following-sibling::ul[1]/li")


def csrf_token(page):
    """The token of a form on the page, for a request the page does not offer (a forged POST)."""
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()


def test_dashboard_and_completion_report_with_document(page, login, browser_log):
    login("taichinh")
    taichinh = get_user_model().objects.get(username="taichinh")
    board = dashboard(user=taichinh)
    before = dict(board.by_status)
    assert before[Status.OVERDUE] >= 1  # PL.3 among them
    (line,) = board.by_agency
    agency = {
        "name": f"{line.name} {line.unit.code}",
        "total": line.total,
        "on_time": line.counts[Status.DONE_ON_TIME],
        "late": line.counts[Status.DONE_LATE],
        "overdue": line.counts[Status.OVERDUE],
        "waiting": line.counts[Status.SUBMITTED],
    }

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Theo dõi thực hiện kế hoạch")
    expect(page.get_by_role("heading", level=2, name="Theo tình trạng")).to_have_text(
        f"Theo tình trạng, ngày {format_date(today())}"
    )
    expect(page.locator("#by-status a")).to_have_text(status_badges(taichinh))
    expect(page.locator("#by-status a", has_text="Đã báo cáo, chờ xem xét")).to_have_count(1)
    expect(page.locator("#by-agency thead th")).to_have_text(AGENCY_COLUMNS)
    agencies = page.locator("#by-agency tbody tr")
    expect(agencies).to_have_count(1)  # a focal officer sees its own department only
    expect(agencies.first.locator("td").first).to_have_text("Sở Tài chính KH.STC")
    expect(agencies.first.locator("td")).to_have_text(agency_cells(**agency))
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
    expect(page.locator("#extension-form")).to_be_visible()  # open work: an extension may be asked

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
    # Sent is not done: the work waits for Sở Nội vụ, neither overdue nor done yet.
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")
    expect(page.locator("#status")).to_have_class(re.compile(r"\btext-bg-info\b"))
    # Nothing left to extend once the work is reported done.
    expect(page.locator("#extension-form")).to_have_count(0)

    # The document is kept and handed back as sent.
    with page.expect_download() as download:
        new.get_by_role("link", name="Tải tệp").click()
    assert download.value.suggested_filename == "nghi-quyet.pdf"
    with open(download.value.path(), "rb") as kept:
        assert kept.read() == PDF

    # The dashboard counts it: one less overdue, one more waiting for review; the rate leaves it out.
    page.goto("/ke-hoach/")
    after = {
        **before,
        Status.OVERDUE: before[Status.OVERDUE] - 1,
        Status.SUBMITTED: before[Status.SUBMITTED] + 1,
    }
    expect(page.locator("#by-status a")).to_have_text([f"{s.label}: {after[s]}" for s in Status])
    expect(page.locator("#by-status a", has_text="Đã báo cáo, chờ xem xét")).to_have_class(
        re.compile(r"\btext-bg-info\b")
    )
    expect(agencies.first.locator("td")).to_have_text(
        agency_cells(**{**agency, "overdue": agency["overdue"] - 1, "waiting": agency["waiting"] + 1})
    )
    heading, items = pending_group(page, "PL.3")
    expect(heading).to_have_text(f"PL.3 {Truncator(PL3_TITLE).chars(70)}")
    expect(items).to_have_text([f"Sở Tài chính — kỳ Một lần, năm 2024: Hoàn thành, gửi {day}"])
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
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")

    switch_user(page, login, "noivu")
    page.goto("/ke-hoach/")
    _, pending = pending_group(page, "PL.3")
    expect(pending).to_have_text([f"Sở Tài chính — kỳ Một lần, năm 2024: Hoàn thành, gửi {day}"])
    with page.expect_navigation():
        pending.get_by_role("link", name="Sở Tài chính").click()
    expect(page).to_have_url(re.compile(rf"/ke-hoach/luot/{pl3().pk}/$"))
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")
    new = page.locator("#reports tbody tr").first
    review = new.locator("td.review")

    # Returning without a comment: refused, the report still waits.
    with page.expect_navigation():
        review.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("alert")).to_have_text("Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện.")
    expect(review).to_contain_text("Chờ xem xét")
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")

    comment = "Thiếu văn bản kèm theo; đề nghị bổ sung Nghị quyết."
    review.get_by_label("Ý kiến").fill(comment)
    with page.expect_navigation():
        review.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi kết quả xem xét báo cáo.")
    returned = rf"^\s*Trả lại\s*{re.escape(comment)}\s*Trần Thị Nội, {re.escape(day)}\s*$"
    expect(review).to_have_text(re.compile(returned))
    expect(review.get_by_role("button")).to_have_count(0)
    # A returned report no longer counts: back to the report of 2024, in progress, overdue.
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    page.goto("/ke-hoach/")
    expect(page.locator("#pending-reviews")).not_to_contain_text("PL.3")
    assert_clean(page, browser_log)

    # The agency sees the comment, and the work is open again: it may report again or ask for more time.
    switch_user(page, login, "taichinh")
    open_pl3(page)
    review = page.locator("#reports tbody tr").first.locator("td.review")
    expect(review).to_have_text(re.compile(returned))
    expect(page.locator("#report-form-box")).to_be_visible()
    expect(page.locator("#extension-form")).to_be_visible()
    assert_clean(page, browser_log)


def test_home_affairs_accepts_a_report(page, login, browser_log):
    login("taichinh")
    open_pl3(page)
    send_report(page, progress="Hoàn thành", completed_on="20/12/2024", number="25/2026/NQ-HĐND")
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")  # whatever the completion date

    switch_user(page, login, "noivu")
    open_pl3(page)
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")
    review = page.locator("#reports tbody tr").first.locator("td.review")
    expect(review).to_contain_text("Chờ xem xét")
    review.get_by_label("Ý kiến").fill("Đạt yêu cầu.")
    with page.expect_navigation():
        review.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi kết quả xem xét báo cáo.")
    day = format_date(today())
    expect(review).to_have_text(
        re.compile(rf"^\s*Đã chấp nhận\s*Đạt yêu cầu\.\s*Trần Thị Nội, {re.escape(day)}\s*$")
    )
    expect(review.get_by_role("button")).to_have_count(0)
    # Done, judged by the day the report was sent (today, after 31/12/2024): the completion date of
    # 20/12/2024 written in it does not make it on time.
    expect(page.locator("#status")).to_have_text("Hoàn thành quá hạn")
    expect(page.locator("#status")).to_have_class(re.compile(r"\btext-bg-warning\b"))
    report = Report.objects.get(occurrence=pl3(), document_number="25/2026/NQ-HĐND")
    assert (report.review, report.reviewed_by.username, report.reviewed_on) == ("nhan", "noivu", today())
    assert (report.submitted_on, report.completed_on) == (today(), dt.date(2024, 12, 20))
    assert_clean(page, browser_log)


def test_a_report_sent_on_time_and_accepted_late_is_done_on_time(page, login, browser_log):
    """The time Sở Nội vụ takes to review never makes an agency late: a report sent on 30/12/2024,
    before the deadline of 31/12/2024, and accepted today is "Hoàn thành đúng hạn"."""
    login("taichinh")
    open_pl3(page)
    send_report(page, progress="Hoàn thành", completed_on="20/12/2024", number="25/2024/NQ-HĐND")
    # As if it had been sent on 30/12/2024 and had waited for review since (a page sends only today).
    sent = dt.date(2024, 12, 30)
    assert (
        Report.objects.filter(occurrence=pl3(), document_number="25/2024/NQ-HĐND").update(submitted_on=sent)
        == 1
    )

    switch_user(page, login, "noivu")
    page.goto("/ke-hoach/")
    _, pending = pending_group(page, "PL.3")
    expect(pending).to_have_text(
        [f"Sở Tài chính — kỳ Một lần, năm 2024: Hoàn thành, gửi {format_date(sent)}"]
    )
    open_pl3(page)
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét")
    review = page.locator("#reports tbody tr").first.locator("td.review")
    review.get_by_label("Ý kiến").fill("Đạt yêu cầu.")
    with page.expect_navigation():
        review.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi kết quả xem xét báo cáo.")
    expect(page.locator("#status")).to_have_text("Hoàn thành đúng hạn")
    expect(page.locator("#status")).to_have_class(re.compile(r"\btext-bg-success\b"))
    report = Report.objects.get(occurrence=pl3(), document_number="25/2024/NQ-HĐND")
    assert (report.review, report.submitted_on, report.reviewed_on) == (Review.ACCEPTED, sent, today())
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
    asked = f"Đề nghị ngày {day} (Lê Minh Tài): đến {new_due} — {reason}"
    expect(extensions).to_have_text([f"{asked} — Chờ xem xét"])
    expect(extensions.get_by_role("button")).to_have_count(0)  # only Sở Nội vụ decides
    # Asked, not granted: the deadline has not moved.
    expect(page.locator("#due")).to_have_text("31/12/2024")
    expect(page.locator("#status")).to_have_text("Đang thực hiện quá hạn")
    assert_clean(page, browser_log)

    switch_user(page, login, "noivu")
    open_pl3(page)
    decision = extensions.locator("form.extension-decision")
    comment = decision.get_by_label("Ý kiến")
    expect(comment).to_have_attribute("placeholder", "Ý kiến (bắt buộc)")
    # The browser will not send a decision without a comment.
    assert decision.evaluate("form => form.checkValidity()") is False
    assert comment.evaluate("input => input.validity.valueMissing") is True
    why = "Đồng ý: chính sách phụ thuộc hướng dẫn của Trung ương."
    comment.fill(why)
    with page.expect_navigation():
        decision.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi quyết định gia hạn.")
    expect(extensions).to_have_text([f"{asked} — Đồng ý gia hạn (Trần Thị Nội, {day}: {why})"])
    expect(extensions.get_by_role("button")).to_have_count(0)
    expect(page.locator("#due")).to_have_text(f"{new_due} (ban đầu 31/12/2024, đã gia hạn 1 lần)")
    expect(page.locator("#status")).to_have_text("Đang thực hiện trong hạn")
    # The list shows the extension too.
    page.goto("/ke-hoach/nhiem-vu/?ma=PL.3")
    row = page.locator("#occurrence-table tbody tr")
    expect(row.locator("td").nth(4)).to_have_text(f"{new_due} (gia hạn 1 lần)")
    expect(row.locator("td").nth(5)).to_have_text("Đang thực hiện trong hạn")
    assert_clean(page, browser_log)


def test_home_affairs_cannot_grant_its_own_extension_request(page, login, browser_log, live_server):
    """Two people: a Sở Nội vụ officer who asks for more time (noivu, who may change the work of the
    whole province) never decides the request; another officer of Sở Nội vụ (nhaplieu) does."""
    login("noivu")
    open_pl3(page)
    extensions = page.locator("#extensions li")
    expect(extensions).to_have_text(["Không có."])
    day = format_date(today())
    new_due = format_date(today() + dt.timedelta(days=60))
    reason = "Sở Tài chính chờ ý kiến của Bộ Tài chính."
    form = page.locator("#extension-form")
    type_date(form.get_by_label("Đề nghị gia hạn đến"), new_due)
    form.get_by_label("Lý do").fill(reason)
    with page.expect_navigation():
        form.get_by_role("button", name="Đề nghị gia hạn").click()
    expect(page.get_by_role("alert")).to_have_text("Đã gửi đề nghị gia hạn.")
    asked = f"Đề nghị ngày {day} (Trần Thị Nội): đến {new_due} — {reason}"
    own = "Đề nghị do bạn gửi: người khác của Sở Nội vụ quyết định."
    expect(extensions).to_have_text([f"{asked} — Chờ xem xét {own}"])
    expect(extensions.get_by_role("button")).to_have_count(0)
    expect(page.locator("form.extension-decision")).to_have_count(0)
    extension = Extension.objects.get(occurrence=pl3())
    assert (extension.state, extension.requested_by.username) == (ExtensionState.PENDING, "noivu")
    assert_clean(page, browser_log)

    # A decision sent without the page's buttons is refused all the same, and nothing is written.
    url = f"{live_server.url}/ke-hoach/gia-han/{extension.pk}/"
    answer = page.request.post(
        url,
        form={"csrfmiddlewaretoken": csrf_token(page), "decision": "dong_y", "comment": "Tự đồng ý."},
        max_redirects=0,
    )
    # The page's refusals go back to the page as a message (core.http.refusals_as_messages).
    assert answer.status == 302, answer.status
    assert answer.headers["location"] == f"/ke-hoach/luot/{pl3().pk}/"
    page.goto(f"/ke-hoach/luot/{pl3().pk}/")
    expect(page.get_by_role("alert")).to_have_text(
        "Không thể tự quyết định đề nghị gia hạn do chính mình gửi; người khác của Sở Nội vụ quyết định."
    )
    extension.refresh_from_db()
    assert (extension.state, extension.decided_by, extension.decided_on, extension.decision_comment) == (
        ExtensionState.PENDING,
        None,
        None,
        "",
    )
    expect(extensions).to_have_text([f"{asked} — Chờ xem xét {own}"])
    expect(page.locator("#due")).to_have_text("31/12/2024")
    assert_clean(page, browser_log)

    # Another officer of Sở Nội vụ decides; without a comment the service refuses too.
    switch_user(page, login, "nhaplieu")
    open_pl3(page)
    expect(extensions).to_have_text([f"{asked} — Chờ xem xét Đồng ý Không đồng ý"])  # no note: not theirs
    decision = extensions.locator("form.extension-decision")
    expect(decision.get_by_role("button")).to_have_text(["Đồng ý", "Không đồng ý"])
    answer = page.request.post(
        url,
        form={"csrfmiddlewaretoken": csrf_token(page), "decision": "dong_y", "comment": "  "},
        max_redirects=0,
    )
    assert answer.status == 302, answer.status
    page.goto(f"/ke-hoach/luot/{pl3().pk}/")
    expect(page.get_by_role("alert")).to_have_text(
        "Quyết định gia hạn phải ghi ý kiến (lý do đồng ý hoặc không đồng ý)."
    )
    extension.refresh_from_db()
    assert extension.state == ExtensionState.PENDING

    why = "Đồng ý, chờ văn bản của Bộ Tài chính."
    decision.get_by_label("Ý kiến").fill(why)
    with page.expect_navigation():
        decision.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Đã ghi quyết định gia hạn.")
    # Both people on the list: who asked, who decided.
    expect(extensions).to_have_text([f"{asked} — Đồng ý gia hạn (Huỳnh Thị Nhập, {day}: {why})"])
    expect(page.locator("#due")).to_have_text(f"{new_due} (ban đầu 31/12/2024, đã gia hạn 1 lần)")
    extension.refresh_from_db()
    assert (
        extension.state,
        extension.requested_by.username,
        extension.decided_by.username,
        extension.decided_on,
        extension.decision_comment,
    ) == (ExtensionState.GRANTED, "noivu", "nhaplieu", today(), why)
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


def test_no_report_on_a_period_that_has_not_begun(page, login, browser_log, live_server):
    """A later year's share (the plan runs to 2030) is shown, but nothing can be reported on it yet."""
    login("taichinh")
    taichinh = get_user_model().objects.get(username="taichinh")
    later = (
        occurrences_visible(user=taichinh, action="change")
        .filter(starts_on__gt=today())
        .select_related("task")
        .order_by("starts_on", "task__order")
        .first()
    )
    if later is None:
        pytest.skip("the plan has no period after today")
    page.goto(f"/ke-hoach/luot/{later.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{later.task.code}. {later.task.title}")
    expect(page.locator("#status")).to_have_text("Chưa đến hạn")
    expect(page.locator("#not-begun")).to_have_text(
        f"Kỳ “{later.period}” bắt đầu từ ngày {format_date(later.starts_on)}: chưa thể báo cáo trước ngày đó."
    )
    expect(page.get_by_text("Báo cáo tiến độ")).to_have_count(0)
    expect(page.locator("#report-form-box")).to_have_count(0)
    expect(page.locator("#extension-form")).to_have_count(0)
    assert_clean(page, browser_log)

    # A report sent without the form is refused by the service, with the same words.
    answer = page.request.post(
        f"{live_server.url}/ke-hoach/luot/{later.pk}/bao-cao/",
        multipart={"csrfmiddlewaretoken": csrf_token(page), "progress": "dang", "percent": "10"},
    )
    assert answer.status == 400, answer.status
    assert f"Kỳ “{later.period}” bắt đầu từ ngày {format_date(later.starts_on)}" in answer.text()
    assert not Report.objects.filter(occurrence=later).exists()


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
    reports = page.locator("#reports tbody tr")
    expect(reports.first).to_contain_text("Hoàn thành (100 %)")  # shown as latest
    # The later report counts (the first would leave the work overdue) and replaces the one still waiting.
    expect(page.locator("#status")).to_have_text("Đã báo cáo, chờ xem xét", timeout=1_000)
    expect(reports.nth(1)).to_contain_text("Đang thực hiện (90 %)")
    expect(reports.nth(1).locator("td.review")).to_have_text("Đã có báo cáo sau thay thế")


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
