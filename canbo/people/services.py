"""Writes to the personnel registry: import, edits with optimistic locking, assignments, and the
hand-over of people when their unit is restructured. Atomic, scoped and audited."""

import contextlib
import datetime as dt
import hashlib
import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from canbo.accounts.scope import scope_cache_clear
from canbo.accounts.system import SYSTEM
from canbo.audit.context import current as _request_context
from canbo.audit.services import actor_identity, audit_record, audit_record_bulk, model_update
from canbo.core.actors import Actor
from canbo.core.bulk import (
    allocate_ids,
    gc_paused,
    insert_many,
    large_load,
    select_in,
    select_in_keys,
    update_many,
)
from canbo.core.crypto import keyed_hash, keyed_hash_cached, keyed_hasher, seal_many
from canbo.core.errors import ApplicationError, Conflict, InputRejected, NotAllowed, RowError
from canbo.core.locks import serialize
from canbo.core.scoping import ensure_in_scope
from canbo.core.spreadsheet_check import spreadsheet_kind
from canbo.org.choices import RestructuringKind
from canbo.org.models import Restructuring, Unit
from canbo.org.scope import visible_unit_ids
from canbo.people import catalogues
from canbo.people.choices import AssignmentReason, Sex
from canbo.people.io import columns as C
from canbo.people.io.excel import PersonRow
from canbo.people.models import (
    Assignment,
    LanguageSkill,
    PeopleImport,
    Person,
    PoliticalConclusion,
    Post,
    SensitiveAccess,
)
from canbo.people.vnsort import fold, sort_key

logger = logging.getLogger(__name__)
ONE_DAY = dt.timedelta(days=1)
CCCD_CONTEXT = "people_person.cccd"  # the sealed CCCD's column (core.fields.EncryptedTextField)
# What an import compares, as the columns hold it: ethnicity and religion as keyed hashes, the CCCD by
# its keyed hash (core/fields.py) — compared without decrypting anything.
COMPARED = (
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "ethnicity",
    "religion",
    "cccd_hash",
    "unit_id",
    "staff_category",
    "political_theory",
    "qualification",
)
# More rows than this whose CCCD belongs to someone outside the actor's scope: the file is refused
# without saying which rows (a file is not a way to find out who works where).
OUT_OF_SCOPE_CCCD_LISTED = 20


def posts_ensure() -> dict[str, Post]:
    """The post catalogue in the database (people.catalogues.POSTS), created or updated."""
    existing = {p.code: p for p in Post.objects.all()}
    for order, post in enumerate(catalogues.POSTS):
        level = post.level
        current = existing.get(post.code)
        if current is None:
            existing[post.code] = Post.objects.create(
                code=post.code, name=post.name, level=level, order=order
            )
        elif (current.name, current.level, current.order) != (post.name, level, order):
            current.name, current.level, current.order = post.name, level, order
            current.save(update_fields=["name", "level", "order"])
    return existing


def person_names(person: Person) -> None:
    """Fill the search and sort keys from the name."""
    person.name_fold = fold(person.full_name)
    person.sort_key = sort_key(person.full_name)


@dataclass
class PeopleImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_opened: int = 0
    assignments_closed: int = 0
    languages_changed: int = 0
    conclusions_added: int = 0  # political-standard conclusions the file's "Ngày kết luận TCCT" gave
    as_of_starts: int = 0  # new people in their unit from the roster's date (their row gave no start)
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        head = "Kiểm tra xong, chưa ghi gì (chạy thử)" if self.dry_run else "Đã nhập"
        return (
            f"{head}: {self.created} người mới, {self.updated} người cập nhật, {self.unchanged} người giữ "
            f"nguyên; {self.assignments_opened} quá trình công tác mới, {self.assignments_closed} kết thúc; "
            f"{self.languages_changed} trình độ ngoại ngữ ghi mới hoặc thay đổi"
            + (
                f"; {self.conclusions_added} kết luận tiêu chuẩn chính trị ghi mới."
                if self.conclusions_added
                else "."
            )
        )


def _row_error(row: PersonRow, column: C.Column, message: str) -> RowError:
    return RowError(message, row=row.row, column=column.header, sheet=C.SHEET)


@dataclass(frozen=True)
class ImportSource:
    """The file an import came from, kept with its record."""

    name: str
    data: bytes


class _OutsideScope(InputRejected):
    """Refused rows that describe people registered outside the actor's scope (their ids)."""

    def __init__(self, errors: list[RowError], *, people: list[int]) -> None:
        super().__init__(errors)
        self.people = people


