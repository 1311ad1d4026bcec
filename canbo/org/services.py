"""Writes to the organisation. Every write is atomic, checked, scoped and audited."""

import datetime as dt
import itertools
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from canbo.accounts.scope import scope_cache_clear
from canbo.audit.services import audit_entry, audit_record, audit_record_many
from canbo.core.actors import Actor
from canbo.core.dates import format_date, today
from canbo.core.errors import InputRejected, RowError
from canbo.core.locks import serialize
from canbo.org.choices import RestructuringKind, UnitKind
from canbo.org.dataset import (
    EVENT_SHEET,
    H_CODE,
    H_EFFECTIVE,
    H_FROM,
    H_KIND,
    H_NAME,
    H_PARENT,
    H_PREDECESSORS,
    H_SUCCESSORS,
    H_TO,
    EventRow,
    OrgDataset,
    VersionRow,
)
from canbo.org.models import Restructuring, RestructuringLink, Unit, UnitVersion
from canbo.org.scope import visible_unit_ids

ONE_DAY = dt.timedelta(days=1)

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    units_created: int = 0
    units_changed: int = 0
    units_unchanged: int = 0
    events_created: int = 0
    events_unchanged: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        head = "Kiểm tra xong, chưa ghi gì (chạy thử)" if self.dry_run else "Đã nhập"
        return (
            f"{head}: {self.units_created} đơn vị mới, {self.units_changed} đơn vị thay đổi, "
            f"{self.units_unchanged} đơn vị giữ nguyên; {self.events_created} sự kiện sắp xếp mới, "
            f"{self.events_unchanged} sự kiện đã có."
        )


def _existing_versions(exclude_codes: set[str]) -> dict[str, list[VersionRow]]:
    result: dict[str, list[VersionRow]] = defaultdict(list)
    for v in UnitVersion.objects.select_related("unit", "parent").exclude(unit__code__in=exclude_codes):
        result[v.unit.code].append(
            VersionRow(
                code=v.unit.code,
                name=v.name,
                kind=v.kind,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
                parent_code=v.parent.code if v.parent else "",
                short_name=v.short_name,
            )
        )
    return result


def _covered(periods: list[VersionRow], start: dt.date, end: dt.date | None) -> bool:
    """Whether the union of periods covers [start, end)."""
    cursor: dt.date | None = start
    for period in sorted(periods, key=lambda p: p.valid_from):
        if cursor is None:
            return True
        if period.valid_from > cursor:
            return False
        if period.valid_to is None or period.valid_to > cursor:
            cursor = period.valid_to
            if cursor is None or (end is not None and cursor >= end):
                return True
    return cursor is None or (end is not None and cursor >= end)


def org_dataset_validate(dataset: OrgDataset) -> list[RowError]:
    """Every reason the dataset cannot be imported, each naming its sheet, row and column."""
    errors: list[RowError] = []

    def err(row: VersionRow | EventRow, column: str, message: str) -> None:
        errors.append(RowError(message, row=row.row, column=column, sheet=row.sheet))

    codes_in_file = {v.code for v in dataset.versions}
    final = _existing_versions(codes_in_file)
    for version in dataset.versions:
        final[version.code].append(version)

    valid_kinds = set(UnitKind.values)
    for version in dataset.versions:
        if not version.code:
            err(version, H_CODE, "Thiếu mã đơn vị.")
        if not version.name:
            err(version, H_NAME, "Thiếu tên đơn vị.")
        if version.kind not in valid_kinds:
            err(version, H_KIND, f"Loại đơn vị “{version.kind}” không có trong danh mục.")
        if version.valid_to is not None and version.valid_to <= version.valid_from:
            err(version, H_TO, "Ngày cuối cùng còn hiệu lực không được trước ngày bắt đầu hiệu lực.")
        if version.parent_code:
            if version.parent_code == version.code:
                err(version, H_PARENT, "Đơn vị không thể là cấp trên của chính nó.")
            elif version.parent_code not in final:
                err(version, H_PARENT, f"Không có đơn vị mã “{version.parent_code}”.")
            elif not _covered(final[version.parent_code], version.valid_from, version.valid_to):
                err(
                    version,
                    H_PARENT,
                    f"Đơn vị cấp trên “{version.parent_code}” không có hiệu lực suốt thời gian "
                    f"từ {format_date(version.valid_from)}"
                    + (
                        f" đến hết ngày {format_date(version.valid_to - ONE_DAY)}."
                        if version.valid_to
                        else "."
                    ),
                )
    # Overlapping versions of one unit.
    for code in codes_in_file:
        rows = sorted(final[code], key=lambda v: v.valid_from)
        for before, after in itertools.pairwise(rows):
            if before.valid_to is None or before.valid_to > after.valid_from:
                err(
                    after,
                    H_FROM,
                    f"Các phiên bản của đơn vị “{code}” chồng lấn nhau (phiên bản từ "
                    f"{format_date(before.valid_from)} chưa kết thúc trước {format_date(after.valid_from)}).",
                )
    if not errors:
        errors.extend(_cycles(final, dataset))
    errors.extend(_validate_events(dataset.events, final))
    return errors


