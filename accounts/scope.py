"""Which units a user may see or change on a date.

The scope on a date is the subtree, on that date, of the units standing for each role's unit
(Lineage.scope_roots: the unit itself, its successors once it has been restructured away, or
its predecessors before it was formed), plus the units no longer in force whose work went into
that subtree (their history stays visible)."""

import datetime as dt
from typing import Any

from accounts.choices import ROLE_ACTIONS, Role
from core.dates import today

_CACHE_ATTR = "_canbo_scope_cache"


def visible_unit_ids(user: Any, action: str, *, as_of: dt.date | None = None) -> set[int] | None:
    """None means the whole organisation; otherwise the set of unit ids within scope."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    as_of = as_of or today()
    cache: dict[tuple[str, dt.date], set[int] | None] = user.__dict__.setdefault(_CACHE_ATTR, {})
    key = (action, as_of)
    if key not in cache:
        cache[key] = _compute(user, action, as_of)
    return cache[key]


def scope_cache_clear(user: Any) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)


def _compute(user: Any, action: str, as_of: dt.date) -> set[int] | None:
    from org.selectors import org_lineage, org_tree_shape

    assignments = [
        (role, unit_id)
        for role, unit_id in user.role_assignments.values_list("role", "unit_id")
        if action in ROLE_ACTIONS.get(role, frozenset())
    ]
    if any(role == Role.ADMIN for role, _ in assignments):
        return None
    if not assignments:
        return set()
    tree = org_tree_shape(as_of=as_of)
    lineage = org_lineage()
    roots: set[int] = set()
    for _role, unit_id in assignments:
        if unit_id is not None:
            roots |= lineage.scope_roots(unit_id, as_of, tree)
    return lineage.with_predecessors(tree.subtree(roots), as_of, tree)


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