def people_import(
    *,
    actor: Actor,
    rows: list[PersonRow],
    on: dt.date,
    dry_run: bool = False,
    source: ImportSource | None = None,
) -> PeopleImportResult:
    """people_import_rows; a file refused because it names people outside the actor's scope is
    recorded as an access to their data after the import has been rolled back (the attempt stays on
    record when nothing else does)."""
    try:
        result = people_import_rows(actor=actor, rows=rows, on=on, dry_run=dry_run, source=source)
    except _OutsideScope as exc:
        sensitive_access_record(
            actor=actor,
            where="import-refused",
            people=exc.people,
            detail=f"Nhập tệp: {len(exc.people)} dòng trùng hồ sơ ngoài phạm vi",
        )
        logger.warning(
            "people import refused: %d rows name people outside the actor's scope", len(exc.people)
        )
        raise InputRejected(exc.errors) from None
    except InputRejected as exc:
        logger.info("people import refused: %d problems in %d rows", len(exc.errors), len(rows))
        raise
    logger.info(
        "people import%s: %d rows, %d created, %d updated, %d unchanged",
        " (dry run)" if dry_run else "",
        len(rows),
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


@transaction.atomic
@gc_paused
def people_import_rows(
    *,
    actor: Actor,
    rows: list[PersonRow],
    on: dt.date,
    dry_run: bool = False,
    source: ImportSource | None = None,
) -> PeopleImportResult:
    """Import people all or nothing. A person is matched by CCCD, else by name, birth date and
    unit; importing the same rows twice changes nothing; a changed post closes the old assignment
    and opens a new one. Rows of units outside the actor's scope are refused.

    Audit: an import that changes something is recorded once (PeopleImport, with the file, and one
    audit entry); each person it creates points to it with their row (Person.created_by_import);
    each person it updates gets an audit entry with the values before and after.

    One import at a time (core.locks): a second one waits for the first to commit, then matches its
    rows against what the first wrote."""
    serialize("people.import")
    units = dict(Unit.objects.values_list("code", "id"))
    scope = visible_unit_ids(actor, "change")
    errors: list[RowError] = []
    if scope is not None:
        errors.extend(
            _row_error(row, C.UNIT, f"Đơn vị “{row.unit_code}” nằm ngoài phạm vi được phân quyền của bạn.")
            for row in rows
            if units[row.unit_code] not in scope
        )
    posts = posts_ensure()
    names = _NameKeys()
    stored = _Stored(rows)
    cccds_in_file = set(stored.cccd_hash.values())
    by_cccd = _people_by_cccd(cccds_in_file)
    found_for: list[dict[str, Any] | None] = [
        by_cccd.get(stored.cccd_hash[row.cccd]) if row.cccd else None for row in rows
    ]
    unmatched = [i for i, found in enumerate(found_for) if found is None]
    by_key = (
        _people_by_name({(names.fold(rows[i].full_name), rows[i].birth_date) for i in unmatched})
        if unmatched
        else {}
    )
    if by_key:
        for i in unmatched:
            row = rows[i]
            candidates = by_key.get((names.fold(row.full_name), row.birth_date, units[row.unit_code]))
            if candidates:
                row_hash = stored.cccd_hash[row.cccd] if row.cccd else None
                found_for[i] = _match_by_name(candidates, row_hash, cccds_in_file)
    if scope is not None:
        outside = [f["id"] for f in found_for if f is not None and f["unit_id"] not in scope]
        if outside:
            raise _OutsideScope(errors + _outside_scope(rows, found_for, scope), people=outside)
    if errors:
        raise InputRejected(errors)

    result = PeopleImportResult(dry_run=dry_run)
    new_rows = [row for row, found in zip(rows, found_for, strict=True) if found is None]
    changed: list[tuple[Person, dict[str, Any], dict[str, Any]]] = []
    for row, found in zip(rows, found_for, strict=True):
        if found is None:
            continue
        values = stored.values(row, units)
        before = {k: found[k] for k in COMPARED}
        if before != values:
            person = Person(id=found["id"], version=found["version"] + 1, **_natural(row, units))
            person.cccd_hash = values["cccd_hash"]
            person_names(person)
            changed.append((person, before, values))
        else:
            result.unchanged += 1
    existing_ids = {found["id"] for found in found_for if found is not None}
    new_ids = allocate_ids(Person, len(new_rows))
    fresh = iter(new_ids)
    person_ids = [next(fresh) if found is None else found["id"] for found in found_for]  # row by row
    result.created, result.updated = len(new_rows), len(changed)
    batch = None
    if new_rows:
        batch = _import_record(actor, source, len(rows), result, on)
        _insert_people(new_ids, new_rows, units, names, stored, batch, large=not dry_run)
    if changed:
        written = (*COMPARED, "cccd", "name_fold", "sort_key", "version")
        update_many(
            Person,
            written,
            ((p.pk, *(getattr(p, name) for name in written)) for p, _before, _after in changed),
        )
        audit_record_bulk(
            actor=actor,
            action="people.person.update",
            model=Person,
            items=(
                (p.pk, p.full_name, _audit_form(before), _audit_form(after)) for p, before, after in changed
            ),
        )
    # The conclusions first: the appointment checks of the rows' new posts read them.
    result.conclusions_added = _conclusions_from_rows(rows, person_ids, existing_ids, actor)
    # A dry run never sets indexes aside: it takes no lock a real load would not need.
    opened, closed, result.as_of_starts = _assignments_from_rows(
        rows, person_ids, units, posts, on, existing_ids, large=not dry_run, actor=actor
    )
    result.assignments_opened, result.assignments_closed = opened, closed
    result.languages_changed = _languages_from_rows(rows, person_ids, existing_ids, actor, large=not dry_run)
    if batch is None and (
        changed or opened or closed or result.languages_changed or result.conclusions_added
    ):
        batch = _import_record(actor, source, len(rows), result, on)
    if batch is not None:
        _import_record_save(actor, batch, result)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _natural(row: PersonRow, units: dict[str, int]) -> dict[str, Any]:
    """The row's fields as the model takes them (codes and the CCCD in the clear)."""
    return {
        "full_name": row.full_name,
        "birth_date": row.birth_date,
        "birth_year_only": row.birth_year_only,
        "sex": row.sex,
        "ethnicity": row.ethnicity,
        "religion": row.religion,
        "cccd": row.cccd,
        "unit_id": units[row.unit_code],
        "staff_category": row.staff_category,
        "political_theory": row.political_theory,
        "qualification": row.qualification,
    }


class _Stored:
    """The rows' protected values as the columns hold them (core/fields.py), each worked out once: the
    keyed hash of every CCCD of the file, of each distinct ethnicity and religion code."""

    def __init__(self, rows: list[PersonRow]) -> None:
        cccd_hash = keyed_hasher("cccd")
        self.cccd_hash = {r.cccd: cccd_hash(r.cccd) for r in rows if r.cccd}
        self.ethnicity = {c: keyed_hash_cached(c, purpose="ethnicity") for c in {r.ethnicity for r in rows}}
        self.religion = {c: keyed_hash_cached(c, purpose="religion") for c in {r.religion for r in rows}}

    def values(self, row: PersonRow, units: dict[str, int]) -> dict[str, Any]:
        """The compared fields (COMPARED) as the columns would hold the row's."""
        return {
            "full_name": row.full_name,
            "birth_date": row.birth_date,
            "birth_year_only": row.birth_year_only,
            "sex": row.sex,
            "ethnicity": self.ethnicity[row.ethnicity],
            "religion": self.religion[row.religion],
            "cccd_hash": self.cccd_hash.get(row.cccd) if row.cccd else None,
            "unit_id": units[row.unit_code],
            "staff_category": row.staff_category,
            "political_theory": row.political_theory,
            "qualification": row.qualification,
        }


def _audit_form(values: dict[str, Any]) -> dict[str, Any]:
    """Compared values for the audit trail: the protected ones only as their keyed hashes (which say
    that a value changed, and let one who holds the key check a value, but show none)."""
    return {
        k: (f"#{v}" if k in ("ethnicity", "religion", "cccd_hash") and v else v) for k, v in values.items()
    }


def _outside_scope(
    rows: list[PersonRow], found_for: list[dict[str, Any] | None], scope: set[int]
) -> list[RowError]:
    """Rows that describe someone registered outside the actor's scope. The message says neither who
    nor where; beyond OUT_OF_SCOPE_CCCD_LISTED such rows the file is refused without naming them (a
    file is not a way to look people up; people_import records the attempt)."""
    outside = [
        (row, found)
        for row, found in zip(rows, found_for, strict=True)
        if found and found["unit_id"] not in scope
    ]
    if len(outside) > OUT_OF_SCOPE_CCCD_LISTED:
        return [
            RowError(
                f"Tệp có {len(outside)} dòng trùng hồ sơ không thuộc phạm vi của bạn; không nhập được. "
                "Nếu đây là những người chuyển đến, đề nghị Sở Nội vụ chuyển hồ sơ.",
                sheet=C.SHEET,
            )
        ]
    message = (
        "Không nhập được dòng này: hồ sơ không thuộc phạm vi của bạn. Nếu người này chuyển đến từ cơ quan "
        "khác, đề nghị Sở Nội vụ chuyển hồ sơ."
    )
    return [_row_error(row, C.CCCD if row.cccd else C.NAME, message) for row, _found in outside]


class _NameKeys:
    """A name's search key, worked out once per distinct name of the file."""

    def __init__(self) -> None:
        self._fold: dict[str, str] = {}

    def fold(self, name: str) -> str:
        found = self._fold.get(name)
        if found is None:
            found = self._fold[name] = fold(name)
        return found


def _import_record(
    actor: Actor, source: ImportSource | None, rows: int, result: PeopleImportResult, as_of: dt.date
) -> PeopleImport:
    """The import's record, not yet written: its key is taken now (the people it creates point to it),
    the row is written once, complete, at the end (_import_record_save) — the table is append-only."""
    user, name = actor_identity(actor)
    batch = PeopleImport(
        id=allocate_ids(PeopleImport, 1)[0], actor=user, actor_name=name, rows=rows, as_of=as_of
    )
    if source is not None:
        batch.file_name = source.name[:255]
        batch.sha256 = hashlib.sha256(source.data).hexdigest()
        if not result.dry_run:
            # Content-addressed, and written only once the import is committed: a rolled-back
            # import leaves no file behind.
            name = f"imports/people/{batch.sha256[:2]}/{batch.sha256}.{spreadsheet_kind(source.data)}"
            batch.file.name = name
            data = source.data
            transaction.on_commit(lambda: import_file_keep(name, data))
    return batch


def _import_record_save(actor: Actor, batch: PeopleImport, result: PeopleImportResult) -> None:
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    batch.assignments_opened, batch.assignments_closed = result.assignments_opened, result.assignments_closed
    batch.as_of_starts = result.as_of_starts
    batch.save(force_insert=True)
    audit_record(
        actor=actor,
        action="people.import",
        obj=batch,
        after={
            "file_name": batch.file_name,
            "sha256": batch.sha256,
            "as_of": batch.as_of,
            "as_of_starts": result.as_of_starts,
            "rows": batch.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "assignments_opened": result.assignments_opened,
            "assignments_closed": result.assignments_closed,
            "languages_changed": result.languages_changed,
            "conclusions_added": result.conclusions_added,
        },
    )


def import_file_keep(name: str, data: bytes) -> None:
    """Keep an import's file (after commit), readable by the service only."""
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(data))
    with contextlib.suppress(NotImplementedError):  # a storage without local paths keeps its own
        os.chmod(default_storage.path(saved), 0o600)


