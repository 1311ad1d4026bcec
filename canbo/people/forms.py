from django import forms

from canbo.core.forms import VnDateField
from canbo.people.choices import Sex, StaffCategory


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
