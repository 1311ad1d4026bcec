"""Text helpers: compare Vietnamese words without regard to case or diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: object) -> str:
    """'Mã Đơn  vị ' -> 'ma don vi': lower case, no diacritics, single spaces."""
    value = unicodedata.normalize("NFD", str(text or ""))
    value = "".join(c for c in value if unicodedata.category(c) != "Mn")
    value = value.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", value).strip().lower()


def vn_number(value: object, places: int = 0) -> str:
    """A number the Vietnamese way: '.' between thousands, ',' before decimals — 15000 → '15.000',
    66.66 (places=1) → '66,7', 1227.5 (places=1) → '1.227,5'. None or text that is not a number is
    returned as it is ('' for None), so a template can pass anything through."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value: object, places: int = 1) -> str:
    """'66,7 %' (a non-breaking space before the sign); '—' without a value."""
    if value is None or value == "":
        return "—"
    return f"{vn_number(value, places)}\u00a0%"


def site_link(path: str) -> str:
    """A link for a mail: the site's address (setting CANBO_BASE_URL) followed by `path`; the path alone
    when the address is not set."""
    from django.conf import settings

    return f"{getattr(settings, 'CANBO_BASE_URL', '')}{path}"
