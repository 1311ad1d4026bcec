"""The annual report (Word, Decree 30/2020 layout), its Excel appendix, and the evaluation results."""

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings

from canbo.core.dates import format_date, today
from canbo.core.docx import AdminDocument, DocumentBuilder, render
from canbo.core.excel import write_workbook
from canbo.org.selectors import province_heading
from canbo.plans.choices import Status
from canbo.plans.models import Obstacle, Plan
from canbo.plans.selectors import (
    AgencyResult,
    OccurrenceRow,
    PendingReview,
    evaluation_results,
    occurrence_rows,
    score_basis,
)


def _year_rows(rows: list[OccurrenceRow], plan: Plan, year: int) -> list[OccurrenceRow]:
    """The plan's occurrences (of the user's occurrence_rows) that belong to a year: due in it, or for
    it, or running without a deadline."""
    return [
        r
        for r in rows
        if r.task.plan_id == plan.pk
        and (
            (r.due is not None and r.due.year == year)
            or r.occurrence.year == year
            or (r.occurrence.year is None and r.due is None and r.occurrence.starts_on.year <= year)
        )
    ]


def _status_summary(rows: list[OccurrenceRow]) -> str:
    counts = Counter(r.status for r in rows)
    return "; ".join(f"{status.label}: {counts[status]}" for status in Status if counts[status])


def annual_report_docx(*, user: Any, plan: Plan, year: int, as_of: dt.date | None = None) -> bytes:
    as_of = min(as_of or today(), dt.date(year, 12, 31))
    everything = occurrence_rows(user=user, as_of=as_of)  # read once: the plan's year and the results
    rows = _year_rows(everything, plan, year)
    results = evaluation_results(user=user, year=year, as_of=as_of, rows=everything)
    obstacles = list(
        Obstacle.objects.restrict(user, "view")  # type: ignore[attr-defined]
        .filter(occurrence__task__plan=plan, raised_on__year=year)
        .select_related("occurrence__task", "occurrence__unit")
    )
    issuer_parent, place = province_heading(as_of)
    document = AdminDocument(
        issuer_parent=issuer_parent,
        issuer="SỞ NỘI VỤ",
        number="Số:      /BC-SNV",
        place=place,
        date=today(),
        kind="BÁO CÁO",
        title=f"Kết quả thực hiện {plan.title[0].lower()}{plan.title[1:]} năm {year}",
        recipients=[
            "Ủy ban nhân dân tỉnh (để báo cáo)",
            "Ban Tổ chức Tỉnh ủy",
            "Các Sở, ban, ngành, địa phương",
            "Lưu: VT, TCCB",
        ],
        signer_title="GIÁM ĐỐC",
        signer_name=getattr(settings, "CANBO_REPORT_SIGNER", ""),
    )
    by_task: dict[int, list[OccurrenceRow]] = {}
    for row in rows:
        by_task.setdefault(row.task.pk, []).append(row)

    def body(b: DocumentBuilder) -> None:
        counts = Counter(r.status for r in rows)
        b.paragraph(
            f"Thực hiện {plan.title[0].lower()}{plan.title[1:]}, Sở Nội vụ tổng hợp kết quả thực hiện "
            f"năm {year} (số liệu đến ngày {format_date(as_of)}) như sau:"
        )
        b.heading("I. TÌNH HÌNH CHUNG")
        b.paragraph(f"Tổng số lượt nhiệm vụ của năm: {len(rows)}.")
        for status in Status:
            if counts[status]:
                b.bullet(f"{status.label}: {counts[status]}.")
        b.heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
        table_rows = []
        for task_rows in by_task.values():
            task = task_rows[0].task
            responsible = sorted({r.responsible_name for r in task_rows if r.responsible_name})
            documents = sorted(
                {
                    f"{rep.document_number} ngày {format_date(rep.document_date)}"
                    for r in task_rows
                    for rep in r.occurrence.reports.all()
                    if rep.document_number and rep.review != "tra"
                }
            )
            table_rows.append(
                [
                    task.code,
                    task.title,
                    ", ".join(responsible)
                    if len(responsible) <= 3
                    else f"{len(responsible)} cơ quan, đơn vị",
                    _status_summary(task_rows),
                    "; ".join(documents),
                ]
            )
        b.table(
            ["Mã", "Nhiệm vụ", "Cơ quan thực hiện", "Tình trạng", "Sản phẩm"],
            table_rows,
            [1.4, 5.2, 3.2, 3.7, 2.5],
        )
        provisional = as_of < dt.date(year, 12, 31)
        b.heading("III. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ" + (" (TẠM TÍNH)" if provisional else ""))
        b.paragraph(
            "Kết quả dưới đây được lồng ghép khi xem xét tiêu chí hoàn thành nhiệm vụ để đánh giá, xếp loại "
            "tập thể và người đứng đầu cơ quan, đơn vị, địa phương (mục IV.2 của Kế hoạch)."
        )
        if provisional:
            b.paragraph(
                f"Năm {year} chưa kết thúc: kết quả và điểm là tạm tính đến ngày {format_date(as_of)}, chỉ "
                "gồm các nhiệm vụ đã đến hạn đến ngày đó."
            )
        b.paragraph(f"Cách tính điểm: {score_basis()}")
        b.table(
            [
                "Cơ quan, đơn vị",
                "Đến hạn",
                "Đúng hạn",
                "Quá hạn (đã xong)",
                "Chưa xong quá hạn",
                "Chờ xem xét",
                "Báo cáo năm",
                "Điểm (tạm tính)" if provisional else "Điểm",
            ],
            [_result_row(r) for r in results],
            [4.4, 1.4, 1.4, 1.7, 1.7, 1.6, 2.0, 1.8],
        )
        b.heading("IV. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ")
        if not obstacles:
            b.paragraph("Trong năm, các cơ quan, đơn vị không phản ánh khó khăn, vướng mắc.")
        for obstacle in obstacles:
            line = f"{obstacle.occurrence.task.code} ({obstacle.occurrence.unit.code}): {obstacle.text}"
            if obstacle.proposal:
                line += f" Đề xuất: {obstacle.proposal}"
            line += f" — Trả lời: {obstacle.answer}" if obstacle.answer else " — Chưa được trả lời."
            b.bullet(line)
        b.paragraph("Sở Nội vụ báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.")

    return render(document, body)