PERSON_INSERT = (
    "id", "full_name", "name_fold", "sort_key", "birth_date", "birth_year_only", "sex", "ethnicity",
    "religion", "cccd", "cccd_hash", "unit", "staff_category", "qualification", "political_theory",
    "import_row",
)  # fmt: skip
# The other columns of a new person take their database defaults (Person: db_default, or NULL).


def _insert_people(
    ids: list[int],
    rows: list[PersonRow],
    units: dict[str, int],
    names: _NameKeys,
    stored: _Stored,
    batch: PeopleImport,
    *,
    large: bool = True,
) -> None:
    """Insert the new people with plain inserts (ids allocated by the caller), the protected values as
    the columns hold them (the CCCD sealed, with its keyed hash; ethnicity and religion hashed); the
    columns the template does not carry take their database defaults."""
    now = timezone.now()
    keys = {name: (names.fold(name), sort_key(name)) for name in {r.full_name for r in rows}}
    ethnicity, religion, cccd_hash = stored.ethnicity, stored.religion, stored.cccd_hash
    numbers = [r.cccd for r in rows if r.cccd]
    sealed = dict(zip(numbers, seal_many(numbers, context=CCCD_CONTEXT), strict=True))
    records = [
        (pk, r.full_name, *keys[r.full_name], r.birth_date, r.birth_year_only, r.sex, ethnicity[r.ethnicity],
         religion[r.religion], sealed[r.cccd] if r.cccd else None, cccd_hash[r.cccd] if r.cccd else None,
         units[r.unit_code], r.staff_category, r.qualification, r.political_theory, r.row)
        for pk, r in zip(ids, rows, strict=True)
    ]  # fmt: skip
    constants = {"created_at": now, "updated_at": now, "created_by_import": batch.pk}  # written at the end
    with large_load(Person, len(records) if large else 0):
        insert_many(Person, PERSON_INSERT, records, constants=constants, prepared=True)