def _cycles(final: dict[str, list[VersionRow]], dataset: OrgDataset) -> list[RowError]:
    """A unit may never be its own ancestor, on any date."""
    dates = sorted({v.valid_from for versions in final.values() for v in versions})
    rows_by_code = {v.code: v for v in dataset.versions}
    errors: list[RowError] = []
    reported: set[str] = set()
    for date in dates:
        parent = {
            code: v.parent_code for code, versions in final.items() for v in versions if v.in_force(date)
        }
        for start in parent:
            seen = [start]
            current = parent.get(start)
            while current:
                if current == start:
                    cycle = " → ".join([*seen, start])
                    if start not in reported and start in rows_by_code:
                        row = rows_by_code[start]
                        errors.append(
                            RowError(
                                f"Cây tổ chức bị vòng lặp ngày {format_date(date)}: {cycle}.",
                                row=row.row,
                                column=H_PARENT,
                                sheet=row.sheet,
                            )
                        )
                    reported.update(seen)
                    break
                if current in seen:
                    break
                seen.append(current)
                current = parent.get(current)
    return errors


def _validate_events(events: list[EventRow], final: dict[str, list[VersionRow]]) -> list[RowError]:
    errors: list[RowError] = []

    def in_force(code: str, date: dt.date) -> bool:
        return any(v.in_force(date) for v in final.get(code, []))

    def version_on(code: str, date: dt.date) -> VersionRow | None:
        return next((v for v in final.get(code, []) if v.in_force(date)), None)

    seen_keys: set[tuple[object, ...]] = set()
    for event in events:

        def err(column: str, message: str, event: EventRow = event) -> None:
            errors.append(RowError(message, row=event.row, column=column, sheet=event.sheet or EVENT_SHEET))

        date = event.effective_date
        when = format_date(date)
        before = date - ONE_DAY
        if event.kind not in RestructuringKind.values:
            err("Loại sắp xếp", f"Loại sắp xếp “{event.kind}” không có trong danh mục.")
            continue
        if event.key() in seen_keys:
            err("Loại sắp xếp", "Sự kiện sắp xếp này bị lặp lại trong tệp.")
        seen_keys.add(event.key())
        unknown = [c for c in [*event.predecessors, *event.successors] if c not in final]
        if unknown:
            err(
                H_PREDECESSORS if set(unknown) & set(event.predecessors) else H_SUCCESSORS,
                "Không có đơn vị mã " + ", ".join(f"“{c}”" for c in unknown) + ".",
            )
            continue
        if not event.predecessors:
            err(H_PREDECESSORS, "Phải ghi ít nhất một đơn vị trước sắp xếp.")
            continue
        for code in event.predecessors:
            if not in_force(code, before):
                err(H_PREDECESSORS, f"Đơn vị “{code}” không có hiệu lực trước ngày {when}.")
        kind = RestructuringKind(event.kind)
        if kind in (RestructuringKind.RENAME, RestructuringKind.MOVE):
            code = event.predecessors[0]
            if len(event.predecessors) != 1 or (event.successors and event.successors != [code]):
                err(H_SUCCESSORS, "Đổi tên hoặc chuyển cấp trên chỉ áp dụng cho một đơn vị (giữ nguyên mã).")
                continue
            old, new = version_on(code, before), version_on(code, date)
            if new is None:
                err(H_EFFECTIVE, f"Đơn vị “{code}” phải có phiên bản mới bắt đầu từ ngày {when}.")
            elif old is not None:
                if kind == RestructuringKind.RENAME and (old.name, old.short_name, old.kind) == (
                    new.name,
                    new.short_name,
                    new.kind,
                ):
                    err(H_EFFECTIVE, f"Tên của “{code}” không đổi vào ngày {when}.")
                if kind == RestructuringKind.MOVE and old.parent_code == new.parent_code:
                    err(H_EFFECTIVE, f"Đơn vị cấp trên của “{code}” không đổi vào ngày {when}.")
            continue
        for code in event.predecessors:
            if in_force(code, date):
                err(
                    H_PREDECESSORS,
                    f"Đơn vị “{code}” vẫn còn hiệu lực ngày {when}; phiên bản cuối phải có hiệu lực "
                    f"đến hết ngày {format_date(before)}.",
                )
        for code in event.successors:
            if not in_force(code, date):
                err(H_SUCCESSORS, f"Đơn vị “{code}” không có hiệu lực ngày {when}.")
        if set(event.predecessors) & set(event.successors):
            err(H_SUCCESSORS, "Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị sau sắp xếp.")
        if kind == RestructuringKind.MERGE:
            if len(event.successors) != 1:
                err(H_SUCCESSORS, "Hợp nhất phải có đúng một đơn vị mới.")
            elif in_force(event.successors[0], before):
                err(
                    H_SUCCESSORS,
                    f"Đơn vị hợp nhất “{event.successors[0]}” phải là đơn vị mới từ ngày {when}.",
                )
        elif kind == RestructuringKind.ABSORB:
            if len(event.successors) != 1:
                err(H_SUCCESSORS, "Sáp nhập phải có đúng một đơn vị tiếp nhận.")
            elif not in_force(event.successors[0], before):
                err(
                    H_SUCCESSORS,
                    f"Đơn vị tiếp nhận “{event.successors[0]}” phải đang có hiệu lực trước ngày {when}.",
                )
        elif kind == RestructuringKind.SPLIT:
            if len(event.predecessors) != 1 or len(event.successors) < 2:
                err(H_SUCCESSORS, "Chia tách là một đơn vị thành ít nhất hai đơn vị.")
    return errors


