"""GET /api/decisions/lists/{name}: a list of decisions.lists on a date, within the caller's scope, in
pages. Names, posts and dates only — never a CCCD or a sensitive field."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from canbo.core.entry import api_date
from canbo.decisions.lists import LISTS, DueFilter, due_list

router = Router()

MAX_PAGE_SIZE = 500


class DueRowOut(Schema):
    person_id: int | None
    name: str
    sex: str
    birth_date: dt.date | None
    birth_year_only: bool
    unit_id: int | None
    unit_name: str
    post_name: str
    start: dt.date | None
    due: dt.date | None
    notice: dt.date | None
    months_left: int | None
    detail: str
    action: str
    cite: str


class DuePage(Schema):
    name: str
    title: str
    as_of: dt.date
    months: int | None
    rules: list[str]
    count: int
    page: int
    pages: int
    page_size: int
    results: list[DueRowOut]


@router.get(
    "/lists/{name}",
    response=DuePage,
    summary="Danh sách đến hạn vào một ngày (nghỉ hưu, hết thời hạn giữ chức vụ, …)",
)
def due(
    request: HttpRequest,
    name: str,
    as_of: str | None = None,
    months: int | None = Query(None, ge=0, le=240),
    unit_id: int | None = Query(None, ge=1, le=2**62),
    sex: str = Query("", max_length=3),
    order: str = Query("", max_length=30),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, object]:
    """`name`: retiring, term-ending, not-old-enough, rotation-due, replacement, pool-review. `as_of`
    dd/mm/yyyy or yyyy-mm-dd (default today); `months` the window (default per list)."""
    result = due_list(
        user=request.user,
        name=name,
        as_of=api_date(as_of),
        months=months,
        filters=DueFilter(unit_id=unit_id, sex=sex, order=order),
    )
    paged = Paginator(result.rows, page_size).get_page(page)
    return {
        "name": name,
        "title": LISTS[name].title,
        "as_of": result.as_of,
        "months": result.months,
        "rules": result.rule_lines,
        "count": paged.paginator.count,
        "page": paged.number,
        "pages": paged.paginator.num_pages,
        "page_size": page_size,
        "results": list(paged),
    }
