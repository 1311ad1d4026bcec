"""Dates at the entry points: a command's option and an API parameter, with their own errors."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from ninja.errors import HttpError
from pydantic import AfterValidator

from canbo.core.dates import check_date_range, date_or_today


def command_date(value: str | None) -> dt.date:
    try:
        return date_or_today(value)
    except ValidationError as exc:
        raise CommandError(exc.messages[0]) from None


def api_date(value: str | None) -> dt.date:
    try:
        return date_or_today(value)
    except ValidationError as exc:
        raise HttpError(422, exc.messages[0]) from None


def _date_in_range(value: dt.date) -> dt.date:
    try:
        return check_date_range(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None


# A date in an API payload: ISO 8601 (yyyy-mm-dd), between core.dates.MIN_YEAR and MAX_YEAR.
ApiDate = Annotated[dt.date, AfterValidator(_date_in_range)]


def page_year(value: str | None, *, default: int) -> int:
    """A year written in a page's address (`?nam=2025`): a whole number within the years canbo knows
    (ApplicationError, answered 400 with its message, otherwise)."""
    from canbo.core.dates import MAX_YEAR, MIN_YEAR, check_year
    from canbo.core.errors import ApplicationError

    if value is None or not str(value).strip():
        return default
    text = str(value).strip()
    if not text.isdigit() or len(text) > 4:
        raise ApplicationError(
            f"“{text[:20]}” không phải một năm (viết bốn chữ số, từ {MIN_YEAR} đến {MAX_YEAR})."
        )
    try:
        return check_year(int(text))
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0]) from None