def _actor_scope_check(actor: Actor, codes: set[str]) -> None:
    """After writing: every unit written must still be within the actor's change scope."""
    scope_cache_clear(actor)
    if visible_unit_ids(actor, "change") is None:
        return
    for unit in Unit.objects.filter(code__in=codes).prefetch_related("versions"):
        dates = {today(), *(v.valid_from for v in unit.versions.all())}
        if not any(unit.pk in (visible_unit_ids(actor, "change", as_of=d) or set()) for d in dates):
            raise InputRejected.single(
                f"Đơn vị “{unit.code}” nằm ngoài phạm vi được phân quyền của bạn; không ghi gì.",
                column="Mã đơn vị",
            )


@transaction.atomic
def org_import(*, actor: Actor, dataset: OrgDataset, dry_run: bool = False) -> ImportResult:
    """Import units and restructurings all or nothing; raise InputRejected listing every error. One
    import at a time (core.locks): a second one validates against what the first wrote."""
    serialize("org.import")
    errors = org_dataset_validate(dataset)
    if errors:
        logger.info("organisation import refused: %d problems", len(errors))
        raise InputRejected(errors)
    result = ImportResult(dry_run=dry_run)
    by_code: dict[str, list[VersionRow]] = defaultdict(list)
    for version in dataset.versions:
        by_code[version.code].append(version)
    units = {u.code: u for u in Unit.objects.filter(code__in=by_code)}
    current: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for v in UnitVersion.objects.filter(unit__code__in=by_code).select_related("unit", "parent"):
        current[v.unit.code].add(
            (v.valid_from, v.valid_to, v.name, v.short_name, v.kind, v.parent.code if v.parent else "")
        )
    missing = [Unit(code=code) for code in by_code if code not in units]
    if missing:
        Unit.objects.bulk_create(missing, batch_size=500)
        units |= {u.code: u for u in Unit.objects.filter(code__in=[u.code for u in missing])}
        result.units_created = len(missing)
    changed: dict[str, set[tuple[object, ...]]] = {}
    for code, versions in by_code.items():
        wanted = {v.signature() for v in versions}
        if wanted == current.get(code, set()):
            result.units_unchanged += 1
            continue
        if current.get(code):
            result.units_changed += 1
        changed[code] = wanted
    all_units = units | {
        u.code: u
        for u in Unit.objects.filter(code__in={v.parent_code for v in dataset.versions} - set(units))
    }
    if changed:
        UnitVersion.objects.filter(unit__code__in=changed).delete()
        new_versions = []
        for code in changed:
            for row in sorted(by_code[code], key=lambda r: r.valid_from):
                new_versions.append(
                    UnitVersion(
                        unit=units[code],
                        name=row.name,
                        short_name=row.short_name,
                        kind=row.kind,
                        parent=all_units[row.parent_code] if row.parent_code else None,
                        valid_from=row.valid_from,
                        valid_to=row.valid_to,
                    )
                )
        for new_version in new_versions:
            # Field checks only: the references were validated above, without a query per row.
            new_version.full_clean(
                exclude=["unit", "parent"], validate_unique=False, validate_constraints=False
            )
        UnitVersion.objects.bulk_create(new_versions, batch_size=500)
        audit_record_many(
            [
                audit_entry(
                    actor=actor,
                    action="org.unit.import",
                    obj=units[code],
                    before=sorted(current.get(code, set()), key=str),
                    after=sorted(wanted, key=str),
                )
                for code, wanted in changed.items()
            ]
        )
    result.events_created, result.events_unchanged = _write_events(actor, dataset.events)
    _actor_scope_check(actor, set(by_code))
    if changed or result.units_created or result.events_created:
        org_changed(actor=actor)
    if dry_run:
        transaction.set_rollback(True)
    logger.info("organisation import%s: %s", " (dry run)" if dry_run else "", result.summary())
    return result


