"""Dates at the entry points: a command's option and an API parameter, with their own errors."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from ninja.errors import HttpError

from core.dates import date_or_today


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
