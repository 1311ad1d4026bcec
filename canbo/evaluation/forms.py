"""The evaluation pages' forms: Vietnamese labels, dates dd/mm/yyyy, points with a decimal comma."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from canbo.core.forms import VnDateField
from canbo.evaluation.choices import AppealOutcome, ExcellentDecision
from canbo.people.choices import EvaluationLevel

TEXT = {"class": "form-control"}
DATE = {"class": "form-control date-vn", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}


class VnDecimalField(forms.CharField):
    """A number written the Vietnamese way ("28,5") or with a point ("28.5"); empty: None."""

    def __init__(self, *, min_value: Decimal | None = None, max_value: Decimal | None = None, **kwargs: Any):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(super().clean(value) or "").strip().replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Không phải là số (viết như 28,5).", code="invalid") from None
        if not number.is_finite():
            raise ValidationError("Không phải là số (viết như 28,5).", code="invalid")
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                f"Không được nhỏ hơn {self.min_value:g}.".replace(".", ","), code="min_value"
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                f"Không được lớn hơn {self.max_value:g}.".replace(".", ","), code="max_value"
            )
        return number


class YearForm(forms.Form):
    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)


class OpenForm(forms.Form):
    co_quan = forms.TypedChoiceField(label="Cơ quan", coerce=int)
    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_quan"].choices = [("", "— chọn cơ quan —")] + agencies  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    """A product of a period. The "kind" is optional: its coefficient is taken when none is written."""

    ky = forms.IntegerField(label="Kỳ", min_value=1, max_value=12)
    ten = forms.CharField(label="Sản phẩm, công việc", max_length=500)
    loai = forms.TypedChoiceField(label="Loại sản phẩm", required=False, coerce=int, empty_value=None)
    he_so = VnDecimalField(label="Hệ số quy đổi", required=False, min_value=Decimal(0))
    hoan_thanh = forms.BooleanField(label="Đã hoàn thành", required=False)
    chua_dat = forms.IntegerField(
        label="Số lần chưa đạt chất lượng", required=False, min_value=0, max_value=99
    )
    chua_dat_kq = forms.IntegerField(
        label="Chưa đạt do nguyên nhân khách quan", required=False, min_value=0, max_value=99
    )
    cham = forms.IntegerField(label="Số lần chậm tiến độ", required=False, min_value=0, max_value=99)
    cham_kq = forms.IntegerField(
        label="Chậm do nguyên nhân khách quan", required=False, min_value=0, max_value=99
    )
    nguoi_xac_nhan_kq = forms.CharField(
        label="Người xác nhận nguyên nhân khách quan", required=False, max_length=150
    )
    ghi_chu = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args: Any, kinds: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loai"].choices = [("", "—")] + (kinds or [])  # type: ignore[attr-defined]

    def fields_for_service(self) -> dict[str, Any]:
        """The service's names of the fields (evaluation.services.ITEM_FIELDS), the kind apart."""
        d = self.cleaned_data
        values: dict[str, Any] = {
            "period": d["ky"],
            "title": d["ten"].strip(),
            "completed": d["hoan_thanh"],
            "failed_reviews": d["chua_dat"] or 0,
            "excused_failed_reviews": d["chua_dat_kq"] or 0,
            "delays": d["cham"] or 0,
            "excused_delays": d["cham_kq"] or 0,
            "excuse_confirmed_by": d["nguoi_xac_nhan_kq"].strip(),
            "note": d["ghi_chu"].strip(),
        }
        if d["he_so"] is not None:
            values["weight"] = d["he_so"]
        return values


class ConfirmForm(forms.Form):
    nguoi_quan_ly = forms.CharField(label="Người quản lý xác nhận", max_length=150)
    ky = forms.IntegerField(label="Kỳ", required=False, min_value=1, max_value=12)
    ngay = VnDateField(label="Ngày xác nhận", widget=forms.TextInput(attrs=DATE))


