"""The pool pages' forms: Vietnamese labels, dates dd/mm/yyyy."""

from typing import Any

from django import forms

from canbo.core.forms import VnDateField
from canbo.planning.choices import ExitReason

TEXT = {"class": "form-control"}
DATE = {"class": "form-control date-vn", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}


class PoolFilterForm(forms.Form):
    ngay = VnDateField(label="Ngày", required=False, widget=forms.TextInput(attrs=DATE))
    don_vi = forms.TypedChoiceField(label="Đơn vị", required=False, coerce=int, empty_value=None)
    nhiem_ky = forms.ChoiceField(label="Nhiệm kỳ", required=False)
    chuc_vu = forms.TypedChoiceField(label="Chức danh", required=False, coerce=int, empty_value=None)
    den_han = forms.BooleanField(label="Chỉ quy hoạch đến hạn rà soát", required=False)
    trang = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        terms: list[tuple[str, str]],
        posts: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].choices = [("", "Tất cả")] + units  # type: ignore[attr-defined]
        self.fields["nhiem_ky"].choices = [("", "Các nhiệm kỳ đang có hiệu lực")] + terms  # type: ignore[attr-defined]
        self.fields["chuc_vu"].choices = [("", "Tất cả")] + posts  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    nguoi = forms.TypedChoiceField(label="Cán bộ", coerce=int)
    ngay = VnDateField(label="Ngày đề xuất", widget=forms.TextInput(attrs=DATE))
    noi_dung = forms.CharField(
        label="Nội dung, lý do",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT | {"rows": 2}),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nguoi"].choices = [("", "— chọn cán bộ —")] + people  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    so_quyet_dinh = forms.CharField(label="Số quyết định", max_length=100)
    ngay = VnDateField(label="Ngày quyết định", widget=forms.TextInput(attrs=DATE))
    co_quan = forms.CharField(label="Cơ quan quyết định", required=False, max_length=255)
    y_kien = forms.CharField(label="Ghi chú", required=False, max_length=2000)


class CloseForm(forms.Form):
    ngay = VnDateField(label="Ngày", widget=forms.TextInput(attrs=DATE))
    ly_do = forms.CharField(label="Lý do", required=False, max_length=2000)


class ReviewForm(forms.Form):
    ngay = VnDateField(label="Ngày rà soát", widget=forms.TextInput(attrs=DATE))
    so_van_ban = forms.CharField(label="Số quyết định, văn bản", required=False, max_length=100)
    moi_chuc_danh = forms.BooleanField(label="Rà soát mọi chức danh của đơn vị", required=False)
    ket_qua = forms.CharField(
        label="Kết quả rà soát",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXT | {"rows": 2}),
    )


class ExitForm(forms.Form):
    ly_do = forms.ChoiceField(label="Lý do", choices=ExitReason.choices)
    nguon = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    can_cu = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    ngay = VnDateField(label="Ngày", widget=forms.TextInput(attrs=DATE))
    so_quyet_dinh = forms.CharField(label="Số quyết định", required=False, max_length=100)
    ghi_chu = forms.CharField(label="Ghi chú", required=False, max_length=2000)
