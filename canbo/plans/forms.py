from typing import Any

from django import forms

from canbo.core.dates import format_date
from canbo.core.forms import VnDateField
from canbo.plans.choices import Progress

DATE_WIDGET = forms.TextInput(
    attrs={"class": "form-control date-vn", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, required: bool = False) -> forms.DateField:
    return VnDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Ngày không hợp lệ (viết theo dạng dd/mm/yyyy).", "required": "Bắt buộc."},
    )


class ReportForm(forms.Form):
    progress = forms.ChoiceField(label="Tình trạng", choices=Progress.choices)
    percent = forms.IntegerField(label="Tỷ lệ hoàn thành (%)", min_value=0, max_value=100, initial=0)
    narrative = forms.CharField(
        label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    completed_on = _date("Ngày hoàn thành")
    document_number = forms.CharField(
        label="Số văn bản (sản phẩm)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    document_date = _date("Ngày văn bản")
    document_issuer = forms.CharField(
        label="Cơ quan ban hành văn bản",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    document_file = forms.FileField(
        label="Tệp văn bản (PDF, Word, ODT)", required=False, allow_empty_file=True
    )
    obstacles = forms.CharField(
        label="Khó khăn, vướng mắc", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    proposals = forms.CharField(
        label="Đề xuất, kiến nghị", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("nhan", "Chấp nhận"), ("tra", "Trả lại")])
    comment = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtensionRequestForm(forms.Form):
    requested_due = _date("Thời hạn đề nghị", required=True)
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Phải ghi lý do."},
    )


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("dong_y", "Đồng ý"), ("tu_choi", "Không đồng ý")])
    comment = forms.CharField(label="Ý kiến", required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 2}))


class PlanImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel theo mẫu phụ lục", allow_empty_file=True)
    code = forms.SlugField(label="Mã kế hoạch (không dấu, ví dụ kh-2026-dao-tao)")
    title = forms.CharField(label="Tên kế hoạch", max_length=500)
    issuer = forms.CharField(label="Cơ quan ban hành", initial="Ủy ban nhân dân tỉnh Khánh Hòa")
    period_from = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100)
    period_to = forms.IntegerField(label="Đến năm", min_value=2000, max_value=2100)
    dry_run = forms.BooleanField(label="Chỉ kiểm tra (chạy thử, không ghi)", required=False)


REPORT_FIELDS = [name for name in ReportForm.base_fields if name != "document_file"]


def report_initial(report: Any) -> dict[str, Any] | None:
    """A report's fields as the report form shows them (dates dd/mm/yyyy): where resubmitting a
    returned report starts (issue 13.6)."""
    if report is None:
        return None
    values = {name: getattr(report, name) for name in REPORT_FIELDS}
    for name in ("completed_on", "document_date"):
        values[name] = format_date(values[name]) if values[name] else ""
    return values