class ScoreForm(forms.Form):
    """The manager's part of the sheet (evaluation.services.sheet_score)."""

    diem_chung = VnDecimalField(label="Điểm tiêu chí chung", required=False, min_value=Decimal(0))
    to_chuc = VnDecimalField(
        label="Tiêu chí tổ chức triển khai (%)", required=False, min_value=Decimal(0), max_value=Decimal(100)
    )
    suy_thoai = forms.BooleanField(label="Có kết luận suy thoái", required=False)
    tham_nhung = forms.BooleanField(
        label="Đơn vị trực tiếp phụ trách bị xử lý tham nhũng, lãng phí", required=False
    )
    muc = forms.ChoiceField(label="Mức xếp loại do cấp có thẩm quyền quyết định", required=False)
    can_cu = forms.CharField(label="Căn cứ, nhận xét", required=False, max_length=4000)
    nhom = forms.TypedChoiceField(
        label="Nhóm nhiệm vụ tương đồng", required=False, coerce=int, empty_value=None
    )
    nguoi_cham = forms.CharField(label="Người chấm điểm", max_length=150)
    ngay = VnDateField(label="Ngày chấm điểm", widget=forms.TextInput(attrs=DATE))
    phien_ban = forms.IntegerField(min_value=1)

    def __init__(self, *args: Any, groups: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["muc"].choices = [("", "—")] + list(EvaluationLevel.choices)  # type: ignore[attr-defined]
        self.fields["nhom"].choices = [("", "Chung (chưa chia nhóm)")] + (groups or [])  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    quyet_dinh = forms.ChoiceField(
        label="Quyết định", choices=[(ExcellentDecision.KEEP, "Giữ"), (ExcellentDecision.DEMOTE, "Tốt")]
    )


class DecisionForm(forms.Form):
    so_quyet_dinh = forms.CharField(label="Số quyết định", max_length=100)
    ngay = VnDateField(label="Ngày quyết định", widget=forms.TextInput(attrs=DATE))


class ExceptionForm(forms.Form):
    ty_le = VnDecimalField(
        label="Tỷ lệ xuất sắc so với số tốt (%)", min_value=Decimal(0), max_value=Decimal(100)
    )
    so_quyet_dinh = forms.CharField(label="Số quyết định", required=False, max_length=100)
    ngay = VnDateField(label="Ngày quyết định", widget=forms.TextInput(attrs=DATE))
    ly_do = forms.CharField(label="Lý do", required=False, max_length=4000)


class GroupForm(forms.Form):
    ten = forms.CharField(label="Tên nhóm nhiệm vụ tương đồng", max_length=255)


class ProductTypeForm(forms.Form):
    ten = forms.CharField(label="Loại sản phẩm, công việc", max_length=255)
    he_so = VnDecimalField(label="Hệ số quy đổi", required=False, min_value=Decimal(0))
    ghi_chu = forms.CharField(label="Ghi chú", required=False, max_length=500)


class AppealForm(forms.Form):
    ngay = VnDateField(label="Ngày kiến nghị", widget=forms.TextInput(attrs=DATE))
    noi_dung = forms.CharField(label="Nội dung kiến nghị", max_length=4000)


class AnswerForm(forms.Form):
    ngay = VnDateField(label="Ngày trả lời", widget=forms.TextInput(attrs=DATE))
    tra_loi = forms.CharField(label="Nội dung trả lời", max_length=4000)
    ket_qua = forms.ChoiceField(
        label="Kết quả", choices=[c for c in AppealOutcome.choices if c[0]], required=False
    )
    muc_moi = forms.ChoiceField(
        label="Mức sau điều chỉnh", choices=[("", "—")] + list(EvaluationLevel.choices), required=False
    )


class AgencyScoreForm(forms.Form):
    diem_chung = VnDecimalField(label="Điểm tiêu chí chung", required=False, min_value=Decimal(0))
    nhan_xet = forms.CharField(label="Nhận xét", required=False, max_length=4000)


class ImportForm(forms.Form):
    tep = forms.FileField(label="Tệp Excel")
