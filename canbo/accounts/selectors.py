from typing import Any

from canbo.accounts.choices import Role
from canbo.accounts.models import RoleAssignment


def user_roles(*, user: Any) -> list[RoleAssignment]:
    return list(user.role_assignments.select_related("unit").order_by("role"))


def user_role_codes(*, user: Any) -> set[str]:
    """The codes of the user's roles (a superuser is an administrator)."""
    codes = set(user.role_assignments.values_list("role", flat=True))
    if user.is_superuser:
        codes.add(Role.ADMIN.value)
    return codes
