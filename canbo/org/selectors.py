"""Reads of the organisation. Functions that take `user` return only what the user may see."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from canbo.core.dates import format_date, today
from canbo.core.errors import OutOfScope
from canbo.core.text import fold
from canbo.org.choices import LINEAGE_IN, LINEAGE_OUT, RestructuringKind
from canbo.org.dataset import OrgDataset
from canbo.org.lineage import Lineage, TreeShape
from canbo.org.models import RestructuringLink, Unit, UnitVersion


def org_tree_shape(*, as_of: dt.date) -> TreeShape:
    """Unscoped shape of the tree on a date (ids only); used by scoping."""
    return TreeShape.from_pairs(UnitVersion.objects.as_of(as_of).values_list("unit_id", "parent_id"))


def org_lineage() -> Lineage:
    return Lineage.from_links(
        RestructuringLink.objects.values_list(
            "predecessor_id", "successor_id", "event__effective_date", "event__kind"
        )
    )


@dataclass
class TreeNode:
    version: UnitVersion
    depth: int
    parent_code: str


def org_tree(*, user: Any, as_of: dt.date | None = None) -> list[TreeNode]:
    """Every unit in force on as_of that the user may see, depth-first in tree order."""
    as_of = as_of or today()
    visible = Unit.objects.restrict(user, "view", as_of=as_of)
    versions = list(
        UnitVersion.objects.as_of(as_of)
        .filter(unit__in=visible)
        .select_related("unit", "parent")
        .order_by("name")
    )
    by_unit = {v.unit_id: v for v in versions}
    children: dict[int | None, list[UnitVersion]] = {}
    for version in versions:
        key = version.parent_id if version.parent_id in by_unit else None
        children.setdefault(key, []).append(version)
    for siblings in children.values():
        siblings.sort(key=lambda v: (_KIND_ORDER.get(v.kind, 99), fold(v.name)))
    nodes: list[TreeNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for version in children.get(parent, []):
            nodes.append(TreeNode(version, depth, version.parent.code if version.parent else ""))
            walk(version.unit_id, depth + 1)

    walk(None, 0)
    return nodes


_KIND_ORDER = {"tinh": 0, "so_nganh": 1, "huyen": 2, "xa": 3, "phong": 4, "su_nghiep": 5, "khac": 6}


def unit_get(*, user: Any, pk: int, as_of: dt.date | None = None) -> Unit:
    """A unit the user may see (OutOfScope otherwise: 404, like a missing one)."""
    try:
        return Unit.objects.restrict(user, "view", as_of=as_of).get(pk=pk)
    except Unit.DoesNotExist:
        raise OutOfScope("Không có đơn vị này trong phạm vi của bạn.") from None


def unit_find(*, query: str, as_of: dt.date | None = None) -> list[Unit]:
    """Units whose code is query, else whose name (any version; without diacritics) matches.

    The version in force on as_of is preferred when several names match."""
    exact = list(Unit.objects.filter(code__iexact=query.strip()))
    if exact:
        return exact
    wanted = fold(query)
    matches: dict[int, Unit] = {}
    versions = UnitVersion.objects.select_related("unit")
    if as_of:
        in_force = [
            v for v in versions.as_of(as_of) if fold(v.name) == wanted or fold(v.short_name) == wanted
        ]
        if in_force:
            return [v.unit for v in in_force]
    for version in versions:
        if fold(version.name) == wanted or (version.short_name and fold(version.short_name) == wanted):
            matches[version.unit_id] = version.unit
    return list(matches.values())


def unit_successors(*, unit: Unit, as_of: dt.date) -> list[Unit]:
    """Where a unit's work is on as_of (itself while in force), following the lineage."""
    ids = org_lineage().successors(unit.pk, as_of, org_tree_shape(as_of=as_of))
    return list(Unit.objects.filter(pk__in=ids).order_by("code"))


def unit_version_as_of(*, unit: Unit, as_of: dt.date) -> UnitVersion | None:
    return UnitVersion.objects.as_of(as_of).filter(unit=unit).select_related("parent").first()


def unit_names(*, units: list[Unit], as_of: dt.date | None = None) -> dict[int, str]:
    """Each unit's name on as_of, else its latest name (one query)."""
    names: dict[int, str] = {}
    for version in UnitVersion.objects.filter(unit__in=units).order_by("valid_from"):
        if as_of is None or version.valid_from <= as_of or version.unit_id not in names:
            names[version.unit_id] = version.name
    return names


def _version_on(versions: list[UnitVersion], on: dt.date) -> UnitVersion | None:
    """Of a unit's versions (by valid_from), the one in force on a date; else the last begun by then
    (the unit had ended: its last name); else its first (it had not begun yet)."""
    begun = [v for v in versions if v.valid_from <= on]
    return begun[-1] if begun else (versions[0] if versions else None)


