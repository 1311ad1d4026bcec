"""Reads of the registry. Every function takes `user` and returns only what the user may see."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from canbo.accounts.choices import Role
from canbo.accounts.scope import user_has_role
from canbo.core.dates import today
from canbo.core.errors import NotAllowed, OutOfScope
from canbo.org.models import Unit
from canbo.org.scope import visible_unit_ids
from canbo.org.selectors import org_tree_shape
from canbo.people import standards
from canbo.people.choices import PostLevel
from canbo.people.models import Assignment, Person, PoliticalConclusion, Training
from canbo.people.vnsort import fold


def can_see_sensitive(user: Any) -> bool:
    """Ethnicity, religion and Party membership are sensitive personal data (Law 91/2025/QH15):
    only the roles that do personnel work see them per person; leaders see aggregates only."""
    return user_has_role(user, Role.ADMIN, Role.HOME_AFFAIRS, Role.FOCAL)


def in_force(queryset: QuerySet[Assignment], as_of: dt.date) -> QuerySet[Assignment]:
    return queryset.filter(valid_from__lte=as_of).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))


def holders_on(
    *, user: Any, as_of: dt.date, unit_ids: set[int] | None = None, leaders_only: bool = False
) -> QuerySet[Assignment]:
    """Who held which post in which unit on a date — one query."""
    queryset = in_force(Assignment.objects.restrict(user, "view", as_of=as_of), as_of)  # type: ignore[attr-defined]
    if unit_ids is not None:
        queryset = queryset.filter(unit_id__in=unit_ids)
    if leaders_only:
        queryset = queryset.exclude(post__isnull=True).exclude(post__level=PostLevel.NONE)
    return queryset.select_related("person", "unit", "post").order_by(
        "unit__code", "post__order", "person__sort_key"
    )


@dataclass
class PeopleFilter:
    q: str = ""
    unit_id: int | None = None
    as_of: dt.date | None = None
    post_code: str = ""
    leaders_only: bool = False
    age_from: int | None = None
    age_to: int | None = None
    sex: str = ""
    ethnicity: str = ""
    category: str = ""
    order: str = ""  # one of SORTS, "-" before it for the reverse; "" the Vietnamese order of names


# The list's sortable columns (the address's `sap_xep`): each a key of its own, then the name's
# Vietnamese order and the id, so that a page never takes a row of another.
SORTS: dict[str, tuple[str, ...]] = {
    "ten": ("sort_key",),
    "ngay_sinh": ("birth_date",),
    "gioi_tinh": ("sex",),
    "don_vi": ("unit__code",),
    "loai": ("staff_category",),
}


def _ordering(order: str) -> list[str]:
    key = order.removeprefix("-")
    columns = SORTS.get(key, SORTS["ten"])
    sign = "-" if order.startswith("-") and key in SORTS else ""
    return [f"{sign}{c}" for c in columns] + [f"{sign}sort_key", f"{sign}pk"]


def _birth_bounds(as_of: dt.date, age_from: int | None, age_to: int | None) -> Q:
    """Age in whole years on as_of between age_from and age_to (inclusive)."""
    condition = Q()
    if age_from is not None:  # born on or before as_of minus age_from years
        condition &= Q(birth_date__lte=_years_before(as_of, age_from))
    if age_to is not None:  # younger than age_to + 1
        condition &= Q(birth_date__gt=_years_before(as_of, age_to + 1))
    return condition


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def people_queryset(*, user: Any, f: PeopleFilter) -> QuerySet[Person]:
    as_of = f.as_of or today()
    queryset = Person.objects.restrict(user, "view", as_of=as_of)  # type: ignore[attr-defined]
    if f.q:
        queryset = queryset.filter(name_fold__contains=fold(f.q))
    if f.unit_id is not None:
        # A semi-join computed once (pk IN (...)), not a correlated EXISTS per person.
        queryset = queryset.filter(pk__in=_in_units(f.unit_id, as_of).values("person_id"))
    if f.post_code or f.leaders_only:
        posts = in_force(Assignment.objects.all(), as_of)
        if f.post_code:
            posts = posts.filter(post__code=f.post_code)
        if f.leaders_only:
            posts = posts.exclude(post__isnull=True).exclude(post__level=PostLevel.NONE)
        queryset = queryset.filter(pk__in=posts.values("person_id"))
    if f.age_from is not None or f.age_to is not None:
        queryset = queryset.filter(_birth_bounds(as_of, f.age_from, f.age_to))
    if f.sex:
        queryset = queryset.filter(sex=f.sex)
    if f.ethnicity and can_see_sensitive(user):
        queryset = queryset.filter(ethnicity=f.ethnicity)
    if f.category:
        queryset = queryset.filter(staff_category=f.category)
    return queryset.order_by(*_ordering(f.order))


def people_page(*, user: Any, f: PeopleFilter, page: int = 1, per_page: int = 50) -> Page[Any]:
    """A page of people with their posts on the date: a fixed number of queries (count, page,
    assignments) whatever the page size."""
    as_of = f.as_of or today()
    queryset = (
        people_queryset(user=user, f=f)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=in_force(Assignment.objects.all(), as_of).select_related("post", "unit"),
                to_attr="current_assignments",
            )
        )
    )
    count = _unit_count(user=user, f=f, as_of=as_of)
    return (_Counted(queryset, per_page, count=count) if count else Paginator(queryset, per_page)).get_page(
        page
    )


def _in_units(unit_id: int, as_of: dt.date) -> QuerySet[Assignment]:
    """The assignments in force on the date in the unit and its subtree."""
    units = org_tree_shape(as_of=as_of).subtree([unit_id]) | {unit_id}
    return in_force(Assignment.objects.filter(unit_id__in=units), as_of)


class _Counted(Paginator):
    """A paginator whose number of rows is asked of a cheaper query that gives the same number."""

    def __init__(self, object_list: Any, per_page: int, *, count: Callable[[], int]) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def _unit_count(*, user: Any, f: PeopleFilter, as_of: dt.date) -> Callable[[], int] | None:
    """How many people a list filtered by a unit alone holds, counted from the assignments in force
    there (distinct people, from the assignments' index by unit), when the user's scope leaves nobody
    out (the whole organisation, or every unit: each person's file is kept by a unit). Counting the
    people joined to their assignments read the whole registry's keys: 0.8 s for the 330,291 people of
    the largest department of 2,000,000, against 0.2 s (issue 17.5). Otherwise None: the list's own
    query is counted."""
    if f.unit_id is None or f.q or f.post_code or f.leaders_only or f.sex or f.category:
        return None
    if f.age_from is not None or f.age_to is not None or (f.ethnicity and can_see_sensitive(user)):
        return None
    visible = visible_unit_ids(user, "view", as_of=as_of)
    if visible is not None and not visible.issuperset(Unit.objects.values_list("pk", flat=True)):
        return None
    assignments = _in_units(f.unit_id, as_of)
    return lambda: int(assignments.aggregate(n=Count("person_id", distinct=True))["n"])


def registry_first_day() -> dt.date | None:
    """The first day the registry has data for, or None when it has no such limit.

    A roster is loaded as of its date (PeopleImport.as_of; an import made before that was asked: its
    own day): a person whose row gives no start is in their unit from that day only, so before the
    earliest roster that started people on its date the staff are missing and every figure would be
    wrong. A roster whose every new row gives its start ("Ngày vào đơn vị") sets no limit. A
    registry written with its history by other means (the demo) has people of no import in force
    before that day: then there is no limit. Not personal data, the same for every user (the
    province loads its roster once); two queries on small or indexed tables."""
    from django.utils import timezone

    from canbo.people.models import PeopleImport

    # Imports made before the roster's date was asked started everyone on their own day.
    limiting = PeopleImport.objects.filter(Q(as_of__isnull=True, created__gt=0) | Q(as_of_starts__gt=0))
    days = [as_of or timezone.localdate(at) for as_of, at in limiting.values_list("as_of", "at")]
    if not days:
        return None
    first = min(days)
    written_otherwise = Assignment.objects.filter(
        valid_from__lt=first, person__created_by_import__isnull=True
    ).exists()
    return None if written_otherwise else first


def before_first_data(as_of: dt.date) -> str:
    """The message to show instead of figures for a date before the registry's first data, or ""."""
    first = registry_first_day()
    if first is None or as_of >= first:
        return ""
    return f"Chưa có số liệu trước ngày {first:%d/%m/%Y} (ngày của danh sách cán bộ nhập đầu tiên)."


def people_unit_names(*, people: list[Person], as_of: dt.date) -> None:
    """Set `unit_name` on each person: the name on as_of of the unit keeping their file (one query,
    whatever their number; the people were read within the user's scope)."""
    from canbo.org.selectors import unit_names

    names = unit_names(units=list({p.unit for p in people}), as_of=as_of) if people else {}
    for p in people:
        p.unit_name = names.get(p.unit_id, p.unit.code)  # type: ignore[attr-defined]


def person_unit_names(*, person: Person, timeline: list[Assignment], planning: list[Any]) -> str:
    """Names where a reader expects names (one query): each assignment's and planning entry's unit
    under its name on the day it began (`unit_name`), and the name today of the unit keeping the
    file, returned. The person was read within the user's scope."""
    from canbo.org.models import UnitVersion

    units = {person.unit_id} | {a.unit_id for a in timeline} | {p.unit_id for p in planning}
    versions: dict[int, list[Any]] = {}
    for v in (
        UnitVersion.objects.filter(unit_id__in=units)
        .order_by("valid_from")
        .only("unit_id", "name", "valid_from")
    ):
        versions.setdefault(v.unit_id, []).append(v)

    def name_on(unit_id: int, day: dt.date) -> str:
        found = versions.get(unit_id, [])
        begun = [v for v in found if v.valid_from <= day]
        chosen = begun[-1] if begun else (found[0] if found else None)
        return chosen.name if chosen else ""

    for a in timeline:
        a.unit_name = name_on(a.unit_id, a.valid_from)  # type: ignore[attr-defined]
    for p in planning:
        p.unit_name = name_on(p.unit_id, today())
    return name_on(person.unit_id, today())


def template_units(*, user: Any) -> list[tuple[str, str]]:
    """(code, name) of the units in force today that the user may see, in tree order: the codes the
    import template offers."""
    from canbo.org.selectors import org_tree

    return [(n.version.unit.code, n.version.name) for n in org_tree(user=user, as_of=today())]


def person_get(*, user: Any, pk: int) -> Person:
    """A person the user may see (OutOfScope otherwise: 404, like a missing one)."""
    try:
        return Person.objects.restrict(user, "view").select_related("unit").get(pk=pk)  # type: ignore[attr-defined,no-any-return]
    except Person.DoesNotExist:
        raise OutOfScope("Hồ sơ không thuộc phạm vi của bạn.") from None


def person_can_change(*, user: Any, person: Person) -> bool:
    """Whether the user may edit this person's dossier: a role that changes (Sở Nội vụ, a focal officer,
    the administrator — as for the Excel import) over the unit keeping the file. Leaders only read."""
    from canbo.accounts.scope import user_can

    return user_can(user, "change") and Person.objects.restrict(user, "change").filter(pk=person.pk).exists()  # type: ignore[attr-defined,no-any-return]


def change_units(*, user: Any, as_of: dt.date | None = None) -> list[tuple[int, str]]:
    """(id, name indented by depth) of the units in force the user may change, in tree order: where a
    form may place a person."""
    from canbo.org.scope import visible_unit_ids
    from canbo.org.selectors import org_tree

    allowed = visible_unit_ids(user, "change")
    return [
        (n.version.unit_id, "\u00a0\u00a0" * n.depth + n.version.name)
        for n in org_tree(user=user, as_of=as_of or today())
        if allowed is None or n.version.unit_id in allowed
    ]


def post_choices() -> list[tuple[int, str]]:
    """The posts of the catalogue, leaders first."""
    from canbo.people.models import Post

    return list(Post.objects.order_by("order", "name").values_list("pk", "name"))


def open_posts(*, person: Person) -> list[tuple[int, str]]:
    """The person's open assignments with a post, named: "Giám đốc Sở — Sở Tài chính (từ 01/01/2020)"."""
    from canbo.org.selectors import unit_names

    held = list(
        person.assignments.filter(valid_to__isnull=True, post__isnull=False)
        .select_related("post", "unit")
        .order_by("valid_from", "pk")
    )
    names = unit_names(units=[a.unit for a in held], as_of=today()) if held else {}
    return [
        (
            a.pk,
            f"{a.post.name if a.post else ''} — {names.get(a.unit_id, a.unit.code)}"
            f"{' (kiêm nhiệm)' if a.concurrent else ''} (từ {a.valid_from:%d/%m/%Y})",
        )
        for a in held
    ]


def person_timeline(*, person: Person) -> list[Assignment]:
    return list(person.assignments.select_related("unit", "post").order_by("valid_from", "pk"))


# The person page's own words for the actions on a person; any other action in the project's words
# (audit.actions), never its code.
ACTION_LABELS = {
    "people.person.create": "Thêm mới",
    "people.person.import": "Thêm mới khi nhập tệp",
    "people.person.update": "Cập nhật",
}


@dataclass(frozen=True)
class HistoryItem:
    at: dt.datetime
    actor_name: str
    action: str
    detail: str = ""


def person_history(*, person: Person) -> list[HistoryItem]:
    """A person's history, newest first: their audit entries, and the imports that created them
    (listed against the import, with the file and the row — see services.people_import). The
    caller has already checked the person's scope."""
    from canbo.audit.selectors import audit_entries_for
    from canbo.people.dossier import fields_changed
    from canbo.people.models import PeopleImport

    items = [
        HistoryItem(
            e.at,
            e.actor_name,
            ACTION_LABELS.get(e.action) or e.action_label,
            e.note or (fields_changed(e.changes or {}) if e.action == "people.person.update" else ""),
        )
        for e in audit_entries_for(obj=person)
    ]
    batch = None
    if person.created_by_import_id is not None:  # no database constraint: the record may be gone
        batch = PeopleImport.objects.filter(pk=person.created_by_import_id).first()
    if batch is not None:
        items.append(
            HistoryItem(
                batch.at,
                batch.actor_name,
                ACTION_LABELS["people.person.import"],
                f"Tệp “{batch.file_name or '(không tên)'}”, dòng {person.import_row} "
                f"(lần nhập số {batch.pk})",
            )
        )
    return sorted(items, key=lambda item: item.at, reverse=True)


@dataclass(frozen=True)
class AccessLine:
    """One person's protected data read by one user at one moment (an incident report's line)."""

    at: dt.datetime
    actor: str
    ip_address: str
    where: str
    person_id: int | None
    person_name: str
    unit_code: str
    detail: str
    reason: str


WHERE_LABELS = {
    "page": "Xem hồ sơ",
    "form": "Mở biểu mẫu sửa hồ sơ",
    "api": "API: xem hồ sơ",
    "export": "Xuất Excel",
    "filter": "Danh sách lọc theo dữ liệu nhạy cảm",
    "drilldown": "Danh sách sau một chỉ số",
    "import-refused": "Nhập tệp bị từ chối (trùng hồ sơ ngoài phạm vi)",
}


def can_read_access_log(user: Any) -> bool:
    """Who may read who read what: the administrator and Sở Nội vụ (the data controller's officers)."""
    return user_has_role(user, Role.ADMIN, Role.HOME_AFFAIRS)


def access_incident(
    *,
    user: Any,
    start: dt.datetime,
    end: dt.datetime,
    person_id: int | None = None,
    actor: str = "",
) -> list[AccessLine]:
    """Who read whose protected personal data between start and end (end excluded), one line per
    person read, with the address it came from — what a breach notification within 72 hours needs
    (Decree 356/2025). A list or an export is expanded to its people. NotAllowed for users
    other than the administrator and Sở Nội vụ."""
    from canbo.people.models import SensitiveAccess

    if not can_read_access_log(user):
        raise NotAllowed("Chỉ quản trị hệ thống và Sở Nội vụ được xem nhật ký truy cập dữ liệu cá nhân.")
    records = (
        SensitiveAccess.objects.filter(at__gte=start, at__lt=end).select_related("actor").order_by("at", "pk")
    )
    if actor:
        records = records.filter(actor__username=actor)
    expanded: list[tuple[Any, int | None]] = []
    for record in records:
        ids: list[int | None] = (
            [record.person_id] if record.person_id else list(record.people or []) or [None]
        )
        expanded.extend((record, pk) for pk in ids if person_id is None or pk == person_id)
    wanted = {pk for _record, pk in expanded if pk is not None}
    people = {
        p.pk: (p.full_name, p.unit.code)
        for p in Person.objects.filter(pk__in=wanted).select_related("unit").only("full_name", "unit__code")
    }
    return [
        AccessLine(
            at=record.at,
            actor=record.actor.get_username(),
            ip_address=record.ip_address or "",
            where=WHERE_LABELS.get(record.where, record.where),
            person_id=pk,
            person_name=people.get(pk, ("(hồ sơ đã xóa)", ""))[0] if pk else "",
            unit_code=people.get(pk, ("", ""))[1] if pk else "",
            detail=record.detail,
            reason=record.reason,
        )
        for record, pk in expanded
    ]


def political_conclusion_on(*, person: Person, on: dt.date) -> PoliticalConclusion | None:
    """The person's latest conclusion on political standards dated on or before `on` (the one that
    decides: plan II.7, RULES.md §3; no text read gives a conclusion a period of validity)."""
    return (
        PoliticalConclusion.objects.filter(person=person, concluded_on__lte=on)
        .order_by("-concluded_on", "-pk")
        .first()
    )


def training_on_record(person_ids: Iterable[int], as_of: dt.date) -> dict[int, dict[str, tuple[int, str]]]:
    """Per person and kind, the highest course finished by as_of: (rank, its level's name) (one query).
    A course whose level is not written, or not understood, has rank 0 and no name: it meets no level."""
    best: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    rows = Training.objects.filter(
        person_id__in=list(person_ids), kind__in=standards.KINDS, finished_on__lte=as_of
    ).values_list("person_id", "kind", "level")
    for person_id, kind, level in rows:
        rank, name = standards.read_level(kind, level)
        if kind not in best[person_id] or rank > best[person_id][kind][0]:
            best[person_id][kind] = (rank, name)
    return best
