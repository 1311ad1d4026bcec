"""/quyet-dinh/phan-anh/<person>/: information received about a cadre (plan II.5) — the list, a new
one, a conclusion. Personnel-work roles only; each visit is recorded in the access log. Thin: parse,
call decisions.services, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from canbo.accounts.choices import Role
from canbo.core.dates import parse_date, today
from canbo.core.errors import InputRejected, NotFound, RowError
from canbo.decisions.services import (
    information_report_conclude,
    information_report_create,
    information_reports_read,
)
from canbo.people.selectors import person_get


def _verifiers() -> list[Any]:
    """The accounts that do personnel work (who may verify)."""
    roles = [Role.ADMIN, Role.HOME_AFFAIRS, Role.FOCAL]
    return list(
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=roles)
        .distinct()
        .order_by("username")
    )


def _date(raw: str, field: str, column: str) -> Any:
    try:
        return parse_date(raw, field=column)
    except ValidationError as exc:
        raise InputRejected([RowError(exc.messages[0], field=field, column=column)]) from None


@login_required
@require_http_methods(["GET", "POST"])
def information(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    form = {"source": "", "received_on": "", "content": "", "verifier": ""}
    errors: list[str] = []
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("bao_cao"):
                reports = {r.pk: r for r in information_reports_read(actor=request.user, person=person)}
                report = reports.get(int(post["bao_cao"])) if post["bao_cao"].isdigit() else None
                if report is None:
                    raise NotFound("Không có thông tin phản ánh này.")
                information_report_conclude(
                    actor=request.user, report=report, conclusion=post.get("conclusion", ""),
                    concluded_on=_date(post.get("concluded_on", ""), "concluded_on", "Ngày kết luận"),
                )  # fmt: skip
                messages.success(request, "Đã ghi kết luận.")
            else:
                form = {name: post.get(name, "").strip() for name in form}
                verifier = next((u for u in _verifiers() if str(u.pk) == form["verifier"]), None)
                information_report_create(
                    actor=request.user, person=person, source=form["source"], content=form["content"],
                    received_on=_date(form["received_on"], "received_on", "Ngày nhận"), verifier=verifier,
                )  # fmt: skip
                messages.success(request, "Đã ghi thông tin phản ánh.")
            return redirect("decisions:information", person_id=person.pk)
        except InputRejected as refusal:
            errors = [str(e) for e in refusal.errors]
    context = {
        "person": person,
        "reports": information_reports_read(actor=request.user, person=person),
        "verifiers": _verifiers(),
        "form": form,
        "errors": errors,
        "today": today(),
    }
    return render(request, "decisions/information.html", context, status=422 if errors else 200)
