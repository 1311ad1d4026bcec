"""The recruitment pages' forms: Vietnamese labels, dates dd/mm/yyyy, scores with a decimal comma."""

from decimal import Decimal
from typing import Any

from django import forms

from canbo.core.forms import VnDateField
from canbo.evaluation.forms import VnDecimalField
from canbo.people import catalogues
from canbo.people.choices import Sex
from canbo.recruitment import rules
from canbo.recruitment.choices import Method, SelectionCase

DATE = {"class": "form-control date-vn", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
NONE = [("", "—")]


def _date(label: str, required: bool = True) -> VnDateField:
    return VnDateField(label=label, required=required, widget=forms.TextInput(attrs=DATE))


class CreateForm(forms.Form):
    co_quan = forms.TypedChoiceField(label="Cơ quan tuyển dụng", coerce=int)
    nam = forms.IntegerField(label="Năm", min_value=2020, max_value=2100)
    ten = forms.CharField(label="Tên kỳ tuyển dụng", max_length=255)
    hinh_thuc = forms.ChoiceField(label="Hình thức", choices=Method.choices)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_quan"].choices = [("", "— chọn cơ quan —"), *agencies]  # type: ignore[attr-defined]


class LineForm(forms.Form):
    vi_tri = forms.TypedChoiceField(label="Vị trí việc làm", coerce=int)
    chi_tieu = forms.IntegerField(label="Chỉ tiêu", min_value=1, max_value=500)
    trinh_do = forms.ChoiceField(
        label="Trình độ tối thiểu", required=False, choices=NONE + catalogues.QUALIFICATIONS.choices()
    )
    dieu_kien = forms.CharField(label="Điều kiện riêng", required=False, max_length=2000)
    viet = forms.BooleanField(label="Vòng 2 thi viết và phỏng vấn", required=False)
    chuc_vu = forms.TypedChoiceField(label="Chức vụ thi tuyển", coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, positions: list[tuple[int, str]], posts: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["vi_tri"].choices = [("", "— chọn vị trí —"), *positions]  # type: ignore[attr-defined]
        self.fields["chuc_vu"].choices = [("", "—"), *posts]  # type: ignore[attr-defined]


class NoticeForm(forms.Form):
    so = forms.CharField(
        label="Số thông báo", required=False, max_length=60, widget=forms.TextInput(attrs=TEXT)
    )
    ngay = _date("Ngày thông báo")
    tu_ngay = _date("Nhận hồ sơ từ ngày")
    den_ngay = _date("Nhận hồ sơ đến ngày")
    noi_nop = forms.CharField(
        label="Địa điểm nhận hồ sơ", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    vong_1 = _date("Ngày thi vòng 1 (dự kiến)", required=False)
    vong_2 = _date("Ngày thi vòng 2 (dự kiến)", required=False)
    phi = forms.CharField(
        label="Phí dự tuyển", required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    noi_dung = forms.CharField(
        label="Nội dung khác",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class CandidateForm(forms.Form):
    vi_tri = forms.TypedChoiceField(label="Vị trí dự tuyển", coerce=int)
    ho_ten = forms.CharField(label="Họ và tên", max_length=150)
    ngay_sinh = _date("Ngày sinh")
    gioi_tinh = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    dan_toc = forms.ChoiceField(
        label="Dân tộc",
        choices=catalogues.ETHNIC_GROUPS.choices(),
        initial=catalogues.KINH,
        widget=forms.Select(attrs=SELECT),
    )
    trinh_do = forms.ChoiceField(
        label="Trình độ",
        required=False,
        choices=NONE + catalogues.QUALIFICATIONS.choices(),
        widget=forms.Select(attrs=SELECT),
    )
    chuyen_nganh = forms.CharField(label="Chuyên ngành", required=False, max_length=200)
    uu_tien = forms.MultipleChoiceField(
        label="Đối tượng ưu tiên",
        required=False,
        choices=[(c.code, f"{c.label} (+{rules.vn(c.points)})") for c in rules.PRIORITY_CATEGORIES],
    )
    xet_tuyen = forms.ChoiceField(
        label="Trường hợp xét tuyển (điều 5)",
        required=False,
        choices=[*NONE, *SelectionCase.choices],
        widget=forms.Select(attrs=SELECT),
    )
    can_bo = forms.IntegerField(
        label="Mã cán bộ trong hồ sơ (thi tuyển lãnh đạo)", required=False, min_value=1
    )

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vi_tri"].choices = lines  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    vong_1 = forms.IntegerField(
        label="Số câu đúng vòng 1", required=False, min_value=0, max_value=rules.ROUND_1_QUESTIONS
    )
    chuyen_mon = VnDecimalField(
        label="Điểm chuyên môn", required=False, min_value=Decimal(0), max_value=Decimal(100)
    )
    viet = VnDecimalField(label="Điểm viết", required=False, min_value=Decimal(0), max_value=Decimal(100))


class TieForm(forms.Form):
    nguoi_duoc_chon = forms.TypedMultipleChoiceField(label="Người được chọn (theo thứ tự)", coerce=int)
    nguoi_dung_dau = forms.CharField(label="Người đứng đầu", max_length=150)
    chuc_vu = forms.CharField(label="Chức vụ", max_length=150, initial="Giám đốc")
    so = forms.CharField(label="Số văn bản", required=False, max_length=60)
    ngay = _date("Ngày quyết định")
    ly_do = forms.CharField(label="Lý do", required=False, max_length=2000)

    def __init__(self, *args: Any, tied: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nguoi_duoc_chon"].choices = tied  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    ngay = _date("Ngày thông báo kết quả")
    so = forms.CharField(label="Số thông báo", required=False, max_length=60)


class AppointForm(forms.Form):
    ngay = _date("Ngày tuyển dụng, bổ nhiệm (ngày bắt đầu làm việc)")
    so = forms.CharField(label="Số quyết định", required=False, max_length=60)
    nguoi_ky = forms.CharField(label="Người ký", required=False, max_length=150)


class ImportForm(forms.Form):
    tep = forms.FileField(label="Tệp Excel (.xlsx)")
