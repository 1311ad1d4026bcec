from typing import Any

from django import forms

from canbo.core.forms import VnDateField
from canbo.people.choices import DisciplineForm as DisciplineFormChoices
from canbo.people.choices import EvaluationLevel, Sex, StaffCategory, TrainingKind


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên", required=False)
    don_vi = forms.TypedChoiceField(label="Đơn vị", required=False, coerce=int, empty_value=None)
    ngay = VnDateField(label="Vào ngày", required=False)
    chuc_vu = forms.ChoiceField(label="Chức vụ", required=False)
    lanh_dao = forms.BooleanField(label="Chỉ lãnh đạo", required=False)
    tuoi_tu = forms.IntegerField(label="Tuổi từ", required=False, min_value=15, max_value=80)
    tuoi_den = forms.IntegerField(label="đến", required=False, min_value=15, max_value=80)
    gioi_tinh = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "Tất cả"), *Sex.choices])
    loai = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả"), *StaffCategory.choices])
    dan_toc = forms.ChoiceField(label="Dân tộc", required=False)
    sap_xep = forms.ChoiceField(required=False)
    trang = forms.IntegerField(required=False, min_value=1)
    so_dong = forms.IntegerField(required=False, min_value=10, max_value=500)

    def __init__(
        self,
        *args: object,
        units: list[tuple[int, str]],
        ethnicities: list[tuple[str, str]] | None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["don_vi"].choices = [("", "Tất cả trong phạm vi"), *units]  # type: ignore[attr-defined]
        from canbo.people import catalogues

        self.fields["chuc_vu"].choices = [("", "Tất cả"), *catalogues.POSTS.choices()]  # type: ignore[attr-defined]
        from canbo.people.selectors import SORTS

        orders = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
        self.fields["sap_xep"].choices = [("", ""), *orders]  # type: ignore[attr-defined]
        if ethnicities is None:
            del self.fields["dan_toc"]
        else:
            self.fields["dan_toc"].choices = [("", "Tất cả"), *ethnicities]  # type: ignore[attr-defined]


class PeopleImportForm(forms.Form):
    # An empty file is read and refused by the import with its own message (core.files.read_upload).
    tep = forms.FileField(label="Tệp Excel theo mẫu", allow_empty_file=True)
    chay_thu = forms.BooleanField(label="Chỉ kiểm tra (chạy thử, không ghi)", required=False)
    # The roster's date: where a new person's place in the unit begins when the row gives no
    # "Ngày vào đơn vị" (empty: today).
    ngay = VnDateField(label="Danh sách tính đến ngày", required=False)

    def clean_ngay(self) -> object:
        from canbo.core.dates import today

        day = self.cleaned_data.get("ngay")
        if day is not None and day > today():
            raise forms.ValidationError(
                f"Ngày {day:%d/%m/%Y} chưa đến: danh sách chỉ tính đến hôm nay hoặc một ngày đã qua."
            )
        return day


class AccessLogForm(forms.Form):
    """The incident report's question: between two days, optionally one person or one account."""

    tu = VnDateField(label="Từ ngày")
    den = VnDateField(label="Đến ngày")
    nguoi = forms.IntegerField(label="Mã hồ sơ", required=False, min_value=1, max_value=2**62)
    tai_khoan = forms.CharField(label="Tài khoản", required=False, max_length=150)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("tu") and data.get("den") and data["den"] < data["tu"]:
            self.add_error("den", "Ngày kết thúc phải không trước ngày bắt đầu.")
        return data


# ---- the dossier's forms (people.records; the person page, htmx) -------------------------------

# dd/mm/yyyy whatever the locale; a mistyped date is sent back as typed, to be mended (as ngay_nhap).
DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y",
    attrs={"class": "form-control date-vn", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
)


def _date(label: str, required: bool = True, **kwargs: object) -> forms.DateField:
    return VnDateField(label=label, required=required, widget=DATE_WIDGET, **kwargs)  # type: ignore[arg-type]


def _text(label: str, max_length: int = 255, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _choices(items: list[tuple[str, str]], blank: str | None = None) -> list[tuple[str, str]]:
    return ([("", blank)] if blank is not None else []) + items


class DossierForm(forms.Form):
    """A form of the dossier: the version of the person it was read with, and Bootstrap's classes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DecisionFields(forms.Form):
    """Số quyết định, ngày, cơ quan quyết định, ghi chú: passed to the appointment checks."""

    decision_number = _text("Số quyết định", 100)
    decision_date = _date("Ngày quyết định", required=False)
    decision_issuer = _text("Cơ quan quyết định")
    note = forms.CharField(
        label="Ghi chú / lý do của cấp có thẩm quyền",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppointForm(DossierForm, DecisionFields):
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    post = forms.TypedChoiceField(label="Chức vụ", coerce=int)
    on = _date("Từ ngày")
    concurrent = forms.BooleanField(label="Kiêm nhiệm (giữ nguyên chức vụ đang giữ)", required=False)
    field_order = ["unit", "post", "on", "concurrent"]


class ReappointForm(DossierForm, DecisionFields):
    assignment = forms.TypedChoiceField(label="Chức vụ đang giữ", coerce=int)
    extension = forms.TypedChoiceField(
        label="Hình thức",
        choices=[("0", "Bổ nhiệm lại"), ("1", "Kéo dài thời gian giữ chức vụ đến tuổi nghỉ hưu")],
        coerce=lambda v: v == "1",
        initial="0",
    )
    on = _date("Từ ngày")
    field_order = ["assignment", "extension", "on"]


class TransferForm(DossierForm, DecisionFields):
    rotation = forms.TypedChoiceField(
        label="Hình thức",
        choices=[("0", "Điều động"), ("1", "Luân chuyển")],
        coerce=lambda v: v == "1",
        initial="0",
    )
    unit = forms.TypedChoiceField(label="Đến đơn vị", coerce=int)
    post = forms.TypedChoiceField(label="Chức vụ", coerce=int, required=False, empty_value=None)
    on = _date("Từ ngày")
    field_order = ["rotation", "unit", "post", "on"]


class EndForm(DossierForm, DecisionFields):
    assignment = forms.TypedChoiceField(label="Chức vụ", coerce=int)
    reason = forms.ChoiceField(label="Lý do")
    on = _date("Từ ngày (ngày đầu tiên không còn giữ)")
    stay_in_unit = forms.BooleanField(label="Tiếp tục công tác tại đơn vị", required=False, initial=True)
    field_order = ["assignment", "reason", "on", "stay_in_unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from canbo.people.records import ENDINGS

        self.fields["reason"].choices = [(r.value, r.label) for r in ENDINGS]  # type: ignore[attr-defined]


class RetireForm(DossierForm, DecisionFields):
    on = _date("Nghỉ hưu từ ngày")
    field_order = ["on"]


class PersonDataForm(DossierForm):
    """The personal record (people.services.EDITABLE but the file's unit, which a transfer moves). The
    CCCD and the sensitive fields only for the roles that may see them (`sensitive`)."""

    full_name = _text("Họ và tên", 150, required=True)
    other_names = _text("Tên gọi khác", 150)
    birth_date = _date("Ngày sinh")
    birth_year_only = forms.BooleanField(label="Chỉ biết năm sinh", required=False)
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    ethnicity = forms.ChoiceField(label="Dân tộc")
    religion = forms.ChoiceField(label="Tôn giáo")
    cccd = _text("Số CCCD", 12)
    party_joined = _date("Ngày vào Đảng", required=False)
    party_full = _date("Ngày chính thức", required=False)
    hometown = _text("Quê quán")
    staff_category = forms.ChoiceField(label="Loại cán bộ", choices=StaffCategory.choices)
    rank_name = _text("Ngạch", 100)
    rank_code = _text("Mã ngạch", 20)
    salary_step = forms.IntegerField(label="Bậc lương", required=False, min_value=1, max_value=20)
    salary_coefficient = forms.DecimalField(
        label="Hệ số lương", required=False, min_value=0, max_value=20, max_digits=4, decimal_places=2
    )
    general_education = _text("Giáo dục phổ thông", 10)
    qualification = forms.ChoiceField(label="Trình độ chuyên môn cao nhất", required=False)
    qualification_field = _text("Chuyên ngành", 200)
    political_theory = forms.ChoiceField(label="Lý luận chính trị", required=False)
    state_management = forms.ChoiceField(label="Quản lý nhà nước", required=False)
    it_level = _text("Tin học", 100)
    degree_abroad = forms.BooleanField(label="Có bằng đào tạo ở nước ngoài", required=False)
    recruited_on = _date("Ngày tuyển dụng", required=False)

    SENSITIVE = ("ethnicity", "religion", "cccd", "party_joined", "party_full")

    def __init__(self, *args: Any, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from canbo.people import catalogues as cat

        f = self.fields
        f["ethnicity"].choices = cat.ETHNIC_GROUPS.choices()  # type: ignore[attr-defined]
        f["religion"].choices = cat.RELIGIONS.choices()  # type: ignore[attr-defined]
        f["qualification"].choices = _choices(cat.QUALIFICATIONS.choices(), "—")  # type: ignore[attr-defined]
        f["political_theory"].choices = _choices(cat.POLITICAL_THEORY.choices(), "—")  # type: ignore[attr-defined]
        f["state_management"].choices = _choices(cat.STATE_MANAGEMENT.choices(), "—")  # type: ignore[attr-defined]
        if not sensitive:
            for name in self.SENSITIVE:
                del f[name]

    def changes(self) -> dict[str, Any]:
        """The cleaned values as people.services.person_update takes them (every field of the form; an
        empty CCCD is none)."""
        return self.changes_of(self.cleaned_data)

    @classmethod
    def changes_of(cls, cleaned: dict[str, Any]) -> dict[str, Any]:
        data = {k: v for k, v in cleaned.items() if k != "version" and k in PersonDataForm.base_fields}
        if "cccd" in data:
            data["cccd"] = (data["cccd"] or "").strip() or None
        return data


class NewPersonForm(PersonDataForm):
    """Thêm cán bộ: the record and the first place (unit, post, from, why, decision)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.TypedChoiceField(label="Đơn vị công tác", coerce=int)
    post = forms.TypedChoiceField(label="Chức vụ", coerce=int, required=False, empty_value=None)
    since = _date("Từ ngày")
    reason = forms.ChoiceField(label="Lý do")
    decision_number = _text("Số quyết định", 100)
    decision_date = _date("Ngày quyết định", required=False)
    decision_issuer = _text("Cơ quan quyết định")
    note = forms.CharField(
        label="Ghi chú / lý do của cấp có thẩm quyền",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    PLACE = ("unit", "post", "since", "reason", "decision_number", "decision_date", "decision_issuer", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from canbo.people.records import FIRST_REASONS

        self.fields["reason"].choices = [(r.value, r.label) for r in FIRST_REASONS]  # type: ignore[attr-defined]


class EvaluationForm(DossierForm):
    year = forms.IntegerField(label="Năm", min_value=1975, max_value=2100)
    level = forms.ChoiceField(label="Mức xếp loại", choices=EvaluationLevel.choices)


class DisciplineForm(DossierForm):
    decided_on = _date("Ngày quyết định")
    form = forms.ChoiceField(label="Hình thức", choices=DisciplineFormChoices.choices)
    decision_number = _text("Số quyết định", 100)
    reason = forms.CharField(
        label="Lý do", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrainingForm(DossierForm):
    kind = forms.ChoiceField(label="Loại", choices=TrainingKind.choices)
    level = _text("Trình độ, văn bằng", 100)
    institution = _text("Cơ sở đào tạo")
    started_on = _date("Từ ngày", required=False)
    finished_on = _date("Đến ngày", required=False)
    abroad = forms.BooleanField(label="Ở nước ngoài", required=False)


class PlanningForm(DossierForm):
    post = forms.TypedChoiceField(label="Chức vụ quy hoạch", coerce=int)
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    term_from = forms.IntegerField(label="Nhiệm kỳ từ năm", min_value=1975, max_value=2100)
    term_to = forms.IntegerField(label="đến năm", min_value=1975, max_value=2100)
    decision_number = _text("Số quyết định", 100)
    decision_date = _date("Ngày quyết định", required=False)
    removed_on = _date("Đưa ra khỏi quy hoạch ngày", required=False)


class ConclusionForm(DossierForm):
    concluded_on = _date("Ngày kết luận")
    meets_standard = forms.TypedChoiceField(
        label="Kết quả",
        choices=[("1", "Đủ tiêu chuẩn chính trị"), ("0", "Chưa đủ tiêu chuẩn chính trị")],
        coerce=lambda v: v == "1",
        initial="1",
    )
    conclusion = forms.CharField(
        label="Nội dung kết luận", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    issuer = _text("Cơ quan kết luận")


RECORD_FORMS: dict[str, type[DossierForm]] = {
    "evaluation": EvaluationForm,
    "discipline": DisciplineForm,
    "training": TrainingForm,
    "planning": PlanningForm,
    "conclusion": ConclusionForm,
}
