"""The planning pool's pages: /quy-hoach/ (the pools with their filters in the address, counts against
the limit, the structure against its targets, paging, "Xuất Excel") and one page per pool (members,
proposals, reviews, exits and the exits the system proposes, with the forms of the roles that may act).
Thin: parse input, call one selector or service, render. A refusal of a form is shown beside it, with
each rule's text (htmx), or as a message on the pool's page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.scope import is_home_affairs
from canbo.core.dates import as_of_or_today, format_date, today
from canbo.core.errors import ApplicationError, OutOfScope
from canbo.core.http import acted, form_refusal, refused
from canbo.org.models import Unit
from canbo.org.selectors import org_tree
from canbo.people.models import Person, Post
from canbo.people.services import sensitive_access_record
from canbo.planning.choices import ExitReason, ProposalKind
from canbo.planning.export import pools_xlsx
from canbo.planning.forms import CloseForm, DecideForm, ExitForm, PoolFilterForm, ProposeForm, ReviewForm
from canbo.planning.selectors import (
    TERMS,
    can_change_pools,
    membership_get,
    pool_candidates,
    pool_detail,
    pools_list,
    proposal_get,
)
from canbo.planning.services import (
    pool_exit,
    pool_exit_dismiss,
    pool_review_record,
    proposal_appointment_create,
    proposal_approve,
    proposal_entry_create,
    proposal_reject,
    proposal_withdraw,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _term(text: str) -> tuple[int, int] | None:
    parts = (text or "").split("-")
    if len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        return int(parts[0]), int(parts[1])
    return None


def _leadership_posts() -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in Post.objects.exclude(level="none").order_by("order", "name")]


@login_required
@require_GET
def pool_list(request: HttpRequest) -> HttpResponse:
    as_of, date_error = as_of_or_today(request.GET.get("ngay", ""))
    units = [
        (n.version.unit_id, ("\u00a0\u00a0" * n.depth) + n.version.name)
        for n in org_tree(user=request.user, as_of=as_of)
    ]
    terms = [(f"{a}-{b}", f"{a}–{b}") for a, b in TERMS]
    form = PoolFilterForm(request.GET or None, units=units, terms=terms, posts=_leadership_posts())
    unit_id = term = post_id = None
    page_number, due_only = 1, False
    if form.is_bound and form.is_valid():
        unit_id = form.cleaned_data["don_vi"]
        term = _term(form.cleaned_data["nhiem_ky"])
        post_id = form.cleaned_data["chuc_vu"]
        page_number = form.cleaned_data["trang"] or 1
        due_only = form.cleaned_data["den_han"]
    view = pools_list(user=request.user, as_of=as_of, unit_id=unit_id, term=term, post_id=post_id)
    if due_only:  # the table and the file; the structure above stays that of every pool shown by the filters
        view.pools = [p for p in view.pools if p.review_due is not None and p.review_due <= as_of]
    if request.GET.get("dinh_dang") == "xlsx":
        response = HttpResponse(pools_xlsx(view), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="quy-hoach-{as_of:%Y%m%d}.xlsx"'
        return response
    page = Paginator(view.pools, PAGE_SIZE).get_page(page_number)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("dinh_dang", None)
    context = {
        "form": form,
        "view": view,
        "page": page,
        "as_of": as_of,
        "date_error": date_error,
        "query": query.urlencode(),
    }
    return render(request, "planning/list.html", context)


def _pool_url(unit_id: int, post_id: int, term_from: int, term_to: int) -> str:
    return reverse("planning:pool", args=[unit_id, post_id, term_from, term_to])


def _pool_context(
    request: HttpRequest, unit_id: int, post_id: int, term_from: int, term_to: int
) -> dict[str, Any]:
    as_of, date_error = as_of_or_today(request.GET.get("ngay", ""))
    detail = pool_detail(
        user=request.user, unit_id=unit_id, post_id=post_id, term_from=term_from, term_to=term_to, as_of=as_of
    )
    sensitive = detail.pool is not None and _sensitive(request, detail.pool)
    can_change = can_change_pools(request.user)
    people = pool_candidates(user=request.user, unit_id=unit_id, as_of=as_of) if can_change else []
    return {
        "detail": detail,
        "pool": detail.pool,
        "as_of": as_of,
        "date_error": date_error,
        "sensitive": sensitive,
        "can_change": can_change,
        "records_decisions": can_change and is_home_affairs(request.user),
        "candidates": people,
        "exit_reasons": ExitReason.choices,
        "today": format_date(today()),
        "pool_url": _pool_url(unit_id, post_id, term_from, term_to),
    }


def _sensitive(request: HttpRequest, pool: Any) -> bool:
    """Whether the page marks the ethnic-minority members (the roles doing personnel work); the read is
    recorded as an access to those people's data."""
    from canbo.people.selectors import can_see_sensitive

    if not can_see_sensitive(request.user) or not pool.members:
        return False
    sensitive_access_record(
        actor=request.user,
        where="page",
        people=[m.person.pk for m in pool.members],
        detail=f"Quy hoạch {pool.post.name}, {pool.unit_name}, nhiệm kỳ {pool.term_from}–{pool.term_to}",
    )
    return True


@login_required
@require_GET
def candidates(
    request: HttpRequest, unit_id: int, post_id: int, term_from: int, term_to: int
) -> HttpResponse:
    """The options of the person field, for what was typed (htmx)."""
    people = pool_candidates(
        user=request.user, unit_id=unit_id, as_of=today(), query=request.GET.get("tim", "")[:100]
    )
    return render(request, "planning/_candidates.html", {"people": people})


