"""The evaluation app's Word documents, laid out as Decree 30/2020/NĐ-CP asks (core.docx): one person's
evaluation form of the year (phiếu đánh giá, xếp loại chất lượng) and Sở Nội vụ's report of the year's
results to the People's Committee. They only format what the selectors computed (sheet_detail,
ranking_view, agency_evaluation_view); they write nothing."""

from collections import Counter
from typing import Any

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from canbo.core.dates import format_date, today
from canbo.core.docx import AdminDocument, DocumentBuilder, format_value, render
from canbo.core.scoping import visible_unit_ids
from canbo.evaluation import rules
from canbo.evaluation.choices import ExcellentDecision, SheetStatus
from canbo.evaluation.selectors import (
    LEVEL_TEXT,
    AgencyView,
    RankingView,
    SheetDetail,
    SheetRow,
    agency_evaluation_view,
    plan_rows,
    ranking_date,
    ranking_view,
)
from canbo.org.selectors import agencies_as_of, province_heading, unit_names
from canbo.people.choices import EvaluationLevel, StaffCategory

__all__ = ["report_docx", "sheet_docx"]

CATEGORY_WORD = {
    StaffCategory.CADRE: "CÁN BỘ",
    StaffCategory.CIVIL_SERVANT: "CÔNG CHỨC",
    StaffCategory.PUBLIC_EMPLOYEE: "VIÊN CHỨC",
}
STATE_TEXT = {
    "chosen": "trong tỷ lệ xuất sắc",
    "tied": "cùng điểm tại ngưỡng của tỷ lệ xuất sắc",
    "demoted": "vượt tỷ lệ xuất sắc",
}
LEVELS = [code for code, _label in EvaluationLevel.choices]
_DASH = "—"


def _n(value: float | None) -> str:
    """A figure the Vietnamese way with at most 2 decimals (92,17), or a dash."""
    return _DASH if value is None else format_value(round(float(value), 2))


def _signatures(b: DocumentBuilder, blocks: list[tuple[str, str, str]]) -> None:
    """A borderless row of signature blocks: (title, note in italic, name) each."""
    table = b.document.add_table(rows=1, cols=len(blocks))
    for cell, (title, note, name) in zip(table.rows[0].cells, blocks, strict=True):
        lines = [(title, True, False), (note, False, True)]
        first = cell.paragraphs[0]
        for index, (text, bold, italic) in enumerate(lines):
            paragraph = first if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size, run.font.bold, run.font.italic = Pt(13), bold, italic
        signed = cell.add_paragraph()
        signed.alignment = WD_ALIGN_PARAGRAPH.CENTER
        signed.paragraph_format.space_before = Pt(60)
        run = signed.add_run(name)
        run.font.size, run.font.bold = Pt(13), True


# --- the individual form ---------------------------------------------------------------------------


def _organisation_rate(row: SheetRow, ranking: RankingView) -> float | None:
    if row.outcome.organisation is not None:  # as the ranking counted it
        return row.outcome.organisation
    if row.sheet.organisation_rate is not None:
        return float(row.sheet.organisation_rate)
    return ranking.organisation.rate if ranking.organisation is not None else None


def _quota_text(row: SheetRow) -> str:
    if row.outcome.recorded:
        return "Mức xếp loại ghi theo quyết định của cấp có thẩm quyền: không tính trong tỷ lệ xuất sắc."
    if not row.state:
        return "Không thuộc diện xét tỷ lệ xuất sắc."
    text = f"Theo điểm, thuộc số {STATE_TEXT[row.state]} của nhóm (Điều 20 khoản 5 Nghị định 335/2025/NĐ-CP)"
    decision = row.sheet.excellent_decision
    if decision:
        text += f"; quyết định của người có thẩm quyền: {ExcellentDecision(decision).label}"
    elif row.state == "tied":
        text += "; chờ quyết định của người có thẩm quyền"
    return text + "."


