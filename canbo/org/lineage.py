"""The organisation as plain graphs: the tree on a date and the lineage of restructurings.

Pure Python over rows a selector loaded in one query each, so scoping and successor look-ups
cost two queries whatever the size of the tree.
"""

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class TreeShape:
    """Which units are in force on a date and who their parents are."""

    parent: dict[int, int | None]
    children: dict[int | None, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, int | None]]) -> "TreeShape":
        shape = cls(parent={})
        for unit_id, parent_id in pairs:
            shape.parent[unit_id] = parent_id
        for unit_id, parent_id in shape.parent.items():
            # A parent not in force on the date makes the unit a root of what is shown.
            shape.children[parent_id if parent_id in shape.parent else None].append(unit_id)
        return shape

    def in_force(self, unit_id: int) -> bool:
        return unit_id in self.parent

    def subtree(self, roots: Iterable[int]) -> set[int]:
        seen: set[int] = set()
        queue = deque(r for r in roots if r in self.parent)
        while queue:
            unit_id = queue.popleft()
            if unit_id in seen:
                continue
            seen.add(unit_id)
            queue.extend(self.children.get(unit_id, ()))
        return seen


DISSOLVE = "dissolve"


@dataclass
class Lineage:
    """Edges predecessor -> successor (None: dissolved without a receiver), dated, each knowing
    whether it is a dissolution ("dissolve" edges hand over the work, not the officers' access). The
    kind belongs to the edge, not to the pair of units: a unit split into B and C and dissolved into B
    on the same day has two edges to B, one that carries its officers' scope and one that does not."""

    out_edges: dict[int, list[tuple[dt.date, int | None]]] = field(default_factory=lambda: defaultdict(list))
    in_edges: dict[int, list[tuple[dt.date, int]]] = field(default_factory=lambda: defaultdict(list))
    # Per predecessor, the (date, successor) of its edges that are not dissolutions.
    handovers: dict[int, set[tuple[dt.date, int]]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_links(cls, links: Iterable[tuple[int, int | None, dt.date, str]]) -> "Lineage":
        lineage = cls()
        for predecessor, successor, date, kind in links:
            if predecessor == successor:
                continue  # a rename or a move: the identity stays
            lineage.out_edges[predecessor].append((date, successor))
            if successor is not None:
                lineage.in_edges[successor].append((date, predecessor))
                if kind != DISSOLVE:
                    lineage.handovers[predecessor].add((date, successor))
        return lineage

    def successors(
        self, unit_id: int, as_of: dt.date, tree: TreeShape, *, through_dissolution: bool = True
    ) -> set[int]:
        """Where unit_id's work is on as_of: itself if in force, else its successors', followed
        transitively through restructurings effective on or before as_of. Without
        through_dissolution, a dissolved unit's receiving unit is not followed."""
        result: set[int] = set()
        seen: set[int] = set()
        queue = deque([unit_id])
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            if tree.in_force(current):
                result.add(current)
                continue
            for date, successor in self.out_edges.get(current, ()):
                if successor is None or date > as_of:
                    continue
                if through_dissolution or (date, successor) in self.handovers.get(current, ()):
                    queue.append(successor)
        return result

    def scope_roots(self, unit_id: int, as_of: dt.date, tree: TreeShape) -> set[int]:
        """The units in force on as_of that stand for unit_id on that date.

        Forward in time: the unit itself or its successors (an agency merged away hands its
        scope to its successor; a dissolved one does not: its receiving unit takes its work, but its
        officers do not gain the receiver's scope — a district's focal officer does not become the
        province's). Backward: the units in force on as_of whose work later went into
        it (Khánh Hòa's Sở Tài chính stands, on 1/6/2024, for Ninh Thuận's Sở Tài chính and Sở Kế
        hoạch và Đầu tư). This holds for an agency that exists on as_of too: the officer of an
        agency that will absorb another sees, before the date, the other's work that will be
        theirs (decisions/0003)."""
        roots = self.successors(unit_id, as_of, tree, through_dissolution=False)
        seen = {unit_id}
        queue = deque([unit_id])
        while queue:
            current = queue.popleft()
            for date, predecessor in self.in_edges.get(current, ()):
                if date > as_of and predecessor not in seen:
                    seen.add(predecessor)
                    if tree.in_force(predecessor):
                        roots.add(predecessor)
                    queue.append(predecessor)
        return roots

    def with_predecessors(self, units: set[int], as_of: dt.date, tree: TreeShape) -> set[int]:
        """units plus every unit no longer in force whose work went (transitively) into them."""
        result = set(units)
        queue = deque(units)
        while queue:
            current = queue.popleft()
            for date, predecessor in self.in_edges.get(current, ()):
                if date <= as_of and predecessor not in result and not tree.in_force(predecessor):
                    result.add(predecessor)
                    queue.append(predecessor)
        return result
