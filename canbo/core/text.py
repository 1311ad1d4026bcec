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