def sheet_docx(detail: SheetDetail) -> bytes:
    """The year's evaluation form of one person: who, the text applied, Part I (general criteria),
    Part II (task results by period, with a leader's criteria), the total, the level, the forced
    reasons, the quota's decision and the three signatures."""
    sheet, row, ranking = detail.sheet, detail.row, detail.ranking
    person = sheet.person
    on = ranking_date(sheet.year)
    issuer_parent, place = province_heading(on)
    person_unit = unit_names(units=[person.unit], as_of=on).get(person.unit_id, "") if person.unit_id else ""
    word = CATEGORY_WORD.get(sheet.category, "CÔNG CHỨC")  # type: ignore[call-overload]
    p = ranking.parameters
    outcome = row.outcome
    document = AdminDocument(
        issuer_parent=issuer_parent,
        issuer=ranking.name,
        number="",
        place=place or "Khánh Hòa",
        date=sheet.confirmed_on or today(),
        kind=f"PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {word} NĂM {sheet.year}",
        title="",
        signer_title="CẤP CÓ THẨM QUYỀN ĐÁNH GIÁ",
        signer_authority="",
        font_size=13,
    )

    def body(b: DocumentBuilder) -> None:
        born = str(person.birth_date.year) if person.birth_year_only else format_date(person.birth_date)
        b.bullet(f"Họ và tên: {person.full_name}")
        b.bullet(f"Ngày sinh: {born}")
        b.bullet(f"Chức vụ: {sheet.post_name or _DASH}")
        b.bullet(f"Đơn vị công tác: {person_unit or ranking.name}; cơ quan xếp loại: {ranking.name}")
        if sheet.group is not None:
            b.bullet(f"Nhóm nhiệm vụ tương đồng: {sheet.group.name}")
        b.bullet(f"Văn bản áp dụng: {detail.rule.name}")
        b.bullet(f"Kỳ theo dõi sản phẩm: {sheet.get_period_kind_display().lower()}")
        if detail.transferred_from:
            b.bullet(f"Kỳ do cơ quan trước khi điều động theo dõi: {', '.join(detail.transferred_from)}")

        if outcome.recorded or not sheet.computes:
            b.heading("I. KẾT QUẢ XẾP LOẠI")
            b.paragraph(
                f"Văn bản áp dụng ({detail.rule.name}) không tính mức xếp loại theo điểm; mức xếp loại "
                "do cấp có thẩm quyền quyết định."
            )
            if sheet.evidence:
                b.paragraph(f"Nhận xét: {sheet.evidence}")
        else:
            general = None if sheet.general_points is None else float(sheet.general_points)
            b.heading(f"I. TIÊU CHÍ CHUNG (tối đa {_n(p.general_max)} điểm)")
            b.paragraph(f"Điểm tiêu chí chung: {_n(general)}/{_n(p.general_max)} điểm.")
            if sheet.evidence:
                b.paragraph(f"Nhận xét: {sheet.evidence}")
            b.heading(f"II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ (tối đa {_n(p.task_max)} điểm)")
            counts = Counter(item.period for item in detail.items)
            kind = sheet.get_period_kind_display()
            b.table(
                [kind, "Số sản phẩm", "Số lượng (%)", "Chất lượng (%)", "Tiến độ (%)", "Điểm nhiệm vụ"],
                [
                    [
                        f"{kind} {period}",
                        counts[period],
                        round(c.quantity, 2),
                        round(c.quality, 2),
                        round(c.progress, 2),
                        _n(row.period_points.get(period)),
                    ]
                    for period, c in row.periods.items()
                ],
                widths_cm=[2.2, 2.2, 2.8, 2.9, 2.8, 3.1],
            )
            if detail.items:
                b.paragraph("Sản phẩm, công việc được giao:", italic=True)
                b.table(
                    [
                        "Kỳ",
                        "Sản phẩm, công việc",
                        "Hệ số",
                        "Hoàn thành",
                        "Chưa đạt (khách quan)",
                        "Chậm (khách quan)",
                    ],
                    [
                        [
                            item.period,
                            item.title,
                            float(item.weight),
                            item.completed,
                            f"{item.failed_reviews} ({item.excused_failed_reviews})",
                            f"{item.delays} ({item.excused_delays})",
                        ]
                        for item in detail.items
                    ],
                    widths_cm=[1.2, 6.4, 1.6, 2.2, 2.3, 2.3],
                )
            if sheet.leader:
                b.heading("Tiêu chí đối với người giữ chức vụ lãnh đạo, quản lý", level=2)
                b.bullet(
                    f"Kết quả thực hiện nhiệm vụ của đơn vị được giao phụ trách: {_n(outcome.unit_result)} %"
                )
                b.bullet(f"Tổ chức triển khai thực hiện nhiệm vụ: {_n(_organisation_rate(row, ranking))} %")
            b.paragraph(
                f"Điểm kết quả thực hiện nhiệm vụ (bình quân các kỳ): {_n(outcome.task_points)}/"
                f"{_n(p.task_max)} điểm."
            )
            b.heading("III. TỔNG ĐIỂM VÀ MỨC XẾP LOẠI")
            b.paragraph(f"Tổng điểm: {_n(outcome.score)}/100 điểm.", bold=True)
            if not outcome.complete:
                b.paragraph(f"Chưa đủ căn cứ tính mức xếp loại: {row.missing_text}.", italic=True)
            b.bullet(f"Mức theo điểm: {row.computed_text or _DASH}")
            for reason in row.reasons_text:
                b.bullet(f"Xếp loại không hoàn thành nhiệm vụ do: {reason}")
        b.bullet(_quota_text(row))
        level = row.level_text or "chưa xác định (chờ quyết định của người có thẩm quyền)"
        if sheet.status == SheetStatus.RANKED and sheet.level:
            level = LEVEL_TEXT.get(sheet.level, level)
        b.paragraph(f"Mức xếp loại: {level}.", bold=True)
        if ranking.finalised is not None:
            b.paragraph(
                f"Theo Quyết định số {ranking.finalised.decision_number} ngày "
                f"{format_date(ranking.finalised.decided_on)} của {ranking.name}."
            )
        _signatures(
            b,
            [
                ("NGƯỜI TỰ ĐÁNH GIÁ", "(Ký, ghi rõ họ tên)", person.full_name),
                (
                    "THỦ TRƯỞNG TRỰC TIẾP",
                    f"(Ký, ghi rõ họ tên; ngày {format_date(sheet.confirmed_on)})"
                    if sheet.confirmed_on
                    else "(Ký, ghi rõ họ tên)",
                    sheet.confirmed_by_name,
                ),
            ],
        )

    return render(document, body)


