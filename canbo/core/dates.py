"""Dates as Vietnamese users write them: dd/mm/yyyy in and out, ISO accepted too."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# The dates canbo works with: births from 1900, plans and forecasts to 2100. A date outside is a typing
# error (31/12/9999, 01/01/0001) and would overflow date arithmetic further on.
MIN_YEAR, MAX_YEAR = 1900, 2100


def check_date_range(value: dt.date) -> dt.date:
    """The date itself, if its year is within MIN_YEAR–MAX_YEAR (ValidationError otherwise)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Ngày %(value)s nằm ngoài khoảng từ năm %(low)s đến năm %(high)s."),
            code="date_out_of_range",
            params={"value": f"{value:%d/%m}/{value.year:04d}", "low": MIN_YEAR, "high": MAX_YEAR},
        )
    return value


def check_year(value: int, *, low: int = MIN_YEAR, high: int = MAX_YEAR) -> int:
    """The year itself, if within low–high (ValidationError otherwise)."""
    if not low <= value <= high:
        raise ValidationError(
            _("Năm %(value)s nằm ngoài khoảng từ %(low)s đến %(high)s."),
            code="year_out_of_range",
            params={"value": value, "low": low, "high": high},
        )
    return value


def parse_date(value: object, *, field: str = "") -> dt.date:
    """Read a date written dd/mm/yyyy (or d/m/yyyy, yyyy-mm-dd, a date, an Excel serial number),
    between MIN_YEAR and MAX_YEAR.

    Raises ValidationError with a Vietnamese message naming the value.
    """
    return check_date_range(_parse_date(value))


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial day numbers (1900 date system)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = "" if value is None else str(value)
    if len(text) == 10 and text[2] == "/" and text[5] == "/":  # dd/mm/yyyy, by far the most common
        day_text, month_text, year_text = text[:2], text[3:5], text[6:]
        if day_text.isdigit() and month_text.isdigit() and year_text.isdigit():
            try:
                return dt.date(int(year_text), int(month_text), int(day_text))
            except ValueError:
                pass  # not a real day: the message below
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise ValidationError(
                _("“%(value)s” không phải ngày hợp lệ (viết theo dạng dd/mm/yyyy)."),
                code="invalid_date",
                params={"value": text},
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” không phải ngày có thật (dd/mm/yyyy)."),
            code="invalid_date",
            params={"value": text},
        ) from None


def parse_optional_date(value: object, *, field: str = "") -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, field=field)


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def today() -> dt.date:
    """Today in the project's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def date_or_today(value: object) -> dt.date:
    """A date written by a user, or today when nothing is written (ValidationError if unreadable)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return today()
    return parse_date(value)


def as_of_or_today(raw: object) -> tuple[dt.date, str]:
    """For pages: the date asked for, or today with the Vietnamese reason the date was not read
    ("Ngày không hợp lệ (dd/mm/yyyy): …"). The page shows the reason and keeps what was typed in
    the field (`{{ as_of|ngay_nhap:request.GET }}`), so the user sees the mistake and mends it."""
    try:
        return date_or_today(raw), ""
    except ValidationError as exc:
        return today(), date_problem(raw, exc)


def date_problem(raw: object, exc: ValidationError) -> str:
    """The message of a mistyped date field: what is wrong with what was typed."""
    text = str(raw).strip()
    if exc.error_list[0].code == "date_out_of_range":
        reason = exc.messages[0][0].lower() + exc.messages[0][1:]
    elif _DMY.match(text) or _ISO.match(text):
        reason = _("“%(value)s” không phải ngày có thật.") % {"value": text}
    else:
        reason = _("“%(value)s” không viết theo dạng ngày/tháng/năm.") % {"value": text}
    return _("Ngày không hợp lệ (dd/mm/yyyy): %(reason)s") % {"reason": reason}
