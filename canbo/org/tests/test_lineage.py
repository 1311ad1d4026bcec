"""org.lineage without a database: cases hypothesis found, pinned (accounts/tests/test_scope_properties.py
compares the whole of scope with a reference)."""

import datetime as dt

from canbo.org.lineage import Lineage, TreeShape

D1 = dt.date(2025, 7, 1)


def test_a_unit_split_and_dissolved_on_the_same_day_hands_its_scope_to_every_split_successor() -> None:
    """P; A ends on D1; on D1 A is split into B and C, and dissolved into B. The split carries A's
    officers' scope to B and C; the dissolution carries none; both lead to B, and B stays (the kind
    belongs to each edge, not to the pair A → B)."""
    p, a, b, c = 1, 2, 3, 4
    lineage = Lineage.from_links([(a, b, D1, "split"), (a, c, D1, "split"), (a, b, D1, "dissolve")])
    tree = TreeShape.from_pairs([(p, None), (b, p), (c, p)])
    assert lineage.scope_roots(a, D1, tree) == {b, c}
    assert lineage.successors(a, D1, tree) == {b, c}


def test_a_dissolution_alone_hands_the_work_but_not_the_scope() -> None:
    p, a, b = 1, 2, 3
    lineage = Lineage.from_links([(a, b, D1, "dissolve")])
    tree = TreeShape.from_pairs([(p, None), (b, p)])
    assert lineage.successors(a, D1, tree) == {b}
    assert lineage.scope_roots(a, D1, tree) == set()
