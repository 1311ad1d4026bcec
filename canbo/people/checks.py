"""System checks of the registry's settings: a wrong value stops the start-up with its name, not an
appointment later."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_appointment_checks(app_configs: Any, **kwargs: Any) -> list[Error]:
    """CANBO_APPOINTMENT_CHECKS: a list of dotted paths, each a function that can be imported."""
    from django.utils.module_loading import import_string

    paths = getattr(settings, "CANBO_APPOINTMENT_CHECKS", [])
    if not isinstance(paths, list | tuple) or not all(isinstance(p, str) for p in paths):
        return [
            Error(
                f"CANBO_APPOINTMENT_CHECKS = {paths!r}: phải là danh sách đường dẫn hàm (chuỗi).",
                id="people.E001",
            )
        ]
    errors: list[Error] = []
    for path in paths:
        try:
            found = import_string(path)
        except ImportError as exc:
            message = f"CANBO_APPOINTMENT_CHECKS: không nạp được “{path}” ({exc})."
            errors.append(Error(message, id="people.E002"))
            continue
        if not callable(found):
            errors.append(Error(f"CANBO_APPOINTMENT_CHECKS: “{path}” không phải là hàm.", id="people.E002"))
    return errors