def _result_row(result: AgencyResult) -> list[object]:
    report = {True: "Đúng hạn", False: "Không đúng hạn", None: "—"}[result.yearly_report_on_time]
    return [
        result.name,
        result.due,
        result.on_time,
        result.late,
        result.overdue,
        result.waiting,
        report,
        result.score,
    ]


def annual_appendix_xlsx(*, user: Any, plan: Plan, year: int, as_of: dt.date | None = None) -> bytes:
    """One row per task occurrence of the year."""
    as_of = min(as_of or today(), dt.date(year, 12, 31))
    rows = _year_rows(occurrence_rows(user=user, as_of=as_of), plan, year)
    headers = [
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Kỳ",
        "Cơ quan được giao (khi giao)",
        "Cơ quan đang thực hiện",
        "Thời hạn ban đầu",
        "Thời hạn hiện tại",
        "Số lần gia hạn",
        f"Tình trạng ngày {format_date(as_of)}",
        "Số văn bản (sản phẩm)",
        "Ngày văn bản",
        "Cơ quan ban hành",
    ]
    lines = []
    for r in rows:
        accepted = [rep for rep in r.occurrence.reports.all() if rep.document_number and rep.review != "tra"]
        last = accepted[-1] if accepted else None
        lines.append(
            [
                r.task.code,
                r.task.title,
                r.occurrence.period,
                r.unit_name,
                r.responsible_label,
                r.occurrence.original_due,
                r.due,
                r.extensions,
                r.status.label,
                last.document_number if last else "",
                last.document_date if last else None,
                last.document_issuer if last else "",
            ]
        )
    return write_workbook([(f"Phụ lục năm {year}", headers, lines)])


def results_xlsx(*, results: list[AgencyResult], year: int, as_of: dt.date) -> bytes:
    """The results for the annual evaluation; before the year ends the sheet and every score say
    "tạm tính" (issue 12.10), and a second sheet says how the score is computed and from what."""
    provisional = as_of < dt.date(year, 12, 31)
    headers = [
        "Cơ quan, đơn vị",
        "Mã đơn vị",
        "Năm",
        "Số nhiệm vụ đến hạn",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành, quá hạn",
        "Chờ xem xét, đang trong hạn",
        "Báo cáo năm đúng hạn",
        "Điểm hoàn thành (tạm tính)" if provisional else "Điểm hoàn thành",
    ]
    basis = [
        ["Năm", str(year)],
        ["Số liệu đến ngày", format_date(as_of)],
        [
            "Tính chất",
            f"TẠM TÍNH: năm {year} chưa kết thúc; chỉ gồm nhiệm vụ đã đến hạn đến ngày {format_date(as_of)}."
            if provisional
            else "Kết quả cả năm.",
        ],
        ["Cách tính điểm", score_basis()],
    ]
    return write_workbook(
        [
            (
                f"Kết quả {year} (tạm tính)" if provisional else f"Kết quả {year}",
                headers,
                [
                    [
                        r.name,
                        r.unit.code,
                        r.year,
                        r.due,
                        r.on_time,
                        r.late,
                        r.overdue,
                        r.waiting,
                        {True: "Có", False: "Không", None: ""}[r.yearly_report_on_time],
                        r.score,
                    ]
                    for r in results
                ],
            ),
            ("Cách tính", ["Mục", "Nội dung"], basis),
        ]
    )


def occurrence_list_xlsx(*, rows: list[OccurrenceRow], as_of: dt.date) -> bytes:
    """The occurrence list as filtered on the page (issue 13.7): one row per occurrence shown."""
    headers = [
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Kỳ",
        "Năm",
        "Cơ quan đang thực hiện",
        "Cơ quan được giao (khi giao)",
        "Thời hạn",
        "Số lần gia hạn",
        f"Tình trạng ngày {format_date(as_of)}",
    ]
    lines = [
        [
            r.task.code,
            r.task.title,
            r.occurrence.period,
            r.occurrence.year,
            r.responsible_label,
            r.unit_name,
            r.due,
            r.extensions,
            r.status.label,
        ]
        for r in rows
    ]
    return write_workbook([("Nhiệm vụ", headers, lines)])


def reports_waiting_xlsx(*, reports: list[PendingReview]) -> bytes:
    """The reports waiting for review as filtered on the page (issue 13.7)."""
    headers = [
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Kỳ",
        "Năm",
        "Cơ quan",
        "Ngày báo cáo",
        "Người gửi",
        "Tình trạng báo cáo",
        "Tỷ lệ hoàn thành (%)",
        "Kết quả thực hiện",
    ]
    lines = [
        [
            p.occurrence.task.code,
            p.occurrence.task.title,
            p.occurrence.period,
            p.occurrence.year,
            p.agency_name,
            p.report.submitted_on,
            p.report.submitted_by.get_full_name() or p.report.submitted_by.get_username(),
            p.report.get_progress_display(),
            p.report.percent,
            p.report.narrative,
        ]
        for p in reports
    ]
    return write_workbook([("Báo cáo chờ xem xét", headers, lines)])