def org_changed(*, actor: Actor) -> None:
    """Tell whoever keeps something in step with the tree (settings.CANBO_ORG_CHANGED: the plans'
    shares), inside the change's transaction and with its actor. Named in a setting: org sits below
    the apps that follow it and imports none of them."""
    for path in settings.CANBO_ORG_CHANGED:
        import_string(path)(actor=actor)


def _existing_event_keys() -> set[tuple[object, ...]]:
    predecessors: dict[int, set[str]] = defaultdict(set)
    successors: dict[int, set[str]] = defaultdict(set)
    kinds: dict[int, tuple[str, dt.date]] = {}
    for link in RestructuringLink.objects.select_related("event", "predecessor", "successor"):
        kinds[link.event_id] = (link.event.kind, link.event.effective_date)
        predecessors[link.event_id].add(link.predecessor.code)
        if link.successor:
            successors[link.event_id].add(link.successor.code)
    return {
        (kind, date, tuple(sorted(predecessors[e])), tuple(sorted(successors[e])))
        for e, (kind, date) in kinds.items()
    }


def _write_events(actor: Actor, events: list[EventRow]) -> tuple[int, int]:
    existing = _existing_event_keys()
    codes = {c for e in events for c in (*e.predecessors, *e.successors)}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    created = unchanged = 0
    for row in sorted(events, key=lambda e: e.effective_date):
        if row.key() in existing:
            unchanged += 1
            continue
        event = Restructuring.objects.create(
            kind=row.kind,
            effective_date=row.effective_date,
            decision_number=row.decision_number,
            decision_date=row.decision_date,
            decision_issuer=row.decision_issuer,
            note=row.note,
        )
        successors = row.successors or (
            row.predecessors if row.kind in (RestructuringKind.RENAME, RestructuringKind.MOVE) else []
        )
        links = [
            RestructuringLink(event=event, predecessor=units[p], successor=units[s])
            for p in row.predecessors
            for s in successors
        ] or [RestructuringLink(event=event, predecessor=units[p], successor=None) for p in row.predecessors]
        RestructuringLink.objects.bulk_create(links)
        audit_record(
            actor=actor,
            action="org.restructuring.create",
            obj=event,
            after={
                "kind": row.kind,
                "effective_date": row.effective_date,
                "predecessors": row.predecessors,
                "successors": successors,
                "decision": [row.decision_number, row.decision_date, row.decision_issuer],
            },
        )
        existing.add(row.key())
        created += 1
    return created, unchanged