# --- the report to the People's Committee ----------------------------------------------------------


def _share(count: int, total: int) -> str:
    return _DASH if not total else format_value(round(count * 100 / total, 2)) + " %"


def _levels_of(view: RankingView) -> Counter[str]:
    """Each person's level: as the ranking decided (and any appeal changed) once finalised, the live one
    before."""
    counts: Counter[str] = Counter()
    for row in view.rows:
        level = row.sheet.level if row.sheet.status == SheetStatus.RANKED else row.level
        counts[level or ""] += 1
    return counts


def report_docx(*, user: Any, year: int) -> bytes:
    """Sở Nội vụ's report of the year's evaluation to the People's Committee: per agency the people at
    each level and their share, the agencies' own levels, the agencies not finalised by the deadline
    (Decree 335/2025: 15/12), the texts applied. Only the agencies in the user's scope."""
    on = ranking_date(year)
    issuer_parent, place = province_heading(on)
    deadline = rules.ranking_deadline(year)
    scope = visible_unit_ids(user, "view")
    agencies = [a for a in agencies_as_of(as_of=on) if scope is None or a.pk in scope]
    views = [ranking_view(user=user, unit=a, year=year) for a in agencies]
    ranked = [v for v in views if v.rows]
    every = plan_rows(user=user, year=year)  # read once for all the agencies
    own: list[AgencyView] = [
        agency_evaluation_view(user=user, unit=a, year=year, rows=every) for a in agencies
    ]
    texts: Counter[str] = Counter(r.sheet.rule_text for v in ranked for r in v.rows)
    late = [v for v in ranked if v.finalised is None or v.finalised.decided_on > deadline]
    document = AdminDocument(
        issuer_parent=issuer_parent,
        issuer="SỞ NỘI VỤ",
        number="Số:      /BC-SNV",
        place=place or "Khánh Hòa",
        date=today(),
        kind="BÁO CÁO",
        title=(
            "Kết quả đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức\n"
            f"và cơ quan, đơn vị năm {year}"
        ),
        recipients=[
            "Ủy ban nhân dân tỉnh (để báo cáo)",
            "Ban Tổ chức Tỉnh ủy",
            "Các Sở, ban, ngành; UBND các xã, phường",
            "Lưu: VT, TCCB",
        ],
        signer_title="GIÁM ĐỐC",
        signer_name=getattr(settings, "CANBO_REPORT_SIGNER", ""),
    )

    def body(b: DocumentBuilder) -> None:
        people = sum(len(v.rows) for v in ranked)
        b.paragraph(
            f"Sở Nội vụ báo cáo Ủy ban nhân dân tỉnh kết quả đánh giá, xếp loại chất lượng năm {year} theo "
            f"Nghị định số 335/2025/NĐ-CP (số liệu đến ngày {format_date(on)}) như sau:"
        )
        b.heading("I. KẾT QUẢ XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC")
        totals: Counter[str] = Counter()
        table_rows: list[list[object]] = []
        for number, view in enumerate(ranked, start=1):
            counts = _levels_of(view)
            totals.update(counts)
            n = len(view.rows)
            table_rows.append(
                [number, view.name, n]
                + [f"{counts[level]} ({_share(counts[level], n)})" for level in LEVELS]
                + [counts[""] or ""]
            )
        table_rows.append(
            ["", "Tổng cộng", people]
            + [f"{totals[level]} ({_share(totals[level], people)})" for level in LEVELS]
            + [totals[""] or ""]
        )
        b.paragraph(
            f"Có {len(ranked)} cơ quan, đơn vị với {people} người được đánh giá, xếp loại; số liệu của "
            "cơ quan chưa có quyết định xếp loại là số tạm tính theo điểm."
        )
        b.table(
            [
                "STT",
                "Cơ quan, đơn vị",
                "Số người",
                "Xuất sắc",
                "Tốt",
                "Hoàn thành",
                "Không hoàn thành",
                "Chưa xếp",
            ],
            table_rows,
            widths_cm=[1.0, 3.8, 1.6, 2.0, 2.0, 2.0, 2.2, 1.4],
        )
        b.heading("II. KẾT QUẢ XẾP LOẠI CƠ QUAN, ĐƠN VỊ")
        own_rows = [
            [
                number,
                a.name,
                _n(a.general_points),
                _n(a.task_points),
                _n(a.score),
                a.level_text or "Chưa xếp loại",
                (
                    f"QĐ số {a.evaluation.decision_number}"
                    if a.finalised and a.evaluation is not None and a.evaluation.decision_number
                    else "Tạm tính"
                ),
            ]
            for number, a in enumerate(own, start=1)
        ]
        b.table(
            [
                "STT",
                "Cơ quan, đơn vị",
                "Tiêu chí chung",
                "Kết quả nhiệm vụ",
                "Tổng điểm",
                "Mức xếp loại",
                "Ghi chú",
            ],
            own_rows,
            widths_cm=[1.0, 4.0, 2.0, 2.2, 1.8, 2.8, 2.2],
        )
        b.heading(f"III. CƠ QUAN, ĐƠN VỊ CHƯA HOÀN THÀNH XẾP LOẠI ĐẾN NGÀY {format_date(deadline)}")
        if not late:
            b.paragraph(
                f"Tất cả cơ quan, đơn vị đã có quyết định xếp loại trước ngày {format_date(deadline)}."
            )
        for view in late:
            if view.finalised is None:
                b.bullet(f"{view.name}: chưa có quyết định xếp loại ({len(view.problems)} vấn đề cần xử lý);")
            else:
                b.bullet(
                    f"{view.name}: quyết định số {view.finalised.decision_number} ngày "
                    f"{format_date(view.finalised.decided_on)}, sau thời hạn;"
                )
        b.heading("IV. VĂN BẢN ÁP DỤNG")
        for text, count in sorted(texts.items()):
            b.bullet(f"{text}: {count} người;")
        if not texts:
            b.paragraph("Chưa có phiếu đánh giá nào của năm.")
        b.paragraph(
            f"Trên đây là báo cáo kết quả đánh giá, xếp loại chất lượng năm {year}, kính trình Ủy ban "
            "nhân dân tỉnh xem xét, chỉ đạo./."
        )

    return render(document, body)