_MATCH_FIELDS = ("id", "name_fold", "version", *COMPARED)


def _match_select() -> str:
    columns = ", ".join(connection.ops.quote_name(f) for f in _MATCH_FIELDS)  # attribute names = columns
    return f"SELECT {columns} FROM {connection.ops.quote_name(Person._meta.db_table)}"


def _select_people(where: str, values: Iterable[Any]) -> list[dict[str, Any]]:
    """Registered people (the fields matching compares) whose column `where` is one of the values."""
    sql = f"{_match_select()} WHERE {connection.ops.quote_name(where)} IN ({{in}})"
    return _people_found(select_in(sql, list(values)))


def _people_found(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip(_MATCH_FIELDS, row, strict=True)) for row in sorted(rows)]  # by id, whatever the chunks


def _people_by_cccd(hashes: set[str]) -> dict[str, dict[str, Any]]:
    """The registered people whose CCCD has one of these keyed hashes, by hash (index look-ups: never
    the whole registry)."""
    return {person["cccd_hash"]: person for person in _select_people("cccd_hash", hashes)}


def _people_by_name(keys: set[tuple[str, dt.date]]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """The registered people with one of these (folded name, birth date), by (name, birth date, unit):
    a look-up of the pair in its index (people_name_birth), not of the name alone — a common name is
    thousands of people in a national registry (0.2–0.4 s for the 25 rows without a CCCD of a
    500-row file at 2,000,000)."""
    found: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    sql = f"{_match_select()} WHERE (name_fold, birth_date) IN ({{in}})"
    for person in _people_found(select_in_keys(sql, keys, ("text", "date"))):
        found[(person["name_fold"], person["birth_date"], person["unit_id"])].append(person)
    return found


def _match_by_name(
    candidates: list[dict[str, Any]], row_cccd_hash: str | None, cccds_in_file: set[str]
) -> dict[str, Any] | None:
    """Without a CCCD match: the person of the same name, birth date and unit — one without a CCCD
    first; one with a CCCD only if the row has none and that CCCD is not another row's (CCCDs by
    their keyed hashes)."""
    without = [c for c in candidates if not c["cccd_hash"]]
    if without:
        return without[0]
    if not row_cccd_hash:
        free = [c for c in candidates if c["cccd_hash"] not in cccds_in_file]
        if len(free) == 1:
            return free[0]
    return None


def _assignments_from_rows(
    rows: list[PersonRow],
    person_ids: list[int],
    units: dict[str, int],
    posts: dict[str, Post],
    on: dt.date,
    existing: set[int],
    *,
    large: bool = True,
    actor: Actor = SYSTEM,
) -> tuple[int, int, int]:
    """Open the assignment each row describes unless it is the person's open one; close the one it
    replaces the day the new one starts. Only people who existed before can have an open one.
    `person_ids` is the person of each row; `on` the roster's date. Returns the assignments opened,
    those closed, and the new people whose start is the roster's date (their row gave none)."""
    post_ids = {code: post.pk for code, post in posts.items()}
    appointed, imported = AssignmentReason.APPOINTMENT.value, AssignmentReason.IMPORT.value
    # The open main assignment of each person who existed (the latest when there are several).
    open_main: dict[int, tuple[int, int, int | None, dt.date]] = {}
    if existing:
        table = connection.ops.quote_name(Assignment._meta.db_table)
        sql = (
            f"SELECT person_id, id, unit_id, post_id, valid_from FROM {table} "
            "WHERE valid_to IS NULL AND NOT concurrent AND person_id IN ({in}) ORDER BY valid_from, id"
        )
        for person_id, pk, unit_id, post_id, since in select_in(sql, sorted(existing)):
            open_main[person_id] = (pk, unit_id, post_id, since)
    to_create: list[tuple[Any, ...]] = []
    before_post: list[tuple[Any, ...]] = []  # a new person's time in the unit before their post
    from_roster = 0
    to_close: list[Assignment] = []
    # New posts with the row's own start date, for the appointment checks: (index in to_create, row,
    # the person's post before, whether the unit changed).
    dated: list[tuple[int, PersonRow, int | None, bool]] = []
    numbered: dict[int, str] = {}  # new posts with the row's "Số quyết định bổ nhiệm" (index in to_create)
    for row, person_id in zip(rows, person_ids, strict=True):
        unit_id = units[row.unit_code]
        post_id = post_ids[row.post_code] if row.post_code else None
        if person_id not in existing:
            # A new person: in the unit since "Ngày vào đơn vị", else since the roster's date (`on`);
            # a post from its "Ngày bổ nhiệm" (from the start in the unit when the row gives none).
            since = row.unit_from or on
            if row.unit_from is None and not (post_id and row.post_from and row.post_from <= on):
                from_roster += 1
            if post_id is None:
                to_create.append((person_id, unit_id, None, since, imported))
                continue
            if row.post_from or row.unit_from:
                dated.append((len(to_create), row, None, False))
            if row.decision_number:
                numbered[len(to_create)] = row.decision_number
            if row.post_from is not None and row.post_from > since:
                before_post.append((person_id, unit_id, None, since, row.post_from, imported, appointed))
                to_create.append((person_id, unit_id, post_id, row.post_from, appointed))
            else:
                to_create.append((person_id, unit_id, post_id, row.post_from or since, appointed))
            continue
        current = open_main.get(person_id)
        if current is not None and current[1] == unit_id and current[2] == post_id:
            continue
        if current is None and post_id is None:
            continue  # no post, nothing open (e.g. their unit was dissolved): the file alone says nothing new
        # A move to another unit starts on the row's "Ngày vào đơn vị" when it is a new date (an
        # exported file carries the start of the stay in the old unit: not a transfer date).
        moved = current is None or current[1] != unit_id
        fresh = row.unit_from is not None and (current is None or row.unit_from > current[3])
        start = (row.unit_from if moved and fresh else None) or row.post_from or on
        if current is not None:
            start = max(start, current[3] + ONE_DAY)
            reason = AssignmentReason.TRANSFER if current[1] != unit_id else AssignmentReason.APPOINTMENT
            to_close.append(Assignment(id=current[0], valid_to=start, end_reason=reason))
        if post_id and ((moved and fresh) or row.post_from):  # a start the row gives, not the roster's
            held = current[2] if current else None
            dated.append((len(to_create), row, held, moved and current is not None))
        if post_id and row.decision_number:
            numbered[len(to_create)] = row.decision_number
        to_create.append((person_id, unit_id, post_id, start, appointed if post_id else imported))
    checked = _import_appointment_checks(actor, to_create, dated) if dated else {}
    # The new posts with a decision number or the checks' reasons: (index in to_create → number, note,
    # reasons); the others take the database defaults (no decision, no note, no reasons).
    decided: dict[int, tuple[str, str, list[dict[str, str]]]] = {}
    for i, number in numbered.items():
        decided[i] = (number, "", [])
    for i, reasons in checked.items():
        number = decided.get(i, ("", "", []))[0]
        decided[i] = (number, IMPORTED_DECISION_NOTE if number else "", reasons)
    update_many(Assignment, ("valid_to", "end_reason"), ((a.pk, a.valid_to, a.end_reason) for a in to_close))
    with large_load(Assignment, len(to_create) if large else 0):
        insert_many(
            Assignment,
            ("person", "unit", "post", "valid_from", "start_reason"),
            # the other columns take their database defaults (no end, no decision)
            (item for i, item in enumerate(to_create) if i not in decided),
        )
    insert_many(
        Assignment,
        ("person", "unit", "post", "valid_from", "start_reason", "decision_number", "note", "check_reasons"),
        (to_create[i] + extra for i, extra in decided.items()),
    )
    insert_many(
        Assignment,
        ("person", "unit", "post", "valid_from", "valid_to", "start_reason", "end_reason"),
        before_post,
    )
    return len(to_create) + len(before_post), len(to_close), from_roster


def _import_appointment_checks(
    actor: Actor, to_create: list[tuple[Any, ...]], dated: list[tuple[int, PersonRow, int | None, bool]]
) -> dict[int, list[dict[str, str]]]:
    """Ask the appointment checks (settings.CANBO_APPOINTMENT_CHECKS) about each new post a row opens
    with its own date: a refusal is the row's error (the whole file is refused, nothing written); the
    soft reasons are kept with the assignment (index in to_create → reasons)."""
    from canbo.people.appointment_checks import (
        TRANSFER,
        appointment_checks_enabled,
        appointment_checks_run,
        appointment_kind,
    )

    if not appointment_checks_enabled():
        return {}
    people = Person.objects.in_bulk({to_create[i][0] for i, *_rest in dated})
    posts = Post.objects.in_bulk()
    units = Unit.objects.in_bulk({to_create[i][1] for i, *_rest in dated})
    errors: list[RowError] = []
    kept: dict[int, list[dict[str, str]]] = {}
    for i, row, held_post, moved in dated:
        person_id, unit_id, post_id, start, _reason = to_create[i]
        post = posts[post_id]
        held = [posts[held_post].level] if held_post in posts else []
        kind = TRANSFER if moved else appointment_kind(held_levels=held, new_level=post.level)
        number = row.decision_number
        try:
            kept[i] = appointment_checks_run(
                actor=actor,
                person=people[person_id],
                post=post,
                unit=units[unit_id],
                kind=kind,
                on=start,
                decision_number=number,
                # An import records decisions already taken: the number stands for the authority's word.
                note=IMPORTED_DECISION_NOTE if number else "",
            )
        except InputRejected as exc:
            errors += _import_check_errors(row, exc.errors)
    if errors:
        raise InputRejected(errors)
    return kept


IMPORTED_DECISION_NOTE = "Ghi nhận quyết định đã ban hành (nhập từ tệp Excel)"
_CONCLUSION_RULE = "Kết luận tiêu chuẩn chính trị"  # the checker's title of the plan's II.7 gate


def _import_check_errors(row: PersonRow, found: list[RowError]) -> list[RowError]:
    """A refusal of the appointment checks as the row's errors, each under the column to fill: the
    political-standard conclusion under "Ngày kết luận TCCT", a missing decision number (the soft
    reasons the competent level decided on) under "Số quyết định bổ nhiệm", the rest under "Chức vụ"."""
    errors: list[RowError] = []
    for e in found:
        if e.field == "note":
            continue  # asked only with no number: the number's message says what to do
        if e.field == "decision_number":
            errors.append(
                _row_error(
                    row,
                    C.DECISION,
                    f"{e.message} Ghi số quyết định bổ nhiệm vào cột “{C.DECISION.header}”.",
                )
            )
        elif e.field == "checks" and not e.column:  # the soft reasons the decision must answer
            errors.append(_row_error(row, C.DECISION, e.message))
        elif e.column == _CONCLUSION_RULE:
            errors.append(
                _row_error(
                    row,
                    C.CONCLUSION,
                    f"{e.message} Cần kết luận đủ tiêu chuẩn chính trị: ghi ngày kết luận vào cột "
                    f"“{C.CONCLUSION.header}”, hoặc ghi kết luận trên trang hồ sơ của người này.",
                )
            )
        else:
            errors.append(_row_error(row, C.POST, e.message))
    return errors


CONCLUSION_FROM_FILE = "Đủ tiêu chuẩn chính trị (ghi nhận từ tệp nhập)"


def _conclusions_from_rows(
    rows: list[PersonRow], person_ids: list[int], existing: set[int], actor: Actor
) -> int:
    """The conclusions the rows' "Ngày kết luận TCCT" give (meets the political standard), for the
    people without a conclusion on that date; the number written. Written before the assignments: the
    appointment checks read them. One written for a person who existed is audited on that person;
    those of new people are the import's (its record counts them)."""
    wanted = {
        (person_id, r.conclusion_on)
        for r, person_id in zip(rows, person_ids, strict=True)
        if r.conclusion_on is not None
    }
    if not wanted:
        return 0
    known: set[tuple[int, dt.date]] = set()
    old = sorted({person_id for person_id, _day in wanted if person_id in existing})
    if old:
        table = connection.ops.quote_name(PoliticalConclusion._meta.db_table)
        sql = f"SELECT person_id, concluded_on FROM {table} WHERE person_id IN ({{in}})"
        known = {(p, _as_date(day)) for p, day in select_in(sql, old)}
    create = sorted(item for item in wanted if item not in known)
    insert_many(
        PoliticalConclusion,
        ("person", "concluded_on", "conclusion", "meets_standard", "issuer"),
        ((person_id, day, CONCLUSION_FROM_FILE, True, "") for person_id, day in create),
    )
    audited = [(person_id, day) for person_id, day in create if person_id in existing]
    if audited:
        names = {person_id: r.full_name for r, person_id in zip(rows, person_ids, strict=True)}
        audit_record_bulk(
            actor=actor,
            action="people.conclusion.create",
            model=Person,
            items=(
                (
                    person_id,
                    names[person_id],
                    None,
                    {"concluded_on": day, "conclusion": CONCLUSION_FROM_FILE, "meets_standard": True},
                )
                for person_id, day in audited
            ),
        )
    return len(create)


def _as_date(value: Any) -> dt.date:
    """A date column as a raw query returns it (SQLite: text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _languages_from_rows(
    rows: list[PersonRow], person_ids: list[int], existing: set[int], actor: Actor, *, large: bool = True
) -> int:
    """Add the languages the rows name and update their levels; the number of skills written. A
    changed level of a person who existed is audited on that person (before and after)."""
    wanted = {
        (person_id, r.language): r.language_level
        for r, person_id in zip(rows, person_ids, strict=True)
        if r.language
    }
    if not wanted:
        return 0
    known: dict[tuple[int, str], tuple[int, int | None]] = {}
    if existing:
        table = connection.ops.quote_name(LanguageSkill._meta.db_table)
        sql = f"SELECT person_id, language, id, level FROM {table} WHERE person_id IN ({{in}})"
        known = {(p, lang): (pk, level) for p, lang, pk, level in select_in(sql, sorted(existing))}
    create: list[tuple[int, str, int | None]] = []
    update: list[LanguageSkill] = []
    if known:
        for (person_id, language), level in wanted.items():
            skill = known.get((person_id, language))
            if skill is None:
                create.append((person_id, language, level))
            elif skill[1] != level:
                # an imported level has no certificate date: it counts on every date (issue 16.3)
                update.append(
                    LanguageSkill(
                        id=skill[0], person_id=person_id, language=language, level=level, certified_on=None
                    )
                )
    else:
        create = [(person_id, language, level) for (person_id, language), level in wanted.items()]
    with large_load(LanguageSkill, len(create) if large else 0):
        insert_many(LanguageSkill, ("person", "language", "level"), create)
    update_many(LanguageSkill, ("level", "certified_on"), ((u.pk, u.level, u.certified_on) for u in update))
    audited = [(person_id, language) for person_id, language, _level in create if person_id in existing]
    if update or audited:
        names = {person_id: r.full_name for r, person_id in zip(rows, person_ids, strict=True)}
        items: list[tuple[Any, str, Any, Any]] = []
        for u in update:
            before = {"language": u.language, "level": known[(u.person_id, u.language)][1]}
            items.append(
                (u.person_id, names[u.person_id], before, {"language": u.language, "level": u.level})
            )
        for person_id, language in audited:
            after = {"language": language, "level": wanted[(person_id, language)]}
            items.append((person_id, names[person_id], None, after))
        audit_record_bulk(actor=actor, action="people.person.update", model=Person, items=items)
    return len(create) + len(update)


class StaleVersion(Conflict):
    """The record changed since the user read it (optimistic locking): nothing was written. `changes`:
    who changed what since (people.dossier.changes_since)."""

    def __init__(self, message: str = "", *, changes: list[Any] | None = None) -> None:
        super().__init__(message)
        self.changes = list(changes or [])


EDITABLE = (
    "full_name",
    "other_names",
    "birth_date",
    "birth_year_only",
    "sex",
    "ethnicity",
    "religion",
    "hometown",
    "cccd",
    "unit",
    "staff_category",
    "rank_code",
    "rank_name",
    "salary_step",
    "salary_coefficient",
    "general_education",
    "qualification",
    "qualification_field",
    "political_theory",
    "state_management",
    "it_level",
    "degree_abroad",
    "party_joined",
    "party_full",
    "recruited_on",
)
# Shown and written only by the roles doing personnel work, each read recorded (SensitiveAccess): the
# CCCD (an identifier) and the data Decree 356/2025 calls sensitive (ethnicity, religion, political
# affiliation).
SENSITIVE_FIELDS = ("cccd", "ethnicity", "religion", "party_joined", "party_full")


def _editable_state(person: Person) -> dict[str, Any]:
    """Every editable field, for the audit's before and after (the unit by its id; the CCCD and the
    sensitive fields only as keyed hashes: the trail says that they changed, never what they are)."""
    state: dict[str, Any] = {}
    for name in EDITABLE:
        value = getattr(person, "unit_id" if name == "unit" else name)
        if name in SENSITIVE_FIELDS and value not in (None, ""):
            value = "#" + keyed_hash(str(value), purpose=f"audit.{name}")
        state["unit_id" if name == "unit" else name] = value
    return state


def _validate(person: Person) -> None:
    """The row's own checks (Person.clean: catalogue codes; field types and lengths), then the CCCD
    against the birth date and sex (people.rules.check_cccd). InputRejected with every problem."""
    from canbo.people.rules import check_cccd

    problems: dict[str, list[str]] = {}
    try:
        person.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = exc.message_dict
    if person.cccd and "cccd" not in problems and person.birth_date and "sex" not in problems:
        found = check_cccd(person.cccd, person.birth_date, "nam" if person.sex == Sex.MALE else "nu")
        if found:
            problems["cccd"] = found
    if problems:
        raise InputRejected.from_validation(ValidationError(problems), model=Person)


def _cleared(name: str, value: Any) -> Any:
    """An update's null for a field that cannot be null: empty text where the field may be empty."""
    if value is None:
        field = Person._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and not field.null:
            return ""
    return value


