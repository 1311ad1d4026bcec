"""The recruitment's Word documents, laid out as Decree 30/2020/NĐ-CP asks (core.docx): the public notice
(thông báo tuyển dụng, with the content and dates the agency set — the law gives none, RULES-2 §5.3) and
the result notice (thông báo kết quả). They format what the selectors computed; they write nothing."""

from django.conf import settings

from canbo.core.dates import format_date, today
from canbo.core.docx import AdminDocument, DocumentBuilder, render
from canbo.org.selectors import province_heading
from canbo.people import catalogues
from canbo.recruitment import rules
from canbo.recruitment.choices import Method, SelectionCase
from canbo.recruitment.selectors import RecruitmentView

__all__ = ["notice_docx", "result_docx"]


def _header(view: RecruitmentView, number: str, title: str, on: object) -> AdminDocument:
    r = view.recruitment
    day = on if on is not None else today()
    parent, place = province_heading(day)  # type: ignore[arg-type]
    return AdminDocument(
        issuer_parent=parent,
        issuer=view.unit_name.upper(),
        number=f"Số: {number}" if number else "Số:      /TB",
        place=place or "Khánh Hòa",
        date=day,  # type: ignore[arg-type]
        kind="THÔNG BÁO",
        title=title,
        recipients=["Cổng thông tin điện tử của cơ quan", "Sở Nội vụ (để theo dõi)", "Lưu: VT, TCCB"],
        signer_title="GIÁM ĐỐC",
        signer_name=getattr(settings, "CANBO_REPORT_SIGNER", "") if r.unit.code == "KH.SNV" else "",
    )


def notice_docx(view: RecruitmentView) -> bytes:
    r = view.recruitment
    method = Method(r.method).label
    document = _header(view, r.notice_number, f"{method} công chức năm {r.year}", r.published_on)

    def body(b: DocumentBuilder) -> None:
        b.paragraph(
            f"Căn cứ {rules.LAW}; căn cứ {rules.DECREE} về tuyển dụng, sử dụng và quản lý công chức; "
            f"căn cứ kế hoạch tuyển dụng năm {r.year}, {view.unit_name} thông báo {str(method).lower()} "
            "như sau:"
        )
        b.heading("1. Vị trí việc làm, số lượng cần tuyển")
        b.table(
            ["STT", "Vị trí việc làm", "Ngạch", "Chỉ tiêu", "Điều kiện, tiêu chuẩn riêng"],
            [
                [
                    n,
                    v.line.position.name,
                    v.line.position.rank_name,
                    v.line.quota,
                    "; ".join(
                        t
                        for t in (
                            f"Trình độ từ {catalogues.QUALIFICATIONS.label(v.line.min_qualification)}"
                            if v.line.min_qualification
                            else "",
                            v.line.conditions,
                        )
                        if t
                    ),
                ]
                for n, v in enumerate(view.lines, start=1)
            ],
            [1.2, 5.5, 2.8, 1.8, 4.7],
        )
        b.heading("2. Điều kiện đăng ký dự tuyển")
        b.bullet(
            f"Có một quốc tịch là quốc tịch Việt Nam; đủ {rules.MIN_AGE} tuổi trở lên (theo {rules.LAW})."
        )
        b.bullet("Có phiếu đăng ký dự tuyển; có lý lịch rõ ràng; có văn bằng, chứng chỉ phù hợp với vị trí.")
        if r.method == Method.SELECTION:
            b.bullet(f"Xét tuyển chỉ áp dụng cho các trường hợp tại điều 5 {rules.DECREE}:")
            for _code, label in SelectionCase.choices:
                b.bullet(f"+ {label}.")
        b.heading("3. Ưu tiên trong tuyển dụng")
        b.paragraph(
            f"Theo điều 6 {rules.DECREE}: cộng 7,5 điểm, 5 điểm hoặc 2,5 điểm vào kết quả vòng 2 tùy "
            "đối tượng; "
            "điểm ưu tiên chỉ cộng cho người đạt."
        )
        b.heading("4. Hình thức, nội dung thi")
        if r.method == Method.EXAM:
            b.bullet(
                "Vòng 1: thi trắc nghiệm trên máy tính 60 câu trong 60 phút; "
                "đạt khi trả lời đúng từ 50 % số câu."
            )
        b.bullet("Vòng 2: thi chuyên môn, nghiệp vụ, thang điểm 100; đạt khi từ 50 điểm trở lên.")
        b.heading("5. Thời gian, địa điểm")
        b.bullet(
            f"Nhận hồ sơ từ ngày {format_date(r.applications_from)} "
            f"đến ngày {format_date(r.applications_to)}."
        )
        if r.submit_place:
            b.bullet(f"Địa điểm nhận hồ sơ: {r.submit_place}.")
        if r.round_1_on:
            b.bullet(f"Dự kiến thi vòng 1: ngày {format_date(r.round_1_on)}.")
        if r.round_2_on:
            b.bullet(f"Dự kiến thi vòng 2: ngày {format_date(r.round_2_on)}.")
        if r.fee:
            b.bullet(f"Phí dự tuyển: {r.fee}.")
        for paragraph in (p.strip() for p in r.content.splitlines()):
            if paragraph:
                b.paragraph(paragraph)

    return render(document, body)


def result_docx(view: RecruitmentView) -> bytes:
    r = view.recruitment
    document = _header(view, r.result_number, f"Kết quả tuyển dụng công chức năm {r.year}", r.result_on)

    def body(b: DocumentBuilder) -> None:
        b.paragraph(
            f"Căn cứ {rules.DECREE}; căn cứ kết quả {str(Method(r.method).label).lower()} của Hội đồng tuyển "
            f"dụng, {view.unit_name} thông báo danh sách người trúng tuyển như sau:"
        )
        rows: list[list[object]] = []
        for v in view.lines:
            for placed, c in v.admitted:
                note = placed.tie_rule
                if note == rules.TIE_HEAD and v.tie is not None:
                    note = f"{v.tie.head_title} quyết định" + (
                        f" (văn bản số {v.tie.decision_number})" if v.tie.decision_number else ""
                    )
                rows.append(
                    [
                        len(rows) + 1,
                        c.number,
                        c.full_name,
                        c.birth_date,
                        v.line.position.name,
                        placed.professional,
                        placed.priority,
                        placed.total,
                        note,
                    ]
                )
        b.table(
            [
                "STT",
                "SBD",
                "Họ và tên",
                "Ngày sinh",
                "Vị trí",
                "Điểm chuyên môn",
                "Ưu tiên",
                "Tổng",
                "Ghi chú",
            ],
            rows,
            [1.0, 1.2, 3.6, 2.2, 3.2, 1.6, 1.3, 1.3, 1.6],
        )
        b.paragraph(
            "Người trúng tuyển hoàn thiện hồ sơ tuyển dụng theo quy định; cơ quan ra quyết định tuyển dụng "
            "và bố trí vào vị trí việc làm đã đăng ký dự tuyển."
        )

    return render(document, body)
