from typing import Any

from canbo.accounts.models import RoleAssignment


def user_roles(*, user: Any) -> list[RoleAssignment]:
    return list(user.role_assignments.select_related("unit").order_by("role"))
