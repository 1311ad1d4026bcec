"""Form fields shared by every app's forms."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from canbo.core.dates import check_date_range


class VnDateField(forms.DateField):
    """A date written dd/mm/yyyy (or yyyy-mm-dd), between core.dates.MIN_YEAR and MAX_YEAR."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", self.input_formats)
        kwargs["error_messages"] = {"invalid": "Ngày không hợp lệ (viết theo dạng dd/mm/yyyy)."} | kwargs.get(
            "error_messages", {}
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day = super().clean(value)
        if day is not None:
            try:
                check_date_range(day)
            except ValidationError as exc:
                raise ValidationError(exc.messages[0], code="date_out_of_range") from None
        return day
