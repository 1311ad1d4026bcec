"""Demo activity for the built-in plan: reports in every status, reviews, extensions, obstacles.

Deterministic (a fixed random seed), written through the ordinary services, run once (it does
nothing when reports already exist)."""

import datetime as dt
import random
from typing import Any

from canbo.accounts.system import SYSTEM
from canbo.core.actors import Actor
from canbo.core.dates import today
from canbo.plans.choices import Progress
from canbo.plans.models import Occurrence, Report
from canbo.plans.selectors import OccurrenceRow, occurrence_rows
from canbo.plans.services import (
    ReportInput,
    extension_decide,
    extension_request,
    obstacle_answer,
    report_review,
    report_submit,
)

D = dt.date


def _done(on: D, number: str = "", issuer: str = "", text: str = "Đã hoàn thành.") -> ReportInput:
    return ReportInput(
        progress=Progress.DONE,
        percent=100,
        narrative=text,
        completed_on=on,
        document_number=number,
        document_date=on if number else None,
        document_issuer=issuer,
    )


def _progress(percent: int, text: str, obstacles: str = "", proposals: str = "") -> ReportInput:
    return ReportInput(
        progress=Progress.IN_PROGRESS,
        percent=percent,
        narrative=text,
        obstacles=obstacles,
        proposals=proposals,
    )


