import datetime as dt

from django import template

register = template.Library()


@register.filter
def add_days(value: dt.date | None, days: int) -> dt.date | None:
    """{{ version.valid_to|add_days:-1 }}: the last day of a half-open period."""
    return value + dt.timedelta(days=int(days)) if value else None


@register.simple_tag
def sealed_query(**values: object) -> str:
    """`xem=…`: the values sealed into one token for a link that must not show them (a drill-down
    behind a sensitive figure; core.private_query)."""
    from canbo.core.crypto import seal_token
    from canbo.core.private_query import TOKEN

    plain = {k: (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else str(v)) for k, v in values.items()}
    return f"{TOKEN}={seal_token(plain)}"


@register.filter
def so(value: object, places: int = 0) -> str:
    """{{ n|so }} → 15.000; {{ x|so:1 }} → 66,7 (core.text.vn_number). Years, ids and codes are not
    numbers to format: never pass them through this filter."""
    from canbo.core.text import vn_number

    return vn_number(value, int(places))


@register.filter
def phan_tram(value: object, places: int = 1) -> str:
    """{{ share|phan_tram }} → 66,7 % ; — without a value (core.text.vn_percent)."""
    from canbo.core.text import vn_percent

    return vn_percent(value, int(places))


@register.filter
def ngay_nhap(value: dt.date | None, typed: object = "") -> str:
    """{{ as_of|ngay_nhap:request.GET }} (the field named "ngay"; or the typed text itself): the value
    of a date field — what the user typed when it is not a date (the page says why:
    core.dates.as_of_or_today), so a mistake is kept to be mended rather than silently replaced by
    today; otherwise the date, dd/mm/yyyy."""
    from django.core.exceptions import ValidationError

    from canbo.core.dates import format_date, parse_date

    raw = typed.get("ngay", "") if hasattr(typed, "get") else typed
    text = str(raw or "").strip()
    if text:
        try:
            parse_date(text)
        except ValidationError:
            return text
    return format_date(value)
