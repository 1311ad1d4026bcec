"""Writes to users, roles and two-factor devices, audited (never a password or a secret)."""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.choices import Role
from canbo.accounts.mfa import mfa_locked_until, mfa_session_for_privileged_change
from canbo.accounts.models import RoleAssignment
from canbo.accounts.scope import scope_cache_clear
from canbo.audit.services import audit_record, snapshot
from canbo.core.actors import Actor
from canbo.core.errors import NotAllowed

if TYPE_CHECKING:  # a role is granted over an organisation unit; accounts sits below org
    from canbo.org.models import Unit

logger = logging.getLogger(__name__)

# What the audit trail keeps of a user: who they are and what they may do (never the password hash).
USER_AUDIT_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]
MFA_NEEDED_MESSAGE = (
    "Cấp quyền quản trị (superuser, staff hoặc vai trò Quản trị hệ thống) cần phiên đăng nhập đã xác "
    "thực hai lớp của chính người cấp: hãy bật xác thực hai lớp ở trang Tài khoản (/tai-khoan/) trước."
)


@transaction.atomic
def user_ensure(
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    superuser: bool = False,
) -> Any:
    """Create the user if missing (idempotent: an existing user is left as is)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    if superuser and not mfa_session_for_privileged_change(actor):  # as user_save and role_grant
        raise NotAllowed(MFA_NEEDED_MESSAGE)
    # Vietnamese names are written family name first: keep the whole name, in order.
    user = User(
        username=username,
        email=email,
        first_name=full_name,
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.create",
        obj=user,
        after={"username": username, "superuser": superuser},
    )
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: Any, role: Role, unit: "Unit | None") -> RoleAssignment:
    assignment = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if assignment is not None:
        return assignment
    if role == Role.ADMIN and not mfa_session_for_privileged_change(actor):
        raise NotAllowed(MFA_NEEDED_MESSAGE)
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean()
    assignment.save()
    scope_cache_clear(user)
    audit_record(
        actor=actor,
        action="accounts.role.grant",
        obj=assignment,
        after={"user": user.get_username(), "role": role, "unit": unit.code if unit else None},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    before = {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit": assignment.unit.code if assignment.unit else None,
    }
    audit_record(actor=actor, action="accounts.role.revoke", obj=assignment, before=before)
    user = assignment.user
    assignment.delete()
    scope_cache_clear(user)


def user_audit_fields(user: Any) -> dict[str, Any]:
    return snapshot(user, USER_AUDIT_FIELDS)


def user_escalates(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    """Whether a change makes the user a superuser or staff (they were not before)."""
    return any(after[flag] and not (before or {}).get(flag) for flag in ("is_superuser", "is_staff"))


@transaction.atomic
def user_save(*, actor: Actor, user: Any, before: dict[str, Any] | None) -> Any:
    """Create (before=None) or change a user as the admin's form left it; audited with the fields
    that changed, before and after. Making a superuser or staff needs the actor's two-factor session."""
    after = user_audit_fields(user)
    if user_escalates(before, after) and not mfa_session_for_privileged_change(actor):
        raise NotAllowed(MFA_NEEDED_MESSAGE)
    user.full_clean(exclude=["password"])
    user.save()
    if before is None:
        audit_record(actor=actor, action="accounts.user.create", obj=user, after=after)
        return user
    changed = [name for name in USER_AUDIT_FIELDS if before.get(name) != after[name]]
    if changed:
        audit_record(
            actor=actor,
            action="accounts.user.update",
            obj=user,
            before={name: before.get(name) for name in changed},
            after={name: after[name] for name in changed},
        )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user: Any, active: bool) -> None:
    """Lock (active=False) or reopen an account; audited."""
    if user.is_active == active:
        return
    before = user_audit_fields(user)
    user.is_active = active
    user_save(actor=actor, user=user, before=before)


@transaction.atomic
def user_password_set(*, actor: Actor, user: Any, password: str | None) -> None:
    """Set a user's password (the caller has validated it), or disable password login with None.
    Audited as a change by the user themselves or a reset by someone else; the password never is."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    own = getattr(actor, "pk", None) == user.pk
    audit_record(
        actor=actor,
        action="accounts.user.password_change" if own else "accounts.user.password_reset",
        obj=user,
        after={"password_login": password is not None},
    )


# --- Two-factor login (TOTP) ----------------------------------------------------------------------


@dataclass(frozen=True)
class MfaCheck:
    """What a code did: the device it verified (None if refused), and whether the device is locked."""

    device: TOTPDevice | None
    locked: bool = False


def mfa_pending_device(*, user: Any) -> TOTPDevice:
    """The device being enrolled: an unconfirmed one, kept until the user confirms it with a code (the
    same secret however often the page is shown), or made now. Not audited: it opens nothing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="canbo", confirmed=False)
    return device


@transaction.atomic
def mfa_enrol_confirm(*, user: Any, token: str) -> MfaCheck:
    """Confirm the pending device with a code from the app; refused if the user already has one
    (an administrator resets it first)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise NotAllowed("Tài khoản đã có thiết bị xác thực hai lớp.")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(token):
        return MfaCheck(None)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(actor=user, action="accounts.mfa.enrol", obj=user, after={"mfa": True})
    return MfaCheck(device)


@transaction.atomic
def mfa_verify(*, user: Any, token: str) -> MfaCheck:
    """Check a code against the user's device. CANBO_MFA_FAILURE_LIMIT wrong codes in a row lock it
    for AXES_COOLOFF_TIME hours (audited once, when it locks); a good code resets the count."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return MfaCheck(None)
    if mfa_locked_until(device) is not None:
        return MfaCheck(None, locked=True)
    if device.throttling_failure_count >= settings.CANBO_MFA_FAILURE_LIMIT:
        device.throttle_reset(commit=False)  # the lock has run out: count afresh
    if device.verify_token(token):
        return MfaCheck(device)
    if mfa_locked_until(device) is not None:
        logger.warning("two-factor device locked after %d wrong codes", device.throttling_failure_count)
        audit_record(
            actor=user,
            action="accounts.mfa.lock",
            obj=user,
            after={"failures": device.throttling_failure_count},
        )
        return MfaCheck(None, locked=True)
    return MfaCheck(None)


@transaction.atomic
def mfa_reset(*, actor: Actor, user: Any) -> int:
    """Remove the user's devices (a lost phone): at the next login they enrol again. Audited."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="accounts.mfa.reset", obj=user, before={"devices": count})
    return count
