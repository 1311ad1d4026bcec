"""The home page ("Tổng quan"): each role's first question (issue 13.8).

- Sở Nội vụ (and the administrator): overdue and due soon by agency, the reports waiting, the
  targets at a glance;
- a focal officer: the agency's to-do list (overdue, due soon, returned for completion, answered,
  the notifications);
- a leader: a one-page briefing — the key figures with their change since last month and since the
  same day a year ago, the agencies late, what changed in the plan's work since last month — printable
  through the browser (print CSS in the template); and, on asking (`?xem=lanh-dao-duoi-40`), the names
  and posts of the leaders under 40 behind the figure: names and posts only, no CCCD, ethnicity,
  religion or political data (people.selectors.holders_on reads no sensitive field).

Thin: each part is a selector of plans, indicators or people; this module only puts them together."""

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from canbo.accounts.choices import Role
from canbo.accounts.scope import is_home_affairs, user_has_role
from canbo.accounts.selectors import user_roles
from canbo.core.dates import today
from canbo.org.models import Unit
from canbo.org.selectors import org_tree, unit_names
from canbo.plans.choices import Status
from canbo.plans.selectors import agency_todo, occurrence_rows
from canbo.plans.selectors import dashboard as plan_dashboard

UNDER_40 = "lanh-dao-duoi-40"

# The key figures of the briefing: (key in the province's figures, label, is a share).
KEY_FIGURES = [
    ("headcount", "Cán bộ, công chức, viên chức, người lao động", False),
    ("leaders", "Lãnh đạo cấp sở và tương đương", False),
    ("leaders_under_40", "Lãnh đạo dưới 40 tuổi", False),
    ("share_under_40", "Tỷ lệ lãnh đạo dưới 40 tuổi", True),
    ("women_share", "Tỷ lệ nữ (cán bộ, công chức)", True),
    ("international_share", "Tỷ lệ làm việc được trong môi trường quốc tế", True),
]


def _month_before(day: dt.date) -> dt.date:
    """The same day a month earlier (the month's last day when it has no such day)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _province(user: Any, as_of: dt.date) -> dict[str, Any]:
    from canbo.indicators.engine.measure import percent
    from canbo.indicators.selectors import indicators_on

    province = indicators_on(user=user, as_of=as_of)["province"]
    figures: dict[str, Any] = dict(province)
    figures["women_share"] = percent(province["women_staff"], province["staff_counted_for_women"])
    return figures


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier ("cùng kỳ năm trước"; 28/02 for a 29/02)."""
    return (
        day.replace(year=day.year - 1, day=28)
        if (day.month, day.day) == (2, 29)
        else day.replace(year=day.year - 1)
    )


def _change(value: Any, was: Any) -> float | None:
    return None if value is None or was is None else round(value - was, 1)


def _key_figures(now: dict[str, Any], month: dict[str, Any], year: dict[str, Any]) -> list[dict[str, Any]]:
    """Each key figure today, with its change since a month ago and since the same day a year ago."""
    return [
        {
            "key": key,
            "label": label,
            "share": share,
            "now": now.get(key),
            "since_month": _change(now.get(key), month.get(key)),
            "since_year": _change(now.get(key), year.get(key)),
        }
        for key, label, share in KEY_FIGURES
    ]


def _plan_changes(user: Any, as_of: dt.date) -> dict[str, Any]:
    """The plan's work today and a month ago: counts by status, and the agencies late today."""
    now = plan_dashboard(user=user, as_of=as_of)
    was = Counter(row.status for row in occurrence_rows(user=user, as_of=_month_before(as_of)))
    late = sorted(
        (line for line in now.by_agency if line.counts[Status.OVERDUE]),
        key=lambda line: (-line.counts[Status.OVERDUE], line.name),
    )
    return {
        "by_status": [(status, count, count - was.get(status, 0)) for status, count in now.by_status],
        "late": late,
        "pending": now.pending_count,
        "month_before": _month_before(as_of),
    }


def _under_40_names(user: Any, as_of: dt.date) -> list[dict[str, str]]:
    """The leaders under 40 behind the briefing's figure, within the user's scope: name, post, agency
    (indicators' own predicate, so the list is the figure; only these three fields are read)."""
    from canbo.indicators.engine.measure import people_behind
    from canbo.indicators.selectors import engine_settings, indicator_tables
    from canbo.people.selectors import holders_on

    _agencies, staff, leaders = indicator_tables(user=user, as_of=as_of)
    ids = set(people_behind(staff, leaders, None, "leaders_under_40", as_of, engine_settings(as_of)))
    holders = list(
        holders_on(user=user, as_of=as_of, leaders_only=True)
        .filter(person_id__in=ids)
        .only("person__full_name", "person__sort_key", "post__name", "post__order", "unit__code")
    )
    names = unit_names(units=list(Unit.objects.filter(pk__in={h.unit_id for h in holders})), as_of=as_of)
    return [
        {"name": h.person.full_name, "post": h.post.name if h.post else "", "unit": names.get(h.unit_id, "")}
        for h in holders
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    as_of = today()
    context: dict[str, Any] = {"today": as_of, "roles": user_roles(user=user)}
    if is_home_affairs(user):
        data = plan_dashboard(user=user, as_of=as_of)
        soon: Counter[int] = Counter(r.responsible.pk for r in data.due_soon if r.responsible)
        lines = [line for line in data.by_agency if line.counts[Status.OVERDUE] or soon[line.unit.pk]]
        lines.sort(key=lambda line: (-line.counts[Status.OVERDUE], -soon[line.unit.pk], line.name))
        agencies = [
            {"line": line, "overdue": line.counts[Status.OVERDUE], "due_soon": soon[line.unit.pk]}
            for line in lines
        ]
        context["office"] = {"data": data, "agencies": agencies, "targets": _province(user, as_of)}
    elif user_has_role(user, Role.FOCAL):
        context["todo"] = agency_todo(user=user, as_of=as_of)
    elif user_has_role(user, Role.LEADER):
        now = _province(user, as_of)
        context["briefing"] = {
            "figures": _key_figures(
                now, _province(user, _month_before(as_of)), _province(user, _year_before(as_of))
            ),
            "year_before": _year_before(as_of),
            "plan": _plan_changes(user, as_of),
            "targets": now["targets"],
        }
        if request.GET.get("xem") == UNDER_40:
            context["under_40"] = _under_40_names(user, as_of)
    else:
        nodes = org_tree(user=user, as_of=as_of)
        by_kind: Counter[str] = Counter(str(node.version.get_kind_display()) for node in nodes)
        context["unit_count"], context["by_kind"] = len(nodes), dict(by_kind)
    return render(request, "canbo/home.html", context)
