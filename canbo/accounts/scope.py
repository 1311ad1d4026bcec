"""Roles: who holds which, and what each may do. Which units a role covers on a date is computed
above the organisation (org/scope.py); the per-request cache of that answer lives here, so that a
service that changes roles can clear it."""

from typing import Any

from canbo.accounts.choices import ROLE_ACTIONS, Role

SCOPE_CACHE_ATTR = "_canbo_scope_cache"


def scope_cache_clear(user: Any) -> None:
    user.__dict__.pop(SCOPE_CACHE_ATTR, None)


def user_can(user: Any, action: str) -> bool:
    """Whether the user has any role allowing action (anywhere)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(
        action in ROLE_ACTIONS.get(role, frozenset())
        for role in user.role_assignments.values_list("role", flat=True)
    )


def user_has_role(user: Any, *roles: str) -> bool:
    """Whether the user holds one of the roles (superusers hold every role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(role__in=roles).exists()


def is_home_affairs(user: Any) -> bool:
    """Sở Nội vụ's officers (and administrators) follow the plan: accept or return reports,
    grant extensions, answer obstacles."""
    return user_has_role(user, Role.HOME_AFFAIRS, Role.ADMIN)
