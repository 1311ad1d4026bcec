"""System checks of the settings core reads."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from core.net import malformed_proxies


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
