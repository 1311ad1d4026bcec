"""Account changes made in the admin site are audited (who, before and after, never the password), and
making a superuser, staff or an administrator needs the admin's own two-factor session."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.models import RoleAssignment
from canbo.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_org")]
User = get_user_model()


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", username="quantri", is_superuser=True, is_staff=True)


def admin_client(user, *, mfa: bool) -> Client:
    """The administrator in the admin site, with or without a two-factor session (MFA is not required
    by the test settings, so the site lets both in)."""
    client = Client()
    client.force_login(user)
    if mfa:
        device = TOTPDevice.objects.create(user=user, name="canbo", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def change_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
    } | changes
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def assert_no_password(entry: AuditEntry, user) -> None:
    user.refresh_from_db()
    text = str(entry.changes)
    assert "password" not in text.replace("password_login", "") and user.password not in text


def test_creating_a_user_is_audited(admin_user) -> None:
    client = admin_client(admin_user, mfa=False)
    response = client.post(
        "/quan-tri/auth/user/add/",
        {
            "username": "canbo.moi",
            "usable_password": "true",
            "password1": "Cay-bang-la-do-2026",
            "password2": "Cay-bang-la-do-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="canbo.moi")
    (entry,) = entries("accounts.user.create")
    assert entry.actor == admin_user and entry.object_id == str(user.pk) and entry.source == "web"
    assert entry.changes["after"] | {} == {
        "username": "canbo.moi",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
    }
    assert_no_password(entry, user)


def test_a_short_password_is_refused_in_the_admin_too(admin_user) -> None:
    response = admin_client(admin_user, mfa=False).post(
        "/quan-tri/auth/user/add/",
        {"username": "canbo.moi", "usable_password": "true", "password1": "Ngan-9", "password2": "Ngan-9"},
    )
    assert response.status_code == 200 and "ít nhất 10 ký tự" in response.content.decode()
    assert not User.objects.filter(username="canbo.moi").exists()


def test_deactivating_and_activating_are_audited(admin_user, make_user) -> None:
    officer = make_user("noi_vu", "KH", username="noivu")
    client = admin_client(admin_user, mfa=False)
    response = client.post(f"/quan-tri/auth/user/{officer.pk}/change/", change_form(officer, is_active=False))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_active is False
    (entry,) = entries("accounts.user.update")
    assert entry.actor == admin_user
    assert entry.changes == {"before": {"is_active": True}, "after": {"is_active": False}}
    # The list's actions do the same.
    client.post("/quan-tri/auth/user/", {"action": "activate", "_selected_action": [officer.pk]})
    client.post("/quan-tri/auth/user/", {"action": "deactivate", "_selected_action": [officer.pk]})
    assert [e.changes["after"] for e in entries("accounts.user.update")] == [
        {"is_active": False},
        {"is_active": True},
        {"is_active": False},
    ]
    # Users are deactivated, never deleted (their history points at them).
    assert client.get(f"/quan-tri/auth/user/{officer.pk}/delete/").status_code == 403


def test_making_a_superuser_needs_the_admins_own_mfa_session(admin_user, make_user) -> None:
    officer = make_user("noi_vu", "KH", username="noivu")
    without = admin_client(admin_user, mfa=False)
    for flags in ({"is_superuser": True}, {"is_staff": True}):
        response = without.post(f"/quan-tri/auth/user/{officer.pk}/change/", change_form(officer, **flags))
        assert response.status_code == 200 and "xác thực hai lớp" in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_superuser and not officer.is_staff
    assert entries("accounts.user.update") == []

    with_mfa = admin_client(admin_user, mfa=True)
    response = with_mfa.post(
        f"/quan-tri/auth/user/{officer.pk}/change/", change_form(officer, is_superuser=True, is_staff=True)
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_superuser and officer.is_staff
    (entry,) = entries("accounts.user.update")
    assert entry.actor == admin_user
    assert entry.changes == {
        "before": {"is_staff": False, "is_superuser": False},
        "after": {"is_staff": True, "is_superuser": True},
    }
    assert_no_password(entry, officer)
    # Taking the flags away needs no second factor (another administrator, without a device), audited too.
    other = admin_client(make_user("admin", username="quantri2", is_superuser=True, is_staff=True), mfa=False)
    response = other.post(
        f"/quan-tri/auth/user/{officer.pk}/change/", change_form(officer, is_superuser=False, is_staff=False)
    )
    assert response.status_code == 302
    assert entries("accounts.user.update")[-1].changes["after"] == {"is_staff": False, "is_superuser": False}


def test_granting_the_administrator_role_needs_the_admins_own_mfa_session(admin_user, make_user) -> None:
    officer = make_user(username="noivu")
    data = {"user": officer.pk, "role": "admin", "unit": ""}
    response = admin_client(admin_user, mfa=False).post("/quan-tri/accounts/roleassignment/add/", data)
    assert response.status_code == 200 and "xác thực hai lớp" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=officer).exists()
    response = admin_client(admin_user, mfa=True).post("/quan-tri/accounts/roleassignment/add/", data)
    assert response.status_code == 302
    (entry,) = entries("accounts.role.grant")
    assert entry.actor == admin_user and entry.changes["after"] == {
        "user": "noivu",
        "role": "admin",
        "unit": None,
    }


def test_a_password_reset_by_the_admin_is_audited_without_the_password(admin_user, make_user) -> None:
    officer = make_user(username="noivu")
    response = admin_client(admin_user, mfa=False).post(
        f"/quan-tri/auth/user/{officer.pk}/password/",
        {
            "set_usable_password": "true",
            "password1": "Cay-bang-la-do-2026",
            "password2": "Cay-bang-la-do-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    officer.refresh_from_db()
    assert officer.check_password("Cay-bang-la-do-2026")
    (entry,) = entries("accounts.user.password_reset")
    assert entry.actor == admin_user and entry.object_id == str(officer.pk)
    assert entry.changes == {"after": {"password_login": True}}
    assert_no_password(entry, officer)


def test_the_admin_has_no_pages_that_bypass_the_audit(admin_user) -> None:
    client = admin_client(admin_user, mfa=True)
    assert client.get("/quan-tri/auth/group/").status_code == 404
    assert client.get("/quan-tri/otp_totp/totpdevice/").status_code == 404
    html = client.get(f"/quan-tri/auth/user/{admin_user.pk}/change/").content.decode()
    assert "user_permissions" not in html and 'name="groups"' not in html
    assert "Xác thực hai lớp" in html and "Đã bật" in html


def test_the_services_refuse_an_escalation_without_mfa_whatever_the_caller(admin_user, make_user) -> None:
    from canbo.accounts.choices import Role
    from canbo.accounts.services import role_grant, user_audit_fields, user_save
    from canbo.accounts.system import SYSTEM
    from canbo.core.errors import NotAllowed

    officer = make_user(username="noivu")
    before = user_audit_fields(officer)
    officer.is_superuser = True
    with pytest.raises(NotAllowed, match="xác thực hai lớp"):
        user_save(actor=admin_user, user=officer, before=before)  # a plain user object: no second factor
    with pytest.raises(NotAllowed):
        role_grant(actor=admin_user, user=officer, role=Role.ADMIN, unit=None)
    user_save(actor=SYSTEM, user=officer, before=before)  # a command on the server acts as the system
    role_grant(actor=SYSTEM, user=officer, role=Role.ADMIN, unit=None)
    officer.refresh_from_db()
    assert officer.is_superuser and officer.role_assignments.filter(role=Role.ADMIN).exists()
