"""Dates as Vietnamese users write them: dd/mm/yyyy in and out, ISO accepted too."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object, *, field: str = "") -> dt.date:
    """Read a date written dd/mm/yyyy (or d/m/yyyy, yyyy-mm-dd, a date, an Excel serial number).

    Raises ValidationError with a Vietnamese message naming the value.
    """
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
    """For pages: the date asked for, or today with the Vietnamese reason the date was not read."""
    try:
        return date_or_today(raw), ""
    except ValidationError as exc:
        return today(), exc.messages[0]
