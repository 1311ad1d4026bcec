"""The recruitment pages (issue 16.5): /tuyen-dung/ (the recruitments in the user's scope, a new one) and
one recruitment with its steps — the plan's lines, the notice, the applications, the scores, the ranking
per line with a tie left to the head, the result notice, the appointment — and its files (the two Word
notices, the scores sheet to fill in, the results in Excel).

Thin: parse input, call one selector or service, answer (acted/refused: a message on the page, or beside
an htmx form). Every read is scoped to the user."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from canbo.accounts.scope import user_can
from canbo.core.dates import today
from canbo.core.errors import ApplicationError, InputRejected, RowError
from canbo.core.files import read_upload
from canbo.core.http import act as _act
from canbo.core.http import acted, refused
from canbo.core.http import attachment as _download
from canbo.core.http import form_cleaned as _valid
from canbo.core.scoping import get_scoped_or_404, visible_unit_ids
from canbo.core.text import fold
from canbo.org.models import Unit
from canbo.org.selectors import agencies_as_of, unit_names
from canbo.people.models import Person, Post
from canbo.positions.models import JobPosition
from canbo.positions.selectors import positions_on
from canbo.recruitment import documents, rules, services, workbook
from canbo.recruitment.choices import STEPS, Method, Status
from canbo.recruitment.forms import (
    AppointForm,
    CandidateForm,
    CreateForm,
    ImportForm,
    LineForm,
    NoticeForm,
    ResultForm,
    ScoreForm,
    TieForm,
)
from canbo.recruitment.models import Candidate, Line, Recruitment
from canbo.recruitment.selectors import candidate_label, recruitment_get, recruitment_view, recruitments

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(recruitment: Recruitment | int) -> str:
    pk = recruitment if isinstance(recruitment, int) else recruitment.pk
    return reverse("recruitment:detail", args=[pk])


def _agencies(user: Any) -> list[tuple[int, str]]:
    if not user_can(user, "change"):
        return []
    scope = visible_unit_ids(user, "change")
    units = [u for u in agencies_as_of(as_of=today()) if scope is None or u.pk in scope]
    names = unit_names(units=units, as_of=today())
    return sorted(((u.pk, names.get(u.pk, u.code)) for u in units), key=lambda r: fold(r[1]))


def _changeable(request: HttpRequest, pk: int) -> Recruitment:
    return recruitment_get(user=request.user, pk=pk, action="change")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("nam", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    found = list(recruitments(user=request.user, year=year))
    names = unit_names(units=[r.unit for r in found], as_of=today())  # a name, not the code
    context = {
        "recruitments": [(r, names.get(r.unit_id, r.unit.code)) for r in found],
        "year": year,
        "agencies": _agencies(request.user),
        "methods": Method.choices,
        "this_year": today().year,
    }
    return render(request, "recruitment/index.html", context)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    back = reverse("recruitment:index")
    try:
        data = _valid(CreateForm(request.POST, agencies=_agencies(request.user)))
        unit = get_scoped_or_404(Unit, request.user, data["co_quan"], "change")
        recruitment = services.recruitment_create(
            actor=request.user, unit=unit, year=data["nam"], title=data["ten"], method=data["hinh_thuc"]
        )
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, f"Đã lập kỳ tuyển dụng “{recruitment.title}”.", _url(recruitment))


def _positions(recruitment: Recruitment, user: Any) -> list[tuple[int, str]]:
    day = recruitment.published_on or today()
    return [
        (p.pk, f"{p.code} – {p.name} ({p.rank_name or 'chưa ghi ngạch'})")
        for p in positions_on(user=user, unit=recruitment.unit, on=day)
    ]


def _posts() -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in Post.objects.exclude(level="none").order_by("order")]


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = recruitment_get(user=request.user, pk=pk)
    view = recruitment_view(user=request.user, recruitment=recruitment)
    can_change = user_can(request.user, "change") and (
        (scope := visible_unit_ids(request.user, "change")) is None or recruitment.unit_id in scope
    )
    step = STEPS.index(recruitment.status)
    context = {
        "r": recruitment,
        "view": view,
        "can_change": can_change,
        "steps": [(label, n < step, n == step) for n, (_code, label) in enumerate(Status.choices)],
        "status": Status,
        "positions": _positions(recruitment, request.user)
        if can_change and recruitment.status == Status.DRAFT
        else [],
        "posts": _posts() if recruitment.method == Method.LEADERSHIP else [],
        "leadership": recruitment.method == Method.LEADERSHIP,
        "notice_form": NoticeForm(
            initial={
                "so": recruitment.notice_number,
                "ngay": recruitment.published_on or today(),
                "tu_ngay": recruitment.applications_from,
                "den_ngay": recruitment.applications_to,
                "noi_nop": recruitment.submit_place,
                "vong_1": recruitment.round_1_on,
                "vong_2": recruitment.round_2_on,
                "phi": recruitment.fee,
                "noi_dung": recruitment.content,
            }
        ),
        "candidate_form": CandidateForm(lines=[(v.line.pk, v.line.position.name) for v in view.lines]),
        "priority_choices": [(c.code, c.label, rules.vn(c.points)) for c in rules.PRIORITY_CATEGORIES],
        "scoring": recruitment.status in services.SCORING,
        "today": today(),
    }
    return render(request, "recruitment/detail.html", context)


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        data = _valid(LineForm(request.POST, positions=_positions(recruitment, request.user), posts=_posts()))
        position = get_scoped_or_404(JobPosition, request.user, data["vi_tri"], "change")
        post = Post.objects.filter(pk=data["chuc_vu"]).first() if data["chuc_vu"] else None
        line = services.line_add(
            actor=request.user,
            recruitment=recruitment,
            position=position,
            quota=data["chi_tieu"],
            conditions=data["dieu_kien"],
            min_qualification=data["trinh_do"],
            written_part=data["viet"],
            post=post,
        )
        return f"Đã thêm vị trí “{line.position.name}” ({line.quota} chỉ tiêu)."

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        d = _valid(NoticeForm(request.POST))
        services.notice_publish(
            actor=request.user,
            recruitment=recruitment,
            notice_number=d["so"],
            published_on=d["ngay"],
            applications_from=d["tu_ngay"],
            applications_to=d["den_ngay"],
            submit_place=d["noi_nop"],
            round_1_on=d["vong_1"],
            round_2_on=d["vong_2"],
            fee=d["phi"],
            content=d["noi_dung"],
        )
        return "Đã đăng thông báo tuyển dụng; bắt đầu nhận hồ sơ."

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        lines = [(line.pk, line.position.name) for line in recruitment.lines.select_related("position")]  # type: ignore[attr-defined]
        d = _valid(CandidateForm(request.POST, lines=lines))
        line = Line.objects.get(pk=d["vi_tri"], recruitment=recruitment)
        data: dict[str, Any] = {
            "full_name": d["ho_ten"],
            "birth_date": d["ngay_sinh"],
            "sex": d["gioi_tinh"],
            "ethnicity": d["dan_toc"],
            "qualification": d["trinh_do"],
            "qualification_field": d["chuyen_nganh"],
            "priority": d["uu_tien"],
            "selection_case": d["xet_tuyen"],
        }
        if recruitment.method == Method.LEADERSHIP:
            if not d["can_bo"]:
                raise InputRejected(
                    [RowError("Thi tuyển lãnh đạo: chọn cán bộ trong hồ sơ.", field="can_bo")]
                )
            data = {"person": get_scoped_or_404(Person, request.user, d["can_bo"], "view")}
        (candidate,) = services.candidates_add(
            actor=request.user, recruitment=recruitment, rows=[(line, data)]
        )
        verdict = "đủ điều kiện" if candidate.eligible else "KHÔNG đủ điều kiện"
        return f"Đã nhận hồ sơ của {candidate.full_name} (số báo danh {candidate.number}): {verdict}."

    return _act(request, _url(recruitment), act)


def _import(
    request: HttpRequest, pk: int, read: Callable[..., Any], done: Callable[[Any], str]
) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        form = ImportForm(request.POST, request.FILES)
        data = _valid(form)
        return done(read(actor=request.user, recruitment=recruitment, data=read_upload(data["tep"])))

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def applications_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(
        request, pk, workbook.applications_import, lambda found: f"Đã nhận {len(found)} hồ sơ từ tệp."
    )


@login_required
@require_POST
def scores_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, pk, workbook.scores_import, lambda n: f"Đã ghi điểm của {n} thí sinh từ tệp.")


@login_required
@require_POST
def applications_close(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        services.applications_close(actor=request.user, recruitment=recruitment)
        return "Đã hết hạn nhận hồ sơ; điều kiện dự tuyển đã được kiểm tra lại."

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def round_1_close(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        services.round_1_close(actor=request.user, recruitment=recruitment)
        return "Đã chốt kết quả vòng 1."

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse:
    candidate: Candidate = get_scoped_or_404(Candidate, request.user, pk, "change")
    back = _url(candidate.line.recruitment_id)

    def act() -> str:
        d = _valid(ScoreForm(request.POST))
        values: dict[str, Any] = {}
        if candidate.line.has_round_1:
            values["round_1_correct"] = d["vong_1"]
        if "chuyen_mon" in request.POST:
            values["professional"] = d["chuyen_mon"]
        if candidate.line.written_part:
            values["written"] = d["viet"]
        services.score_record(actor=request.user, candidate=candidate, **values)
        return f"Đã ghi điểm của {candidate_label(candidate)}."

    return _act(request, back, act)


@login_required
@require_POST
def tie_decide(request: HttpRequest, pk: int) -> HttpResponse:
    line: Line = get_scoped_or_404(Line, request.user, pk, "change")
    back = _url(line.recruitment_id)

    def act() -> str:
        tied = [(c.pk, str(c)) for c in Candidate.objects.filter(line=line)]
        d = _valid(TieForm(request.POST, tied=tied))
        order = [int(v) for v in request.POST.getlist("nguoi_duoc_chon")]
        chosen = [Candidate.objects.get(pk=v, line=line) for v in order]
        services.tie_decide(
            actor=request.user,
            line=line,
            chosen=chosen,
            head_name=d["nguoi_dung_dau"],
            head_title=d["chuc_vu"],
            decision_number=d["so"],
            decided_on=d["ngay"],
            note=d["ly_do"],
        )
        return "Đã ghi quyết định của người đứng đầu: " + ", ".join(c.full_name for c in chosen) + "."

    return _act(request, back, act)


@login_required
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        d = _valid(ResultForm(request.POST))
        services.results_publish(actor=request.user, recruitment=recruitment, on=d["ngay"], number=d["so"])
        return "Đã thông báo kết quả tuyển dụng."

    return _act(request, _url(recruitment), act)


@login_required
@require_POST
def appoint(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = _changeable(request, pk)

    def act() -> str:
        d = _valid(AppointForm(request.POST))
        people = services.candidates_appoint(
            actor=request.user,
            recruitment=recruitment,
            on=d["ngay"],
            decision_number=d["so"],
            issuer=d["nguoi_ky"],
        )
        verb = "bổ nhiệm" if recruitment.method == Method.LEADERSHIP else "tuyển dụng"
        return (
            f"Đã {verb} {len(people)} người từ ngày {d['ngay']:%d/%m/%Y}: "
            + ", ".join(p.full_name for p in people)
            + "."
        )

    return _act(request, _url(recruitment), act)


@login_required
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = recruitment_get(user=request.user, pk=pk)
    view = recruitment_view(user=request.user, recruitment=recruitment)
    return _download(documents.notice_docx(view), f"thong-bao-tuyen-dung-{recruitment.year}.docx", DOCX)


@login_required
@require_GET
def result_docx(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = recruitment_get(user=request.user, pk=pk)
    view = recruitment_view(user=request.user, recruitment=recruitment)
    return _download(documents.result_docx(view), f"thong-bao-ket-qua-{recruitment.year}.docx", DOCX)


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = recruitment_get(user=request.user, pk=pk)
    view = recruitment_view(user=request.user, recruitment=recruitment)
    return _download(workbook.results_xlsx(view), f"ket-qua-tuyen-dung-{recruitment.year}.xlsx", XLSX)


@login_required
@require_GET
def scores_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    recruitment = recruitment_get(user=request.user, pk=pk)
    view = recruitment_view(user=request.user, recruitment=recruitment)
    return _download(workbook.scores_template(view), f"diem-thi-sinh-{recruitment.year}.xlsx", XLSX)