@transaction.atomic
def person_create(*, actor: Actor, data: dict[str, Any]) -> Person:
    person = Person(**{k: v for k, v in data.items() if k in EDITABLE})
    person_names(person)
    _validate(person)
    ensure_in_scope_unit(actor, person.unit_id)
    _unique_cccd(person)
    person.save()
    ensure_in_scope(actor, person, "change")
    audit_record(actor=actor, action="people.person.create", obj=person, after=_editable_state(person))
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, data: dict[str, Any], version: int) -> Person:
    """Update the fields given in `data` (the others are left as they are) with optimistic locking:
    `version` is what the user read; a stale one raises StaleVersion and changes nothing. Moving the
    person out of the actor's scope is refused. Through audit.services.model_update."""
    ensure_in_scope(actor, person, "change")
    changes = {name: _cleared(name, value) for name, value in data.items() if name in EDITABLE}

    def prepare(current: Person) -> None:
        person_names(current)
        _validate(current)
        if "unit" in changes:
            ensure_in_scope_unit(actor, current.unit_id)
        _unique_cccd(current)

    try:
        return model_update(
            actor=actor,
            obj=person,
            changes=changes,
            action="people.person.update",
            version=version,
            protected=SENSITIVE_FIELDS,
            prepare=prepare,
        )
    except Conflict:
        from canbo.people.dossier import stale_version

        raise stale_version(Person.objects.get(pk=person.pk), version) from None


