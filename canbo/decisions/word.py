"""The "Phiếu thẩm định điều kiện bổ nhiệm" as a Word file, laid out as Decree 30/2020/NĐ-CP asks
(core.docx): who, which post, which kind, the reference date, each condition with its status, what was
found and the text applied, the verdict and the texts."""

from canbo.core.dates import today
from canbo.core.docx import AdminDocument, DocumentBuilder, render
from canbo.decisions.checker import Verdict
from canbo.org.selectors import province_heading, unit_names


def verdict_docx(verdict: Verdict) -> bytes:
    issuer_parent, place = province_heading(verdict.on)
    unit = unit_names(units=[verdict.unit], as_of=verdict.on).get(verdict.unit.pk, verdict.unit.code)
    person = verdict.person
    document = AdminDocument(
        issuer_parent=issuer_parent,
        issuer="SỞ NỘI VỤ",
        number="Số:      /PTĐ-SNV",
        place=place or "Khánh Hòa",
        date=today(),
        kind="PHIẾU THẨM ĐỊNH",
        title=f"Điều kiện {verdict.kind_label.lower()} chức vụ {verdict.post.name}, {unit}",
        recipients=["Ban Tổ chức Tỉnh ủy", "Cơ quan đề nghị", "Lưu: VT, TCCB"],
        signer_title="NGƯỜI THẨM ĐỊNH",
    )

    def body(b: DocumentBuilder) -> None:
        b.heading("I. THÔNG TIN CHUNG")
        born = str(person.birth_date.year) if person.birth_year_only else f"{person.birth_date:%d/%m/%Y}"
        b.bullet(f"Họ và tên: {person.full_name}; sinh {born}; giới tính: {person.get_sex_display()}.")
        b.bullet(f"Hình thức: {verdict.kind_label}; chức vụ: {verdict.post.name}; đơn vị: {unit}.")
        b.bullet(f"Thời điểm tính điều kiện: {verdict.on:%d/%m/%Y}.")
        b.heading("II. CÁC ĐIỀU KIỆN")
        rows = []
        for number, reason in enumerate(verdict.reasons, start=1):
            evidence = "; ".join(f"{label}: {value}" for label, value in reason.evidence)
            found = reason.text + (f"\n{evidence}" if evidence else "")
            rows.append([number, reason.title, reason.status_label, found, reason.source or "—"])
        b.table(
            ["STT", "Điều kiện", "Kết quả", "Căn cứ số liệu", "Văn bản áp dụng"],
            rows,
            widths_cm=[1.1, 3.2, 2.4, 5.5, 3.8],
        )
        b.heading("III. KẾT LUẬN")
        b.paragraph(f"{verdict.outcome_label}.", bold=True)
        for reason in verdict.hard:
            b.bullet(f"Không đạt — {reason.title}: {reason.text}")
        for reason in verdict.soft:
            b.bullet(f"Cần cấp có thẩm quyền quyết định — {reason.title}: {reason.text}")
        if verdict.texts:
            b.paragraph("Các văn bản đã áp dụng:", italic=True)
            for text in verdict.texts:
                b.bullet(text[:1].upper() + text[1:] + ";")

    return render(document, body)
