"""Which units a user may see or change on a date (core.scoping asks this through the setting
CANBO_SCOPE_RESOLVER, so that the lowest layer knows no app).

The scope on a date is the subtree, on that date, of the units standing for each role's unit
(Lineage.scope_roots: the unit itself, its successors once it has been restructured away, or
its predecessors before it was formed), plus the units no longer in force whose work went into
that subtree (their history stays visible)."""

import datetime as dt
from typing import Any

from canbo.accounts.choices import ROLE_ACTIONS, Role
from canbo.accounts.scope import SCOPE_CACHE_ATTR
from canbo.core.dates import today
from canbo.org.selectors import org_lineage, org_tree_shape


def visible_unit_ids(user: Any, action: str, *, as_of: dt.date | None = None) -> set[int] | None:
    """None means the whole organisation; otherwise the set of unit ids within scope."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    as_of = as_of or today()
    cache: dict[tuple[str, dt.date], set[int] | None] = user.__dict__.setdefault(SCOPE_CACHE_ATTR, {})
    key = (action, as_of)
    if key not in cache:
        cache[key] = _compute(user, action, as_of)
    return cache[key]


def _compute(user: Any, action: str, as_of: dt.date) -> set[int] | None:
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