def ensure_in_scope_unit(actor: Actor, unit_id: int | None) -> None:
    """Refuse a unit outside the actor's change scope before anything is written."""
    scope = visible_unit_ids(actor, "change")
    if scope is not None and unit_id not in scope:
        raise NotAllowed("Đơn vị này nằm ngoài phạm vi được phân quyền của bạn.")


def _unique_cccd(person: Person) -> None:
    """A CCCD belongs to one person. The message does not say whose, nor whether that person is in the
    actor's scope."""
    number = person.cccd
    if (
        number
        and Person.objects.filter(cccd_hash=keyed_hash(number, purpose="cccd")).exclude(pk=person.pk).exists()
    ):
        raise InputRejected([RowError("Số CCCD này đã có trong hệ thống.", column="Số CCCD", field="cccd")])


def sensitive_access_record(
    *,
    actor: Actor,
    where: str,
    person: Person | None = None,
    people: list[int] | None = None,
    detail: str = "",
    reason: str = "",
) -> None:
    """Record a read of protected personal data: one person's (person), or a list's (people: their ids;
    detail: the filter or the file, never the values). Who, when, from which address (the request's,
    through the audit context)."""
    user, _name = actor_identity(actor)
    if user is None:  # a command run by the system: the audit trail of the command says what it did
        return
    ids = [person.pk] if person is not None else list(people or [])
    SensitiveAccess.objects.create(
        actor=user,
        person=person,
        where=where,
        ip_address=_request_context.get().ip_address,
        detail=detail[:500],
        count=len(ids),
        reason=reason[:500],
        people=ids if person is None else [],
    )


