"""Every refusal of accounts.services (issue 11.8): roles without a unit or unknown, an administrator
made without the actor's own two-factor session, a user the model refuses, a second device, a wrong
or locked code. Each case asserts the refusal, in Vietnamese, and that nothing was written: no user,
role or device changed, no audit entry."""

import datetime as dt
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment
from canbo.accounts.services import (
    mfa_enrol_confirm,
    mfa_pending_device,
    mfa_verify,
    role_grant,
    user_audit_fields,
    user_ensure,
    user_save,
    user_set_active,
)
from canbo.accounts.system import SYSTEM
from canbo.audit.models import AuditEntry
from canbo.core.errors import ApplicationError, InputRejected
from canbo.org.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_org")]
User = get_user_model()
# The services are moving to core.errors (ApplicationError and its subclasses); the model's own checks
# still raise Django's ValidationError. Which class does not matter here; the message does.
REFUSALS = (ValidationError, PermissionDenied, ApplicationError, InputRejected)
MFA_NEEDED = "cần phiên đăng nhập đã xác thực hai lớp của chính người cấp"
NEEDS_UNIT = "Vai trò này phải gắn với một đơn vị."


def _text(exc: BaseException) -> str:
    """The refusal's words, whatever its class (a ValidationError keeps them in .messages)."""
    messages = getattr(exc, "messages", None)
    if isinstance(messages, list) and messages:
        return "; ".join(str(m) for m in messages)
    return str(exc)


def code(key: bytes) -> str:
    """The code an authenticator app shows now for the key."""
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def written() -> dict[str, Any]:
    """What a refused attempt must leave as it was (a wrong code counts on its device: that is the
    lock's own bookkeeping, not a change of the account)."""
    return {
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "email", "first_name", "is_active", "is_staff", "is_superuser", "password"
            )
        ),
        "roles": list(RoleAssignment.objects.order_by("pk").values_list("pk", "user", "role", "unit")),
        "devices": list(TOTPDevice.objects.order_by("pk").values_list("pk", "user", "confirmed", "key")),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True)),
    }


@pytest.fixture
def world(make_user) -> SimpleNamespace:
    w = SimpleNamespace()
    # An administrator signed in with the password only (no django-otp session: not verified).
    w.admin = make_user("admin", username="quantri", is_superuser=True, is_staff=True)
    w.unverified = make_user("admin", username="quantri-2", is_staff=True)
    w.unverified.is_verified = lambda: False  # what django-otp's middleware says of a password-only session
    w.officer = make_user("dau_moi", "KH.STC", username="daumoi", email="daumoi@canbo.local")
    w.enrolled = make_user(username="da-co-thiet-bi")
    TOTPDevice.objects.create(user=w.enrolled, name="canbo", confirmed=True)
    w.province = Unit.objects.get(code="KH")
    return w


def _change(actor: Any, user: Any, **fields: Any) -> Any:
    """Save a change of user's fields as the admin's form does (user_save with the state before)."""
    before = user_audit_fields(user)
    for name, value in fields.items():
        setattr(user, name, value)
    return user_save(actor=actor, user=user, before=before)


Attempt = Callable[[SimpleNamespace], Any]

