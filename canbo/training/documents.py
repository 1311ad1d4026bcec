"""The yearly training plan as the People's Committee issues it (Word, Decree 30/2020/NĐ-CP layout via
core.docx): the national heading, number and symbol, place and date, the title “KẾ HOẠCH Đào tạo, bồi
dưỡng cán bộ, công chức, viên chức năm N”, its purposes and requirements, the contents line by line,
the funding, the organisation of implementation, the recipients and the signer. It formats what the
plan holds; it writes nothing."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from canbo.core.dates import today
from canbo.core.docx import AdminDocument, DocumentBuilder, format_value, render
from canbo.org.selectors import province_heading
from canbo.training.choices import NeedSource, PlanStatus
from canbo.training.models import TrainingPlan
from canbo.training.selectors import key_cadre_terms, plan_progress

__all__ = ["plan_docx"]

NEED_HEADINGS = {
    NeedSource.POOL: "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức trong quy hoạch",
    NeedSource.POST: "Đào tạo, bồi dưỡng đáp ứng tiêu chuẩn của chức vụ đang giữ",
    NeedSource.LANGUAGE: "Chương trình đào tạo ngoại ngữ",
    NeedSource.KEY_CADRE_UPDATE: "Bồi dưỡng cập nhật kiến thức cho cán bộ lãnh đạo, quản lý",
    NeedSource.OTHER: "Nội dung khác",
}
ROMAN = ["1", "2", "3", "4", "5"]


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_value(int(value))


def plan_docx(*, user: Any, plan: TrainingPlan) -> bytes:
    """The plan of `plan.year` (a draft shows “Số:      /KH-UBND” and today's date)."""
    on = plan.signed_on or today()
    parent, place = province_heading(on)
    issuer = parent or "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"
    number = (
        f"Số: {plan.number}" if plan.status == PlanStatus.APPROVED and plan.number else "Số:      /KH-UBND"
    )
    progress = plan_progress(user=user, plan=plan)
    document = AdminDocument(
        issuer_parent="",
        issuer=issuer,
        number=number,
        place=place or "Khánh Hòa",
        date=on,
        kind="KẾ HOẠCH",
        title=f"Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {plan.year}",
        recipients=[
            "Bộ Nội vụ (để báo cáo)",
            "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh (để báo cáo)",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
            "Ban Tổ chức Tỉnh ủy",
            "Các Sở, ban, ngành; UBND các xã, phường",
            "Lưu: VT, SNV",
        ],
        signer_title=plan.signer_title or "PHÓ CHỦ TỊCH",
        signer_name=plan.signer_name,
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    )
    total_people = sum(p.line.people_count for p in progress)
    total_cost = sum((p.line.estimated_cost or Decimal(0) for p in progress), Decimal(0))

    def body(b: DocumentBuilder) -> None:
        b.paragraph(
            "Căn cứ Kế hoạch triển khai thực hiện Nghị quyết số 07-NQ/TU ngày 29/10/2021 của Ban Chấp hành "
            "Đảng bộ tỉnh về xây dựng đội ngũ cán bộ các cấp đến năm 2025, định hướng đến năm 2030; căn cứ "
            "nhu cầu đào tạo, bồi dưỡng của các cơ quan, đơn vị, Ủy ban nhân dân tỉnh ban hành Kế hoạch đào "
            f"tạo, bồi dưỡng cán bộ, công chức, viên chức năm {plan.year} như sau:"
        )
        b.heading("I. MỤC ĐÍCH, YÊU CẦU")
        b.paragraph("1. Mục đích", bold=True)
        b.paragraph(
            "Cán bộ, công chức, viên chức trong quy hoạch được cử đi học nâng cao về lý luận chính trị, quốc "
            "phòng - an ninh; tăng cường đào tạo, bồi dưỡng, cập nhật kiến thức mới về quản lý nhà nước, hội "
            "nhập quốc tế, kỹ năng lãnh đạo, quản lý, tin học (Kế hoạch triển khai Nghị quyết 07-NQ/TU, mục "
            "III.7.c); bồi dưỡng cập nhật kiến thức cho đội ngũ cán bộ lãnh đạo, quản lý và thực hiện chương "
            "trình đào tạo ngoại ngữ của tỉnh (mục III.7.d)."
        )
        b.paragraph("2. Yêu cầu", bold=True)
        b.paragraph(
            "Cử đúng đối tượng, đúng nhu cầu của vị trí, chức danh; người được cử đi học hoàn thành chương "
            "trình; kết quả được cập nhật vào hồ sơ cán bộ ngay khi lớp kết thúc."
        )
        b.heading("II. NỘI DUNG")
        by_need: dict[str, list[Any]] = defaultdict(list)
        for p in progress:
            by_need[p.line.need].append(p)
        for index, (need, items) in enumerate(
            sorted(by_need.items(), key=lambda kv: list(NeedSource).index(NeedSource(kv[0])))
        ):
            people = sum(p.line.people_count for p in items)
            b.paragraph(
                f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {NEED_HEADINGS[NeedSource(need)]} "
                f"({len(items)} nội dung, {format_value(people)} người)",
                bold=True,
            )
            for p in items:
                line = p.line
                when = f"quý {line.quarter}" if line.quarter else "trong năm"
                text = f"{line.title}: {format_value(line.people_count)} người; {line.target_group}; {when}"
                text += f"; tại {line.place}" if line.place else ""
                text += f"; {line.organiser} tổ chức."
                b.bullet(text)
        if any(p.line.need == NeedSource.KEY_CADRE_UPDATE for p in progress):
            term = next(
                (t for t in key_cadre_terms() if t.term.starts_on.year <= plan.year <= t.term.ends_on.year),
                None,
            )
            if term is not None:
                b.paragraph(term.text, italic=True)
        b.paragraph("Danh mục chi tiết tại Phụ lục kèm theo.", italic=True)
        b.table(
            ["STT", "Nội dung", "Số người", "Thời gian", "Cơ quan tổ chức", "Kinh phí dự kiến (đồng)"],
            [
                [
                    n,
                    p.line.title,
                    p.line.people_count,
                    f"Quý {p.line.quarter}" if p.line.quarter else "Trong năm",
                    p.line.organiser,
                    _money(p.line.estimated_cost),
                ]
                for n, p in enumerate(progress, start=1)
            ]
            + [["", "Tổng cộng", total_people, "", "", _money(total_cost)]],
            widths_cm=[1.0, 6.0, 1.8, 2.0, 3.0, 2.6],
        )
        b.heading("III. KINH PHÍ")
        b.paragraph(
            f"Kinh phí dự kiến: {_money(total_cost) or '0'} đồng, từ ngân sách tỉnh giao cho công tác đào "
            f"tạo, bồi dưỡng cán bộ, công chức, viên chức năm {plan.year} và các nguồn hợp pháp khác; cơ "
            "quan cử người đi học bảo đảm chế độ theo quy định."
        )
        b.heading("IV. TỔ CHỨC THỰC HIỆN")
        b.paragraph(
            "1. Sở Nội vụ chủ trì, phối hợp với các cơ sở đào tạo mở lớp, duyệt danh sách học viên do các "
            "cơ quan đề nghị, theo dõi kết quả và cập nhật vào hồ sơ cán bộ; tổng hợp, báo cáo Ủy ban nhân "
            "dân tỉnh kết quả thực hiện Kế hoạch trước ngày 15 tháng 12."
        )
        b.paragraph(
            "2. Các Sở, ban, ngành, Ủy ban nhân dân các xã, phường rà soát, cử cán bộ, công chức, viên chức "
            "đi học đúng đối tượng; bố trí công việc để người được cử tham gia đầy đủ chương trình."
        )
        b.paragraph("3. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch theo quy định.")

    return render(document, body)