@transaction.atomic
def people_follow_restructurings(*, actor: Actor) -> int:
    """Move people with their units: on a merger, absorption or split, every assignment open at a
    predecessor the day before ends on the effective date and a new one at the (first) successor
    starts that day, same post, reason "Sắp xếp tổ chức"; the file (Person.unit) moves too. A
    dissolution ends the assignments and hands the files to the receiving unit. History stays.
    Idempotent: assignments already ended on that date are left alone."""
    moved = 0
    for event in Restructuring.objects.prefetch_related("links").order_by("effective_date", "pk"):
        if event.kind in (RestructuringKind.RENAME, RestructuringKind.MOVE):
            continue
        date = event.effective_date
        targets: dict[int, int | None] = {}
        for link in event.links.all():
            targets.setdefault(link.predecessor_id, link.successor_id)
        open_then = Assignment.objects.filter(unit_id__in=targets, valid_from__lt=date, valid_to__isnull=True)
        carried = list(open_then.values_list("person_id", "unit_id", "post_id", "concurrent"))
        new = [
            (person_id, targets[unit_id], post_id, date, None, concurrent, event.decision_number,
             event.decision_date, event.decision_issuer, AssignmentReason.REORGANISATION, "")
            for person_id, unit_id, post_id, concurrent in carried
            if targets[unit_id] is not None and event.kind != RestructuringKind.DISSOLVE
        ]  # fmt: skip
        open_then.update(valid_to=date, end_reason=AssignmentReason.REORGANISATION)
        insert_many(
            Assignment,
            ("person", "unit", "post", "valid_from", "valid_to", "concurrent", "decision_number",
             "decision_date", "decision_issuer", "start_reason", "end_reason"),
            new,
        )  # fmt: skip
        for predecessor, successor in targets.items():
            if successor is not None:
                Person.objects.filter(unit_id=predecessor).update(unit_id=successor)
        moved += len(carried)
        if carried:
            audit_record(
                actor=actor,
                action="people.restructuring.follow",
                obj=event,
                after={"assignments_moved": len(carried), "date": date},
            )
    scope_cache_clear(actor)
    return moved


