"""/quyet-dinh/quy-tac/: every rule setting with its versions, and one page per setting where Sở Nội vụ
adds a version from a date with a reason. Thin: parse, call decisions.selectors or services, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from canbo.accounts.scope import is_home_affairs
from canbo.core.dates import as_of_or_today, parse_date, today
from canbo.core.errors import InputRejected, RowError
from canbo.decisions.rulesets import rule_definitions
from canbo.decisions.selectors import rule_rows, value_input, value_text
from canbo.decisions.services import parse_rule_value, rule_setting_change


def _shown(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "current_text": value_text(row.current.value) if row.current else "",
            "versions": [{"v": v, "text": value_text(v.value)} for v in row.versions],
        }
        for row in rows
    ]


@login_required
@require_http_methods(["GET"])
def rules(request: HttpRequest) -> HttpResponse:
    as_of, date_error = as_of_or_today(request.GET.get("ngay", ""))
    context = {"as_of": as_of, "date_error": date_error, "rows": _shown(rule_rows(as_of=as_of))}
    return render(request, "decisions/rules.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rule(request: HttpRequest, key: str) -> HttpResponse:
    if key not in rule_definitions():
        raise Http404("Không có quy tắc này.")
    can_change = is_home_affairs(request.user)
    errors: dict[str, str] = {}
    form = {"value": "", "effective_from": "", "reason": "", "text": "", "article": "", "source_url": ""}
    row = next(r for r in rule_rows(as_of=today()) if r.key == key)
    latest = row.versions[-1] if row.versions else None
    if latest is not None:
        form["value"] = value_input(latest.value)
    if request.method == "POST" and can_change:
        form = {name: request.POST.get(name, "").strip() for name in form}
        try:
            saved = _change(request, key, form, latest.value if latest else None)
        except InputRejected as refusal:
            errors = {e.field or "form": e.message for e in refusal.errors}
        else:
            messages.success(request, f"Đã thêm phiên bản áp dụng từ {saved.effective_from:%d/%m/%Y}.")
            return redirect("decisions:rule", key=key)
    context = {
        "row": row,
        "versions": [{"v": v, "text": value_text(v.value)} for v in reversed(row.versions)],
        "current_text": value_text(row.current.value) if row.current else "",
        "can_change": can_change,
        "form": form,
        "errors": errors,
        "retroactive": request.POST.get("retroactive") == "1",
        "hint": _hint(latest.value if latest else None),
    }
    return render(request, "decisions/rule.html", context, status=422 if errors else 200)


def _hint(like: Any) -> str:
    """How to write a value of this kind in the form."""
    if isinstance(like, bool):
        return "Ghi “có” hoặc “không”."
    if isinstance(like, float):
        return "Một số thập phân, ví dụ 0,15 cho 15 %."
    if isinstance(like, dict):
        return "Một bảng JSON, cùng các mã như phiên bản đang áp dụng: " + value_text(
            {key: key for key in like}
        ).replace(": ", " = ")
    if isinstance(like, str):
        return "Một ngày dd/mm/yyyy."
    return "Một số nguyên."


def _change(request: HttpRequest, key: str, form: dict[str, str], like: Any) -> Any:
    problems = []
    try:
        value = parse_rule_value(form["value"], like)
    except ValueError as exc:
        problems.append(RowError(str(exc), field="value", column="Giá trị"))
    try:
        effective_from = parse_date(form["effective_from"], field="Áp dụng từ ngày")
    except ValidationError as exc:
        problems.append(RowError(exc.messages[0], field="effective_from", column="Áp dụng từ ngày"))
    if problems:
        raise InputRejected(problems)
    return rule_setting_change(
        actor=request.user,
        key=key,
        value=value,
        effective_from=effective_from,
        reason=form["reason"],
        text=form["text"],
        article=form["article"],
        source_url=form["source_url"],
        retroactive=request.POST.get("retroactive") == "1",
    )
