"""Two-factor login (TOTP, django-otp): who must use it, where a session stands, and the QR code.

Reads only; the writes (enrol, verify, reset) are in accounts.services. docs/accounts.md.

- Must enrol (when CANBO_MFA_REQUIRED): superusers, staff (they reach the admin site), system
  administrators and Sở Nội vụ officers. Others may enrol on their account page.
- Whoever has a confirmed device is asked for a code after the password, whatever the setting.
- CANBO_MFA_FAILURE_LIMIT wrong codes in a row lock the device for AXES_COOLOFF_TIME hours.
"""

import base64
import datetime as dt
import io
from typing import Any, Literal

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.choices import Role
from canbo.accounts.scope import user_has_role
from canbo.accounts.system import SystemUser

MfaState = Literal["ok", "verify", "enrol"]


def mfa_required(user: Any) -> bool:
    """Whether the user must log in with a code (and enrol a device first)."""
    if not settings.CANBO_MFA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user_has_role(user, Role.ADMIN, Role.HOME_AFFAIRS))


def mfa_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed device (one at most: enrolment refuses a second)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def mfa_verified(user: Any) -> bool:
    """Whether this session's user gave a code (django-otp's middleware sets is_verified)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def mfa_state(user: Any) -> MfaState:
    """Where the session stands: "ok" (may go on), "verify" (give a code), "enrol" (set up a device)."""
    if not getattr(user, "is_authenticated", False) or mfa_verified(user):
        return "ok"
    if mfa_device(user) is not None:
        return "verify"
    return "enrol" if mfa_required(user) else "ok"


def mfa_session_for_privileged_change(actor: Any) -> bool:
    """Granting superuser, staff or the administrator role needs the actor's own two-factor session,
    whatever CANBO_MFA_REQUIRED says (a command run on the server acts as the system)."""
    return isinstance(actor, SystemUser) or mfa_verified(actor)


def mfa_locked_until(device: TOTPDevice, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """The end of the device's lock after too many wrong codes, or None if it is not locked."""
    if device.throttling_failure_count < settings.CANBO_MFA_FAILURE_LIMIT:
        return None
    if device.throttling_failure_timestamp is None:
        return None
    until = device.throttling_failure_timestamp + dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return until if until > (now or timezone.now()) else None


def mfa_secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def mfa_qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (no script, no inline style,
    nothing fetched: the CSP allows `img-src data:`)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