def _thousands(number: int) -> str:
    """1.500, the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


class ReasonRequired(ApplicationError):
    """An export of more people than settings.CANBO_EXPORT_REASON_OVER needs a stated reason."""

    status = 400


def people_export(*, actor: Actor, f: Any = None, reason: str = "", detail: str = "") -> bytes:
    """The registry file of the people the actor may see (the filter's), recorded as an access to
    personal data: who, when, from where, the filter (detail), how many and which people. More than
    settings.CANBO_EXPORT_REASON_OVER people needs a reason (ReasonRequired otherwise, nothing written)."""
    from django.conf import settings

    from canbo.people.io.export import people_export_xlsx
    from canbo.people.selectors import PeopleFilter, people_queryset

    limit = settings.CANBO_EXPORT_REASON_OVER
    if not reason.strip() and actor_identity(actor)[0] is not None:
        count = people_queryset(user=actor, f=f or PeopleFilter()).count()
        if count > limit:
            raise ReasonRequired(
                f"Tệp sẽ có {_thousands(count)} người, quá {_thousands(limit)} người: "
                "hãy ghi lý do xuất dữ liệu (lý do được lưu cùng lần xuất)."
            )
    data, ids = people_export_xlsx(user=actor, f=f)
    sensitive_access_record(actor=actor, where="export", people=ids, detail=detail, reason=reason)
    return data


@dataclass
class PurgeResult:
    files: int = 0
    bytes: int = 0


def import_files_purge(*, older_than_days: int, now: dt.datetime | None = None) -> PurgeResult:
    """Delete the kept files of imports older than the retention period (settings:
    CANBO_IMPORT_FILE_RETENTION_DAYS, default 90): a file of personal data is kept as long as it may be
    needed to answer for an import, no longer. A file shared by a newer import (the same content) stays.
    The import records stay (append-only); each deleted file is audited on the newest import that
    brought it."""
    limit = (now or timezone.now()) - dt.timedelta(days=older_than_days)
    newest: dict[str, PeopleImport] = {}
    for batch in PeopleImport.objects.exclude(file="").order_by("at", "pk"):
        newest[batch.file.name] = batch
    result = PurgeResult()
    for name, batch in sorted(newest.items()):
        if batch.at >= limit or not default_storage.exists(name):
            continue
        size = default_storage.size(name)
        default_storage.delete(name)
        result.files += 1
        result.bytes += size
        audit_record(
            actor=SYSTEM,
            action="people.import.file_deleted",
            obj=batch,
            after={"file": name, "bytes": size, "older_than_days": older_than_days},
        )
    return result