# (what is tried, the attempt, words of the refusal)
CASES: list[tuple[str, Attempt, str]] = [
    # --- roles ----------------------------------------------------------------------------------------
    ("Sở Nội vụ role without a unit",
     lambda w: role_grant(actor=SYSTEM, user=w.officer, role=Role.HOME_AFFAIRS, unit=None), NEEDS_UNIT),
    ("focal officer role without a unit",
     lambda w: role_grant(actor=SYSTEM, user=w.officer, role=Role.FOCAL, unit=None), NEEDS_UNIT),
    ("leader role without a unit",
     lambda w: role_grant(actor=SYSTEM, user=w.officer, role=Role.LEADER, unit=None), NEEDS_UNIT),
    ("a role that does not exist",
     lambda w: role_grant(actor=SYSTEM, user=w.officer, role="tong_giam_doc", unit=w.province),
     "không phải là lựa chọn hợp lệ"),
    ("administrator role granted without two-factor (superuser actor)",
     lambda w: role_grant(actor=w.admin, user=w.officer, role=Role.ADMIN, unit=None), MFA_NEEDED),
    ("administrator role granted from a password-only session",
     lambda w: role_grant(actor=w.unverified, user=w.officer, role=Role.ADMIN, unit=None), MFA_NEEDED),
    # --- users: escalation ----------------------------------------------------------------------------
    ("a new superuser without two-factor",
     lambda w: user_save(actor=w.admin, user=User(username="moi", is_superuser=True), before=None), MFA_NEEDED),
    ("a new staff member without two-factor",
     lambda w: user_save(actor=w.admin, user=User(username="moi", is_staff=True), before=None), MFA_NEEDED),
    ("a user made superuser without two-factor",
     lambda w: _change(w.admin, w.officer, is_superuser=True), MFA_NEEDED),
    ("a user made staff from a password-only session",
     lambda w: _change(w.unverified, w.officer, is_staff=True), MFA_NEEDED),
    ("a deactivated user made superuser without two-factor",
     lambda w: _change(w.admin, w.enrolled, is_active=False, is_superuser=True), MFA_NEEDED),
    # --- users: what the model refuses ----------------------------------------------------------------
    ("a user name with spaces", lambda w: _change(SYSTEM, w.officer, username="co dau cach"),
     "Điền tên đăng nhập hợp lệ"),
    ("an e-mail address that is not one", lambda w: _change(SYSTEM, w.officer, email="khong-phai-thu"),
     "Nhập địa chỉ email"),
    ("a new user with a name already taken",
     lambda w: user_save(actor=SYSTEM, user=User(username="daumoi"), before=None),
     "Tên đăng nhập đã được sử dụng"),
    ("an account ensured with an invalid name",
     lambda w: user_ensure(actor=SYSTEM, username="tên có dấu cách", password="mat-khau-dai-1"),
     "Điền tên đăng nhập hợp lệ"),
    # --- two-factor -----------------------------------------------------------------------------------
    ("a second device for an enrolled user",
     lambda w: mfa_enrol_confirm(user=w.enrolled, token="123456"),
     "Tài khoản đã có thiết bị xác thực hai lớp."),
]  # fmt: skip


@pytest.mark.parametrize(("attempt", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_refused_change_says_why_and_writes_nothing(world, attempt, message) -> None:
    before = written()
    with pytest.raises(REFUSALS) as refused:
        attempt(world)
    assert message in _text(refused.value)
    assert written() == before


def test_deactivating_an_account_already_locked_writes_nothing(world) -> None:
    user_set_active(actor=SYSTEM, user=world.officer, active=False)
    before = written()
    user_set_active(actor=SYSTEM, user=User.objects.get(pk=world.officer.pk), active=False)
    assert written() == before


def test_a_wrong_code_does_not_confirm_the_pending_device(world) -> None:
    device = mfa_pending_device(user=world.officer)
    before = written()
    assert mfa_enrol_confirm(user=world.officer, token="000000").device is None
    assert written() == before
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_code_without_a_pending_device_confirms_nothing(world) -> None:
    before = written()
    assert mfa_enrol_confirm(user=world.officer, token="123456").device is None
    assert written() == before


def test_a_code_for_a_user_without_a_confirmed_device_is_refused(world) -> None:
    mfa_pending_device(user=world.officer)  # being enrolled: not yet a second factor
    before = written()
    check = mfa_verify(user=world.officer, token="123456")
    assert (check.device, check.locked) == (None, False)
    assert written() == before


def test_a_wrong_code_is_refused_and_audited_only_when_it_locks(world, settings) -> None:
    device = TOTPDevice.objects.get(user=world.enrolled)
    before = written()
    for _ in range(settings.CANBO_MFA_FAILURE_LIMIT - 1):
        check = mfa_verify(user=world.enrolled, token="000000")
        assert (check.device, check.locked) == (None, False)
    assert written() == before  # counted on the device, not yet a lock
    assert (
        TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == settings.CANBO_MFA_FAILURE_LIMIT - 1
    )


def test_the_right_code_is_refused_while_the_device_is_locked(world, settings) -> None:
    device = TOTPDevice.objects.get(user=world.enrolled)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=settings.CANBO_MFA_FAILURE_LIMIT,
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1),
    )
    before = written()
    check = mfa_verify(user=world.enrolled, token=code(device.bin_key))
    assert (check.device, check.locked) == (None, True)
    assert written() == before


def test_user_ensure_refuses_a_superuser_without_the_actors_two_factor_session(world) -> None:
    before = written()
    with pytest.raises(REFUSALS) as refused:
        user_ensure(actor=world.admin, username="sieu-quan-tri", password="mat-khau-dai-1", superuser=True)
    assert "xác thực hai lớp" in _text(refused.value)
    assert written() == before