@login_required
@require_GET
def pool_page(request: HttpRequest, unit_id: int, post_id: int, term_from: int, term_to: int) -> HttpResponse:
    return render(request, "planning/pool.html", _pool_context(request, unit_id, post_id, term_from, term_to))


# --- actions ----------------------------------------------------------------------------------------


def _scoped_unit(request: HttpRequest, unit_id: int) -> Unit:
    found = Unit.objects.restrict(request.user, "view").filter(pk=unit_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


def _person(request: HttpRequest, pk: int) -> Person:
    found = Person.objects.restrict(request.user, "view").filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise OutOfScope()
    return found  # type: ignore[no-any-return]


@login_required
@require_POST
def propose(request: HttpRequest, unit_id: int, post_id: int, term_from: int, term_to: int) -> HttpResponse:
    """Propose a person for the pool (kind dua_vao) or record an appointment proposal (prefix bn)."""
    back = _pool_url(unit_id, post_id, term_from, term_to)
    appointment = request.POST.get("loai") == ProposalKind.APPOINTMENT
    try:
        unit = _scoped_unit(request, unit_id)
        post = Post.objects.filter(pk=post_id).first()
        if post is None:
            raise OutOfScope()
        chosen = [(int(request.POST["nguoi"]), "")] if request.POST.get("nguoi", "").isdigit() else []
        form = ProposeForm(request.POST, people=chosen)
        if not form.is_valid():
            raise form_refusal(form)
        person = _person(request, form.cleaned_data["nguoi"])
        data = form.cleaned_data
        if appointment:
            proposal_appointment_create(
                actor=request.user,
                person=person,
                post=post,
                unit=unit,
                on=data["ngay"],
                note=data["noi_dung"],
            )
            return acted(request, f"Đã ghi đề xuất bổ nhiệm {person.full_name}.", back)
        proposal_entry_create(
            actor=request.user,
            person=person,
            post=post,
            unit=unit,
            term_from=term_from,
            term_to=term_to,
            on=data["ngay"],
            note=data["noi_dung"],
        )
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Đã ghi đề xuất đưa {person.full_name} vào quy hoạch.", back)


def _proposal_back(proposal: Any) -> str:
    term_from = proposal.term_from or today().year
    term_to = proposal.term_to or term_from + 5
    return _pool_url(proposal.unit_id, proposal.post_id, term_from, term_to)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """phe-duyet (with the decision), khong-phe-duyet (with the reason), rut (withdraw)."""
    proposal = proposal_get(user=request.user, pk=pk)
    back = request.POST.get("tro_ve", "") or _proposal_back(proposal)
    if not back.startswith("/quy-hoach/"):
        back = _proposal_back(proposal)
    try:
        if action == "phe-duyet":
            form: Any = DecideForm(request.POST)
            if not form.is_valid():
                raise form_refusal(form)
            d = form.cleaned_data
            proposal_approve(
                actor=request.user,
                proposal=proposal,
                decision_number=d["so_quyet_dinh"],
                decided_on=d["ngay"],
                issuer=d["co_quan"],
                note=d["y_kien"],
            )
            done = f"Đã ghi phê duyệt: {proposal.person.full_name}."
        else:
            form = CloseForm(request.POST)
            if not form.is_valid():
                raise form_refusal(form)
            d = form.cleaned_data
            if action == "khong-phe-duyet":
                proposal_reject(actor=request.user, proposal=proposal, on=d["ngay"], note=d["ly_do"])
                done = f"Đã ghi không phê duyệt: {proposal.person.full_name}."
            else:
                proposal_withdraw(actor=request.user, proposal=proposal, on=d["ngay"], note=d["ly_do"])
                done = f"Đã rút đề xuất: {proposal.person.full_name}."
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, done, back)


@login_required
@require_POST
def review(request: HttpRequest, unit_id: int, post_id: int, term_from: int, term_to: int) -> HttpResponse:
    back = _pool_url(unit_id, post_id, term_from, term_to)
    try:
        unit = _scoped_unit(request, unit_id)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise form_refusal(form)
        d = form.cleaned_data
        pool_review_record(
            actor=request.user,
            unit=unit,
            post=None if d["moi_chuc_danh"] else Post.objects.filter(pk=post_id).first(),
            term_from=term_from,
            term_to=term_to,
            reviewed_on=d["ngay"],
            decision_number=d["so_van_ban"],
            note=d["ket_qua"],
        )
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, "Đã ghi kết quả rà soát.", back)


@login_required
@require_POST
def member_exit(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """dua-ra: take the member out (confirming a proposal of the same case); giu-lai: keep them."""
    membership = membership_get(user=request.user, pk=pk)
    back = _pool_url(membership.unit_id, membership.post_id, membership.term_from, membership.term_to)
    try:
        form = ExitForm(request.POST)
        if not form.is_valid():
            raise form_refusal(form)
        d = form.cleaned_data
        if action == "giu-lai":
            pool_exit_dismiss(
                actor=request.user,
                membership=membership,
                reason=d["ly_do"],
                source=d["nguon"],
                detail=d["can_cu"],
                on=d["ngay"],
                note=d["ghi_chu"],
            )
            done = f"Đã ghi giữ lại {membership.person.full_name} trong quy hoạch."
        else:
            pool_exit(
                actor=request.user,
                membership=membership,
                reason=d["ly_do"],
                source=d["nguon"],
                detail=d["can_cu"],
                on=d["ngay"],
                decision_number=d["so_quyet_dinh"],
                note=d["ghi_chu"],
            )
            done = f"Đã đưa {membership.person.full_name} ra khỏi quy hoạch."
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, done, back)
