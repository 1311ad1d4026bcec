"""/quyet-dinh/tham-dinh/: the appointment checker. Choose a person (in the user's scope), a post, a
unit, a kind and the reference date; see the verdict with every condition, its evidence and the text
applied; download the Phiếu thẩm định (Word). Thin: parse the address, call decisions.selectors."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from canbo.core.dates import as_of_or_today
from canbo.core.errors import InputRejected, NotAllowed
from canbo.decisions.checker import KIND_LABELS
from canbo.decisions.selectors import PERSONNEL_ONLY, checker_allowed, people_found, verdict_for
from canbo.decisions.word import verdict_docx
from canbo.org.selectors import org_tree
from canbo.people.selectors import person_get, post_choices

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


@login_required
@require_GET
def checker(request: HttpRequest) -> HttpResponse:
    if not checker_allowed(request.user):
        raise NotAllowed(PERSONNEL_ONLY)
    get = request.GET
    on, date_error = as_of_or_today(get.get("ngay", ""))
    person_id, post_id, unit_id = _int(get.get("nguoi")), _int(get.get("chuc_vu")), _int(get.get("don_vi"))
    kind = get.get("hinh_thuc", "") if get.get("hinh_thuc", "") in KIND_LABELS else "higher"
    person = person_get(user=request.user, pk=person_id) if person_id else None
    verdict, errors = None, []
    if person is not None and post_id is not None:
        try:
            verdict = verdict_for(
                user=request.user, person_id=person.pk, post_id=post_id, unit_id=unit_id, kind=kind, on=on
            )
        except InputRejected as refusal:
            errors = [e.message for e in refusal.errors]
    if verdict is not None and get.get("dinh_dang") == "docx":
        response = HttpResponse(verdict_docx(verdict), content_type=DOCX)
        response["Content-Disposition"] = (
            f'attachment; filename="phieu-tham-dinh-{person_id}-{on:%Y%m%d}.docx"'
        )
        return response
    search = get.get("tim", "").strip()
    context: dict[str, Any] = {
        "on": on,
        "date_error": date_error,
        "person": person,
        "found": people_found(user=request.user, q=search) if search and person is None else [],
        "search": search,
        "post_id": post_id,
        "unit_id": unit_id or (person.unit_id if person else None),
        "kind": kind,
        "kinds": list(KIND_LABELS.items()),
        "posts": post_choices(),
        "units": [
            (n.version.unit_id, "\u00a0\u00a0" * n.depth + n.version.name)
            for n in org_tree(user=request.user, as_of=on)
        ],
        "verdict": verdict,
        "errors": errors,
        "query": get.urlencode(),
    }
    return render(request, "decisions/checker.html", context)
