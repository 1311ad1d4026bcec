"""System checks of the settings core reads."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from canbo.core.net import malformed_proxies


@register()
def check_trusted_proxies(app_configs: Any, **kwargs: Any) -> list[Error]:
    bad = malformed_proxies(getattr(settings, "CANBO_TRUSTED_PROXIES", ()) or ())
    return [
        Error(
            f"CANBO_TRUSTED_PROXIES: “{value}” không phải địa chỉ IP hoặc mạng (CIDR).",
            hint="Ví dụ: CANBO_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/24",
            id="core.E001",
        )
        for value in bad
    ]


# The numeric settings canbo reads, each with the range it makes sense in (settings.py says why).
_RANGES: dict[str, tuple[float, float]] = {
    "CANBO_MAX_UPLOAD_BYTES": (1, 1024**3),
    "CANBO_EXPORT_REASON_OVER": (0, 10**9),
    "CANBO_IMPORT_FILE_RETENTION_DAYS": (0, 36500),
    "CANBO_REMIND_DAYS": (0, 366),
    "CANBO_INTERNATIONAL_MIN_LEVEL": (1, 6),
    "CANBO_SUPPRESS_COUNTS_UNDER": (0, 1000),
    "CANBO_PLAN_SCORE_REPORT_SHARE": (0, 1),
    "CANBO_MFA_FAILURE_LIMIT": (1, 100),
}


def _n(number: float) -> str:
    return f"{number:,}".replace(",", ".") if float(number).is_integer() else str(number).replace(".", ",")


@register()
def check_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Each CANBO_* setting readable and within its range, the scope resolver importable, the data
    key a real key: a wrong value stops the start-up with its name, not a page later."""
    from django.utils.module_loading import import_string

    from canbo.core import crypto

    errors: list[Error] = []
    for name, (low, high) in _RANGES.items():
        value = getattr(settings, name, None)
        if value is None:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            errors.append(
                Error(f"{name} = {value!r}: phải là một số từ {_n(low)} đến {_n(high)}.", id="core.E002")
            )
    try:
        import_string(settings.CANBO_SCOPE_RESOLVER)
    except (ImportError, AttributeError) as exc:
        errors.append(Error(f"CANBO_SCOPE_RESOLVER: không nạp được ({exc}).", id="core.E003"))
    try:
        crypto.keys_reset()
        crypto.keyed_hash("kiểm tra", purpose="check")
    except Exception as exc:  # ImproperlyConfigured with the key's own message
        errors.append(Error(f"CANBO_DATA_KEY: {exc}", id="core.E004"))
    base = getattr(settings, "CANBO_BASE_URL", "")
    if base and not base.startswith(("http://", "https://")):
        errors.append(
            Error(
                f"CANBO_BASE_URL = {base!r}: phải là địa chỉ đầy đủ, ví dụ https://canbo.sonoivu.gov.vn",
                id="core.E005",
            )
        )
    return errors
