"""The registry written back into the template (what agencies exchange), within the user's scope."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from canbo.core.dates import today
from canbo.people import catalogues
from canbo.people.choices import Sex, StaffCategory
from canbo.people.io.excel import people_to_excel
from canbo.people.models import Assignment, LanguageSkill, PoliticalConclusion
from canbo.people.selectors import PeopleFilter, can_see_sensitive, in_force, people_queryset


def export_rows(*, user: Any, f: PeopleFilter | None = None) -> tuple[list[list[Any]], list[int]]:
    """The template's rows of the people the user may see (the filter's), and their ids. The CCCD,
    ethnicity and religion, and the political-standard conclusion (political data, Decree 356/2025), only
    for the roles doing personnel work (people.selectors.can_see_sensitive)."""
    as_of = (f.as_of if f else None) or today()
    sensitive = can_see_sensitive(user)
    people = (
        people_queryset(user=user, f=f or PeopleFilter(as_of=as_of))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=in_force(Assignment.objects.filter(concurrent=False), as_of).select_related("post"),
                to_attr="current_assignments",
            ),
            Prefetch("languages", queryset=LanguageSkill.objects.order_by("pk"), to_attr="language_list"),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(concurrent=False, valid_from__lte=as_of)
                .order_by("valid_from", "pk")
                .only("person_id", "unit_id", "valid_from", "valid_to"),
                to_attr="main_history",
            ),
        )
    )
    if sensitive:
        people = people.prefetch_related(
            Prefetch(
                "political_conclusions",
                queryset=PoliticalConclusion.objects.filter(meets_standard=True, concluded_on__lte=as_of)
                .order_by("-concluded_on", "-pk")
                .only("person_id", "concluded_on"),
                to_attr="positive_conclusions",
            )
        )
    sex = dict(Sex.choices)
    category = dict(StaffCategory.choices)
    rows: list[list[Any]] = []
    seen: list[int] = []
    for person in people:
        current = person.current_assignments[0] if person.current_assignments else None
        language = person.language_list[0] if person.language_list else None
        rows.append(
            [
                person.full_name,
                person.birth_date.year if person.birth_year_only else person.birth_date,
                str(sex[person.sex]),
                catalogues.ETHNIC_GROUPS.label(person.ethnicity) if sensitive else "",
                catalogues.RELIGIONS.label(person.religion) if sensitive else "",
                (person.cccd or "") if sensitive else "",
                person.unit.code,
                str(category[person.staff_category]),
                current.post.name if current and current.post else "",
                current.valid_from if current and current.post else None,
                catalogues.LANGUAGES.label(language.language) if language else "",
                f"Bậc {language.level}" if language and language.level else None,
                catalogues.POLITICAL_THEORY.label(person.political_theory) if person.political_theory else "",
                catalogues.QUALIFICATIONS.label(person.qualification) if person.qualification else "",
                unit_start(person.main_history, current) if current else None,
                _latest_positive(person) if sensitive else None,
                (current.decision_number or "") if current and current.post else "",
            ]
        )
        seen.append(person.pk)
    return rows, seen


def _latest_positive(person: Any) -> dt.date | None:
    """The date of the latest conclusion that the person meets the political standard (prefetched)."""
    found = getattr(person, "positive_conclusions", None)
    return found[0].concluded_on if found else None


def unit_start(history: list[Assignment], current: Assignment) -> dt.date:
    """ "Ngày vào đơn vị": the first day of the unbroken stay in the current assignment's unit (its main
    assignments there back to back, by date), so that a file loaded into an empty registry starts
    each person in their unit when they came, not on the roster's date."""
    start = current.valid_from
    for a in reversed([a for a in history if a.valid_from < current.valid_from]):
        if a.unit_id != current.unit_id or a.valid_to != start:
            break
        start = a.valid_from
    return start


def people_export_xlsx(*, user: Any, f: PeopleFilter | None = None) -> tuple[bytes, list[int]]:
    """The export file and the ids of the people in it (the caller records the export)."""
    rows, ids = export_rows(user=user, f=f)
    return people_to_excel(rows), ids


def template_xlsx(*, units: list[tuple[str, str]] | None = None) -> bytes:
    """The import template (people.io.template): help, drop-down lists, the unit codes given."""
    from canbo.people.io.template import template_workbook

    return template_workbook(units or [])


def import_errors_xlsx(errors: list[Any], names: dict[str, str]) -> bytes:
    """A refused import's errors as Excel, each with the person its row names."""
    from canbo.core.excel import write_workbook

    rows = [
        (e.sheet, e.row, names.get(str(e.row), "") if e.row is not None else "", e.column, e.message)
        for e in errors
    ]
    return write_workbook([("Lỗi", ["Trang", "Dòng", "Họ và tên", "Cột", "Lỗi"], rows)])


def access_lines_xlsx(lines: list[Any]) -> bytes:
    """An incident report (people.selectors.access_incident) as Excel."""
    from django.utils import timezone

    from canbo.core.excel import write_workbook

    headers = [
        "Thời điểm",
        "Tài khoản",
        "Địa chỉ IP",
        "Thao tác",
        "Mã hồ sơ",
        "Họ và tên",
        "Đơn vị",
        "Nội dung",
        "Lý do",
    ]
    rows = [
        [f"{timezone.localtime(x.at):%d/%m/%Y %H:%M:%S}", x.actor, x.ip_address, x.where, x.person_id,
         x.person_name, x.unit_code, x.detail, x.reason]
        for x in lines
    ]  # fmt: skip
    return write_workbook([("Truy cập dữ liệu cá nhân", headers, rows)])
