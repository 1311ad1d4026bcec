import datetime as dt

from django import template

register = template.Library()


@register.filter
def add_days(value: dt.date | None, days: int) -> dt.date | None:
    """{{ version.valid_to|add_days:-1 }}: the last day of a half-open period."""
    return value + dt.timedelta(days=int(days)) if value else None
