"""Writes to users and roles, audited."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.choices import Role
from accounts.models import RoleAssignment
from accounts.scope import scope_cache_clear
from audit.services import audit_record
from org.models import Unit


@transaction.atomic
def user_ensure(
    *, actor: Any, username: str, password: str, full_name: str = "", email: str = "", superuser: bool = False
) -> Any:
    """Create the user if missing (idempotent: an existing user is left as is)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
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
def role_grant(*, actor: Any, user: Any, role: Role, unit: Unit | None) -> RoleAssignment:
    assignment = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if assignment is not None:
        return assignment
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
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    before = {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit": assignment.unit.code if assignment.unit else None,
    }
    audit_record(actor=actor, action="accounts.role.revoke", obj=assignment, before=before)
    user = assignment.user
    assignment.delete()
    scope_cache_clear(user)
