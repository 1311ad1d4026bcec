"""The positions pages' forms: Vietnamese labels, dates dd/mm/yyyy. A form only parses; the services
check and write."""

from typing import Any

from django import forms

from canbo.core.forms import VnDateField
from canbo.people.choices import StaffCategory
from canbo.positions.choices import PositionGroup
from canbo.positions.models import JobPositionFramework

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control date-vn", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}
PLACED = [
    (StaffCategory.CIVIL_SERVANT, StaffCategory.CIVIL_SERVANT.label),
    (StaffCategory.PUBLIC_EMPLOYEE, StaffCategory.PUBLIC_EMPLOYEE.label),
]


class PositionForm(forms.Form):
    """A new position, or the correction of one (then `ma` and `tu_ngay` are not used)."""

    khung = forms.ModelChoiceField(
        label="Vị trí trong danh mục khung",
        queryset=JobPositionFramework.objects.all(),
        required=False,
        empty_label="— không chọn (tự nhập tên) —",
        widget=forms.Select(attrs=SELECT),
        help_text="Chọn từ danh mục khung thì tên vị trí và ngạch được lấy theo danh mục khi để trống.",
    )
    ma = forms.CharField(label="Mã vị trí", max_length=30, required=False, widget=forms.TextInput(attrs=TEXT))
    ten = forms.CharField(
        label="Tên vị trí việc làm", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    nhom = forms.ChoiceField(
        label="Nhóm",
        choices=[("", "— theo danh mục khung —"), *PositionGroup.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    loai = forms.ChoiceField(label="Loại", choices=PLACED, widget=forms.Select(attrs=SELECT))
    ma_ngach = forms.CharField(
        label="Mã ngạch", max_length=20, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    ngach = forms.CharField(label="Ngạch", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT))
    so_nguoi = forms.IntegerField(
        label="Số người", min_value=0, max_value=32_767, widget=forms.NumberInput(attrs=TEXT)
    )
    tu_ngay = VnDateField(label="Từ ngày", required=False, widget=forms.TextInput(attrs=DATE))
    mo_ta = forms.CharField(
        label="Bản mô tả công việc", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )

    def values(self) -> dict[str, Any]:
        """The model's fields from the form (valid)."""
        d = self.cleaned_data
        return {
            "framework": d["khung"],
            "name": d["ten"].strip(),
            "group": d["nhom"],
            "staff_category": d["loai"],
            "rank_code": d["ma_ngach"].strip(),
            "rank_name": d["ngach"].strip(),
            "planned_count": d["so_nguoi"],
            "description": d["mo_ta"],
        }


class EndForm(forms.Form):
    den_ngay = VnDateField(label="Kết thúc từ ngày", widget=forms.TextInput(attrs=DATE))
    ghi_chu = forms.CharField(
        label="Ghi chú", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class QuotaForm(forms.Form):
    nam = forms.IntegerField(
        label="Năm", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    cong_chuc = forms.IntegerField(
        label="Biên chế công chức", min_value=0, widget=forms.NumberInput(attrs=TEXT)
    )
    vien_chuc = forms.IntegerField(
        label="Số lượng người làm việc (viên chức)",
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )
    so_qd = forms.CharField(
        label="Số quyết định giao", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    ngay_qd = VnDateField(label="Ngày quyết định", required=False, widget=forms.TextInput(attrs=DATE))

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "civil_servants": d["cong_chuc"],
            "public_employees": d["vien_chuc"] or 0,
            "decision_number": d["so_qd"].strip(),
            "decision_date": d["ngay_qd"],
        }


class PlaceForm(forms.Form):
    """Place one person into a position: the choices are the agency's people and positions."""

    nguoi = forms.TypedChoiceField(
        label="Cán bộ, công chức, viên chức", coerce=int, widget=forms.Select(attrs=SELECT)
    )
    vi_tri = forms.TypedChoiceField(label="Vị trí việc làm", coerce=int, widget=forms.Select(attrs=SELECT))
    tu_ngay = VnDateField(label="Từ ngày", widget=forms.TextInput(attrs=DATE))
    ghi_chu = forms.CharField(
        label="Ghi chú", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], positions: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["nguoi"].choices = [("", "— chọn người —"), *people]  # type: ignore[attr-defined]
        self.fields["vi_tri"].choices = [("", "— chọn vị trí —"), *positions]  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    tep = forms.FileField(label="Tệp Excel")
    tu_ngay = VnDateField(label="Từ ngày", required=False, widget=forms.TextInput(attrs=DATE))