def _province_of(versions: dict[int, list[UnitVersion]], unit_id: int, on: dt.date) -> UnitVersion | None:
    """The province (a unit of kind tinh) a unit sat under on a date, walking up its parents."""
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        version = _version_on(versions.get(current, []), on)
        if version is None:
            return None
        if version.kind == "tinh":
            return version
        current = version.parent_id
    return None


def unit_labels(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
    """Each (unit, date)'s name on that date, as one list shows them: when the list names agencies of
    more than one province (Ninh Thuận's before 1/7/2025, Khánh Hòa's after), every name carries its
    province — "Sở Tài chính tỉnh Ninh Thuận", "Sở Tài chính tỉnh Khánh Hòa" — so that two agencies of
    the same name are never shown as one (issue 12.3). A few queries, whatever the list's length."""
    wanted = set(pairs)
    versions: dict[int, list[UnitVersion]] = {}
    frontier = {unit_id for unit_id, _ in wanted}
    while frontier:
        found = list(UnitVersion.objects.filter(unit_id__in=frontier).order_by("valid_from"))
        for each in found:
            versions.setdefault(each.unit_id, []).append(each)
        frontier = {v.parent_id for v in found if v.parent_id is not None} - set(versions)
    names: dict[tuple[int, dt.date], str] = {}
    provinces: dict[tuple[int, dt.date], UnitVersion | None] = {}
    for unit_id, on in wanted:
        version = _version_on(versions.get(unit_id, []), on)
        names[(unit_id, on)] = version.name if version else ""
        is_province = version is not None and version.kind == "tinh"
        provinces[(unit_id, on)] = None if is_province else _province_of(versions, unit_id, on)
    if len({p.unit_id for p in provinces.values() if p is not None}) > 1:
        for key, province in provinces.items():
            place = province.name.removeprefix("Ủy ban nhân dân tỉnh").strip() if province else ""
            name = names[key]
            if not place or place in name:
                continue
            if name.endswith(" tỉnh"):  # "Thanh tra tỉnh" → "Thanh tra tỉnh Khánh Hòa"
                names[key] = f"{name} {place}"
            else:  # "Sở Tài chính tỉnh Ninh Thuận"; "Ủy ban nhân dân huyện Bác Ái, tỉnh Ninh Thuận"
                comma = "," if name.startswith("Ủy ban nhân dân") else ""
                names[key] = f"{name}{comma} tỉnh {place}"
    return names


@dataclass
class LineageLine:
    date: dt.date
    text: str
    decision: str
    other_units: list[Unit]


def unit_lineage(*, unit: Unit) -> list[LineageLine]:
    """Human sentences for a unit's restructurings: 'Sáp nhập vào Sở Tài chính từ ngày 01/03/2025'."""
    links = list(
        RestructuringLink.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("event", "predecessor", "successor")
        .order_by("event__effective_date", "pk")
    )
    events: dict[int, Any] = {}
    for link in links:
        events.setdefault(link.event_id, link.event)
    event_links = list(
        RestructuringLink.objects.filter(event_id__in=events)
        .select_related("predecessor", "successor")
        .order_by("pk")
    )
    all_units = {u.pk: u for l in event_links for u in (l.predecessor, l.successor) if u is not None}
    names_before: dict[int, str] = {}
    names_after: dict[int, str] = {}
    lines: list[LineageLine] = []
    for event_id, event in events.items():
        day_before = event.effective_date - dt.timedelta(days=1)
        names_before.update(unit_names(units=list(all_units.values()), as_of=day_before))
        names_after.update(unit_names(units=list(all_units.values()), as_of=event.effective_date))
        mine = [l for l in event_links if l.event_id == event_id]
        outgoing = [l for l in mine if l.predecessor_id == unit.pk]
        incoming = [l for l in mine if l.successor_id == unit.pk and l.predecessor_id != unit.pk]
        decision = _decision_text(event)
        kind = RestructuringKind(event.kind)
        when = format_date(event.effective_date)
        if outgoing:
            others = [l.successor for l in outgoing if l.successor is not None]
            names = ", ".join(names_after.get(u.pk, u.code) for u in others)
            if kind == RestructuringKind.DISSOLVE and not others:
                text = f"Giải thể từ ngày {when}"
            elif kind == RestructuringKind.MOVE:
                after = unit_version_as_of(unit=unit, as_of=event.effective_date)
                parent = after.parent if after and after.parent else None
                parent_name = names_after.get(parent.pk, parent.code) if parent else ""
                if parent and parent.pk not in names_after:
                    parent_name = unit_names(units=[parent], as_of=event.effective_date)[parent.pk]
                text = f"{LINEAGE_OUT[kind]} {parent_name} từ ngày {when}"
            else:
                text = f"{LINEAGE_OUT[kind]} {names} từ ngày {when}"
            lines.append(LineageLine(event.effective_date, text, decision, others))
        if incoming:
            others = [l.predecessor for l in incoming]
            names = ", ".join(names_before.get(u.pk, u.code) for u in others)
            text = f"{LINEAGE_IN[kind]} {names} từ ngày {when}"
            lines.append(LineageLine(event.effective_date, text, decision, others))
    return lines


def _decision_text(event: Any) -> str:
    parts = []
    if event.decision_number:
        parts.append(f"Số {event.decision_number}")
    if event.decision_date:
        parts.append(f"ngày {format_date(event.decision_date)}")
    if event.decision_issuer:
        parts.append(f"của {event.decision_issuer}")
    return " ".join(parts)


def org_dataset(*, user: Any) -> OrgDataset:
    """The units the user may see (all their versions) and the restructurings touching them."""
    from canbo.org.dataset import EventRow, VersionRow
    from canbo.org.models import Restructuring

    visible = Unit.objects.restrict(user, "view")
    versions = [
        VersionRow(
            code=v.unit.code,
            name=v.name,
            short_name=v.short_name,
            kind=v.kind,
            parent_code=v.parent.code if v.parent else "",
            valid_from=v.valid_from,
            valid_to=v.valid_to,
        )
        for v in UnitVersion.objects.filter(unit__in=visible)
        .select_related("unit", "parent")
        .order_by("unit__code", "valid_from")
    ]
    codes = {v.code for v in versions}
    events = []
    for event in Restructuring.objects.prefetch_related("links__predecessor", "links__successor"):
        links = list(event.links.all())
        predecessors = sorted({l.predecessor.code for l in links})
        successors = sorted({l.successor.code for l in links if l.successor})
        if not (set(predecessors) | set(successors)) <= codes:
            continue
        events.append(
            EventRow(
                kind=event.kind,
                effective_date=event.effective_date,
                predecessors=predecessors,
                successors=successors,
                decision_number=event.decision_number,
                decision_date=event.decision_date,
                decision_issuer=event.decision_issuer,
                note=event.note,
            )
        )
    return OrgDataset(versions=versions, events=events)


AGENCY_KINDS = ("so_nganh", "huyen")


def agencies_as_of(*, as_of: dt.date, kinds: tuple[str, ...] = AGENCY_KINDS) -> list[Unit]:
    """ "Các cơ quan, đơn vị, địa phương" on a date: the departments and district-level units in
    force directly under a province (two queries)."""
    provinces = set(UnitVersion.objects.as_of(as_of).filter(kind="tinh").values_list("unit_id", flat=True))
    versions = (
        UnitVersion.objects.as_of(as_of)
        .filter(kind__in=kinds, parent_id__in=provinces)
        .select_related("unit")
        .order_by("unit__code")
    )
    return [v.unit for v in versions]


@dataclass
class Holding:
    """Who held a unit's work from `start` (inclusive) to `end` (exclusive; None: still)."""

    start: dt.date | None
    end: dt.date | None
    units: list[Unit]
    names: dict[int, str]

    @property
    def last_day(self) -> dt.date | None:
        return self.end - dt.timedelta(days=1) if self.end else None


def unit_holders(*, unit: Unit) -> list[Holding]:
    """The succession of a unit's work: the unit itself, then each successor from its date.
    "Sở Tài nguyên và Môi trường → Sở Nông nghiệp và Môi trường (01/03/2025) → … (01/07/2025)"."""
    lineage = org_lineage()
    dates: set[dt.date] = set()
    frontier = {unit.pk}
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        seen.add(current)
        for date, successor in lineage.out_edges.get(current, ()):
            dates.add(date)
            if successor is not None and successor not in seen:
                frontier.add(successor)
    holdings: list[Holding] = []
    named_on: list[dt.date] = []
    starts: list[dt.date | None] = [None, *sorted(dates)]
    for index, start in enumerate(starts):
        as_of = start or (min(dates) - dt.timedelta(days=1) if dates else today())
        ids = lineage.successors(unit.pk, as_of, org_tree_shape(as_of=as_of)) if start else {unit.pk}
        units = list(Unit.objects.filter(pk__in=ids).order_by("code"))
        end = starts[index + 1] if index + 1 < len(starts) else None
        if holdings and {u.pk for u in holdings[-1].units} == ids:
            holdings[-1].end = end
            continue
        holdings.append(Holding(start, end, units, {}))
        named_on.append(as_of)
    # Each holder under its name of then; the province too when the succession crosses provinces.
    labels = unit_labels(
        (u.pk, on) for holding, on in zip(holdings, named_on, strict=True) for u in holding.units
    )
    for holding, on in zip(holdings, named_on, strict=True):
        holding.names = {u.pk: labels[(u.pk, on)] for u in holding.units}
    return holdings


def province_heading(as_of: dt.date) -> tuple[str, str]:
    """('ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA', 'Khánh Hòa') for the province in force on as_of: the issuer's
    parent and the place of a document's date line (Decree 30/2020)."""
    version = UnitVersion.objects.as_of(as_of).filter(kind="tinh").order_by("unit__code").first()
    if version is None:
        return "", ""
    place = version.name.removeprefix("Ủy ban nhân dân tỉnh").strip()
    return version.name.upper(), place
