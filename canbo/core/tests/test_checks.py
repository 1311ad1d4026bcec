"""The system checks of canbo's settings: a wrong value stops the start-up, naming the setting."""

import pytest
from django.core.checks import run_checks


def _ids() -> set[str]:
    return {message.id for message in run_checks()}


def test_the_settings_as_they_are_pass() -> None:
    assert not {i for i in _ids() if i and i.startswith("core.")}


@pytest.mark.parametrize(
    ("name", "value", "check"),
    [
        ("CANBO_MAX_UPLOAD_BYTES", 0, "core.E002"),
        ("CANBO_INTERNATIONAL_MIN_LEVEL", 9, "core.E002"),
        ("CANBO_INTERNATIONAL_MIN_LEVEL", "4", "core.E002"),
        ("CANBO_SCOPE_RESOLVER", "canbo.org.scope.khong_co", "core.E003"),
        ("CANBO_DATA_KEY", "abc", "core.E004"),
        ("CANBO_TRUSTED_PROXIES", ["không-phải-địa-chỉ"], "core.E001"),
    ],
)
def test_a_wrong_setting_is_named(settings, name: str, value: object, check: str) -> None:
    from canbo.core import crypto

    setattr(settings, name, value)
    try:
        assert check in _ids()
    finally:
        crypto.keys_reset()