def demo_plan_activity(
    *, officer: Actor, clerk: Actor, focal_for: dict[int, Actor], as_of: D | None = None
) -> int:
    """Write the demo's reports. `officer`: the Sở Nội vụ user who reviews; `clerk`: a Sở Nội vụ user
    who enters the reports of agencies without a focal officer (the dissolved districts sent
    theirs on paper); `focal_for`: the id of the agency answering for an occurrence (its unit or
    the unit's successor) -> the focal officer who reports for it."""
    if Report.objects.exists():
        return 0
    as_of = as_of or today()
    rng = random.Random(7)
    rows = occurrence_rows(
        user=SYSTEM, as_of=as_of, queryset=Occurrence.objects.select_related("task", "unit")
    )
    written = 0

    def reporter(row: OccurrenceRow) -> Actor:
        return focal_for.get(row.responsible.pk if row.responsible else 0, clerk)

    def submit(
        row: OccurrenceRow, data: ReportInput, on: D, review: str | None = "nhan", comment: str = ""
    ) -> Report | None:
        nonlocal written
        if on > as_of or on < row.occurrence.starts_on:  # no report before its period (issue 12.7)
            return None
        report = report_submit(actor=reporter(row), occurrence=row.occurrence, data=data, on=on)
        written += 1
        reviewed = on + dt.timedelta(days=5)
        if review and reviewed <= as_of:
            report_review(actor=officer, report=report, accept=review == "nhan", comment=comment, on=reviewed)
        return report

    by_code: dict[str, list[OccurrenceRow]] = {}
    for row in rows:
        by_code.setdefault(row.task.code, []).append(row)

    # Each agency's implementation plan (before 25/01/2022) and the study of the resolution.
    for row in by_code.get("IV.1.a", []):
        roll = rng.random()
        if roll < 0.8:
            submit(
                row,
                _done(
                    D(2022, 1, 20), f"{rng.randint(10, 99)}/KH-{row.occurrence.unit.code[3:]}", row.unit_name
                ),
                D(2022, 1, 21),
            )
        elif roll < 0.95:
            submit(row, _done(D(2022, 2, 10), f"{rng.randint(10, 99)}/KH", row.unit_name), D(2022, 2, 11))
    for row in by_code.get("III.1.a", []):
        if rng.random() < 0.9:
            submit(
                row, _done(D(2022, 1, 28), text="Đã tổ chức hội nghị quán triệt trực tuyến."), D(2022, 1, 29)
            )
    # Yearly reports before 05/12.
    for row in by_code.get("IV.1.b", []):
        year = row.occurrence.year or 2022
        roll = rng.random()
        if row.occurrence.starts_on > as_of:  # a later year's report cannot be written yet (issue 12.7)
            continue
        if year < as_of.year:
            if roll < 0.75:
                submit(
                    row,
                    _done(
                        D(year, 12, 1), f"{rng.randint(100, 999)}/BC", row.unit_name, "Báo cáo năm đã gửi."
                    ),
                    D(year, 12, 1),
                )
            elif roll < 0.9:
                submit(
                    row,
                    _done(
                        D(year, 12, 12), f"{rng.randint(100, 999)}/BC", row.unit_name, "Báo cáo năm gửi muộn."
                    ),
                    D(year, 12, 12),
                )
        elif roll < 0.4:
            submit(
                row,
                _done(as_of - dt.timedelta(days=3), f"{rng.randint(100, 999)}/BC", row.unit_name),
                as_of - dt.timedelta(days=3),
                review=None,
            )
        elif roll < 0.7:
            submit(
                row,
                _progress(60, "Đang tổng hợp số liệu báo cáo năm."),
                as_of - dt.timedelta(days=10),
                review=None,
            )
    # The appendix: one story per row.
    stories: dict[str, Any] = {
        "PL.1": lambda r: submit(
            r,
            _done(D(2022, 7, 20), "15/2022/NQ-HĐND", "HĐND tỉnh", "HĐND tỉnh đã ban hành Nghị quyết."),
            D(2022, 7, 22),
        ),
        "PL.2": lambda r: submit(
            r,
            _done(D(2022, 11, 10), "210/KH-UBND", "UBND tỉnh", "Ban hành chậm do chờ ý kiến các sở."),
            D(2022, 11, 12),
        ),
        "PL.3": lambda r: submit(
            r,
            _progress(
                50,
                "Đã dự thảo chính sách, đang lấy ý kiến.",
                "Chưa cân đối được nguồn ngân sách cho chính sách hỗ trợ.",
                "Đề nghị UBND tỉnh cho lùi thời hạn sang năm 2026.",
            ),
            D(2024, 6, 15),
        ),
        "PL.6": lambda r: submit(r, _done(D(2023, 11, 30), "35/2023/QĐ-UBND", "UBND tỉnh"), D(2023, 12, 2)),
        "PL.9": lambda r: submit(
            r,
            _progress(
                70,
                "Đã xây dựng dự thảo Đề án.",
                "Bộ Nội vụ chưa có hướng dẫn về khung chương trình.",
                "Đề nghị cho phép ban hành theo khung tạm thời.",
            ),
            D(2022, 10, 5),
        ),
        "PL.11": lambda r: submit(r, _done(D(2022, 12, 9), "18/2022/NQ-HĐND", "HĐND tỉnh"), D(2022, 12, 12)),
        "PL.12": lambda r: submit(r, _done(D(2022, 12, 9), "19/2022/NQ-HĐND", "HĐND tỉnh"), D(2022, 12, 12)),
        "PL.13": lambda r: submit(r, _done(D(2022, 6, 15), "12/2022/QĐ-UBND", "UBND tỉnh"), D(2022, 6, 16)),
    }
    for code, story in stories.items():
        for row in by_code.get(code, []):
            story(row)
    for row in by_code.get("PL.7", []):  # returned, not yet sent again
        submit(
            row,
            _done(D(2022, 12, 15), text="Đã hoàn thành."),
            D(2022, 12, 16),
            review="tra",
            comment="Thiếu văn bản kèm theo (Quyết định phê duyệt vị trí việc làm); đề nghị bổ sung.",
        )
    for row in by_code.get("PL.5", []):  # extension granted, then done on time
        extension = extension_request(
            actor=reporter(row),
            occurrence=row.occurrence,
            requested_due=D(2024, 6, 30),
            reason="Chờ quy hoạch chung được phê duyệt.",
            on=D(2023, 12, 1),
        )
        extension_decide(actor=officer, extension=extension, grant=True, comment="Đồng ý.", on=D(2023, 12, 5))
        submit(row, _done(D(2024, 5, 20), "1234/QĐ-UBND", "UBND tỉnh"), D(2024, 5, 22))
    for row in by_code.get("PL.10", []):  # extension refused, done late
        extension = extension_request(
            actor=reporter(row),
            occurrence=row.occurrence,
            requested_due=D(2022, 9, 30),
            reason="Cần thêm thời gian lấy ý kiến cấp xã.",
            on=D(2022, 6, 20),
        )
        extension_decide(
            actor=officer,
            extension=extension,
            grant=False,
            comment="Đề nghị khẩn trương hoàn thành.",
            on=D(2022, 6, 24),
        )
        submit(row, _done(D(2022, 8, 15), "09/2022/NQ-HĐND", "HĐND tỉnh"), D(2022, 8, 16))
    for code, month_day, late_from in (("PL.4", (3, 25), 2026), ("PL.8", (3, 20), 2100)):
        for row in by_code.get(code, []):
            year = row.occurrence.year or 2022
            if row.occurrence.period != f"Năm {year}" and code == "PL.4":
                submit(
                    row,
                    _done(D(2022, 3, 28), text="Quy hoạch sử dụng đất cấp huyện đã trình."),
                    D(2022, 3, 29),
                )
                continue
            on = D(year, 4, 15) if year >= late_from else D(year, *month_day)
            submit(row, _done(on, f"{rng.randint(10, 99)}/KH-UBND", "UBND tỉnh"), on)
    # Regular work, reported without a deadline.
    for code in ("III.5", "III.7.c", "II.4", "II.7"):
        for row in by_code.get(code, [])[:12]:
            submit(row, _progress(rng.choice([30, 50, 70]), "Đang triển khai thường xuyên."), D(2024, 11, 20))
    # Sở Nội vụ answers one of the two obstacles.
    from canbo.plans.models import Obstacle

    first = Obstacle.objects.filter(occurrence__task__code="PL.9").first()
    if first is not None:
        obstacle_answer(
            actor=officer,
            obstacle=first,
            answer="Cho phép ban hành theo khung tạm thời, cập nhật khi có hướng dẫn.",
            on=D(2022, 10, 20),
        )
    return written
