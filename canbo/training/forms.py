"""The training pages' forms: Vietnamese labels, dates dd/mm/yyyy."""

from typing import Any

from django import forms

from canbo.core.forms import VnDateField
from canbo.org.models import Unit
from canbo.people import catalogues
from canbo.people.choices import TrainingKind
from canbo.training.choices import ClassStatus, DefenceGroup, NeedSource
from canbo.training.models import Course, TrainingClass

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control date-vn", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}
LEVELS = [("", "—")] + [
    (e.code, f"{catalogue.title}: {e.name}")
    for catalogue in (catalogues.POLITICAL_THEORY, catalogues.STATE_MANAGEMENT)
    for e in catalogue
]


class CourseForm(forms.Form):
    code = forms.SlugField(label="Mã chương trình", max_length=60, widget=forms.TextInput(attrs=TEXT))
    name = forms.CharField(label="Tên chương trình", max_length=255, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="Loại", choices=TrainingKind.choices, widget=forms.Select(attrs=SELECT))
    level = forms.ChoiceField(
        label="Trình độ đạt được", choices=LEVELS, required=False, widget=forms.Select(attrs=SELECT)
    )
    language = forms.ChoiceField(
        label="Ngoại ngữ",
        choices=[("", "—")] + [(e.code, e.name) for e in catalogues.LANGUAGES],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    language_level = forms.TypedChoiceField(
        label="Bậc ngoại ngữ",
        choices=[("", "—")] + [(n, catalogues.language_level_name(n)) for n in range(1, 7)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    defence_group = forms.TypedChoiceField(
        label="Đối tượng quốc phòng - an ninh",
        choices=[("", "—"), *DefenceGroup.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    key_cadre_update = forms.BooleanField(
        label="Bồi dưỡng cập nhật kiến thức cho cán bộ chủ chốt", required=False
    )
    duration_days = forms.IntegerField(
        label="Thời lượng (ngày)", min_value=1, required=False, widget=forms.NumberInput(attrs=TEXT)
    )
    cost_per_person = forms.DecimalField(
        label="Kinh phí một người (đồng)",
        min_value=0,
        decimal_places=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )


class ClassForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Chương trình", queryset=Course.objects.all(), widget=forms.Select(attrs=SELECT)
    )
    name = forms.CharField(label="Tên lớp", max_length=255, widget=forms.TextInput(attrs=TEXT))
    starts_on = VnDateField(label="Ngày khai giảng", widget=forms.TextInput(attrs=DATE))
    ends_on = VnDateField(label="Ngày bế giảng", widget=forms.TextInput(attrs=DATE))
    place = forms.CharField(
        label="Địa điểm", max_length=255, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    provider = forms.CharField(
        label="Cơ sở đào tạo", max_length=255, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    cost = forms.DecimalField(
        label="Kinh phí (đồng)",
        min_value=0,
        decimal_places=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )
    capacity = forms.IntegerField(
        label="Số học viên tối đa", min_value=1, widget=forms.NumberInput(attrs=TEXT)
    )
    organiser = forms.ModelChoiceField(
        label="Cơ quan tổ chức", queryset=Unit.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=[c for c in ClassStatus.choices if c[0] != ClassStatus.COMPLETED],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["year"] = data["starts_on"].year
        return data


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Duyệt"), ("0", "Không duyệt")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="Ý kiến", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT))


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(choices=[("1", "Có mặt"), ("0", "Vắng")], coerce=lambda v: v == "1")


class ResultForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="Kết quả", choices=[("1", "Đạt"), ("0", "Không đạt")], coerce=lambda v: v == "1"
    )
    result = forms.CharField(
        label="Xếp loại", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    certificate_number = forms.CharField(
        label="Số chứng chỉ", max_length=60, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    certificate_date = VnDateField(label="Ngày cấp", required=False, widget=forms.TextInput(attrs=DATE))


class CompleteForm(forms.Form):
    certified_on = VnDateField(
        label="Ngày cấp chứng chỉ của cả lớp", required=False, widget=forms.TextInput(attrs=DATE)
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")


class DraftForm(forms.Form):
    year = forms.IntegerField(
        label="Năm", min_value=2020, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    as_of = VnDateField(label="Nhu cầu tính đến ngày", required=False, widget=forms.TextInput(attrs=DATE))
    replace = forms.BooleanField(label="Lập lại dự thảo đã có từ nhu cầu", required=False)


class LineForm(forms.Form):
    title = forms.CharField(label="Nội dung", max_length=255, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="Loại", choices=TrainingKind.choices, widget=forms.Select(attrs=SELECT))
    course = forms.ModelChoiceField(
        label="Chương trình", queryset=Course.objects.all(), required=False, widget=forms.Select(attrs=SELECT)
    )
    target_group = forms.CharField(
        label="Đối tượng", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    people_count = forms.IntegerField(label="Số người", min_value=0, widget=forms.NumberInput(attrs=TEXT))
    organiser = forms.CharField(label="Cơ quan tổ chức", max_length=255, widget=forms.TextInput(attrs=TEXT))
    quarter = forms.TypedChoiceField(
        label="Quý",
        choices=[("", "Trong năm"), ("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III"), ("4", "Quý IV")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    place = forms.CharField(
        label="Địa điểm", max_length=255, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    funding = forms.CharField(label="Nguồn kinh phí", max_length=255, widget=forms.TextInput(attrs=TEXT))
    estimated_cost = forms.DecimalField(
        label="Kinh phí dự kiến (đồng)",
        min_value=0,
        decimal_places=0,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )
    need = forms.ChoiceField(
        label="Nhu cầu đáp ứng", choices=NeedSource.choices, widget=forms.Select(attrs=SELECT)
    )


class ApproveForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, widget=forms.TextInput(attrs=TEXT))
    signed_on = VnDateField(label="Ngày ký", widget=forms.TextInput(attrs=DATE))
    signer_name = forms.CharField(label="Người ký", max_length=150, widget=forms.TextInput(attrs=TEXT))
    signer_title = forms.CharField(
        label="Chức vụ người ký", max_length=150, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class CohortForm(forms.Form):
    name = forms.CharField(label="Tên khóa", max_length=255, widget=forms.TextInput(attrs=TEXT))
    year = forms.IntegerField(
        label="Năm", min_value=2020, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    level = forms.TypedChoiceField(
        label="Bậc mục tiêu",
        choices=[(n, catalogues.language_level_name(n)) for n in range(1, 7)],
        coerce=int,
        initial=4,
        widget=forms.Select(attrs=SELECT),
    )
    completes_on = VnDateField(label="Ngày hoàn thành", widget=forms.TextInput(attrs=DATE))
    places = forms.IntegerField(
        label="Chỉ tiêu chưa có tên", min_value=0, initial=0, widget=forms.NumberInput(attrs=TEXT)
    )
    training_class = forms.ModelChoiceField(
        label="Lớp ngoại ngữ",
        queryset=TrainingClass.objects.filter(course__kind=TrainingKind.LANGUAGE, cohort__isnull=True),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
