"""Every refusal of the plan workflow (issue 11.8): who may not report, review, decide or answer, and
what a report, an extension or an answer may not say. Each case asserts the refusal, in Vietnamese,
and that nothing was written: no row, no change to a row, no audit entry, no file."""

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from canbo.audit.models import AuditEntry
from canbo.core.errors import ApplicationError, InputRejected
from canbo.org.models import Unit
from canbo.plans.choices import Progress
from canbo.plans.models import Extension, Obstacle, Occurrence, Plan, PlanSection, Reminder, Report, Task
from canbo.plans.services import (
    ReportInput,
    extension_decide,
    extension_request,
    obstacle_answer,
    plan_import,
    report_review,
    report_submit,
)
from canbo.plans.spec import PlanSpec, TaskRow

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2026, 6, 1)  # the day of every attempt
# The services are moving to core.errors (ApplicationError and its subclasses); until then some refuse
# with Django's ValidationError or PermissionDenied. Which class does not matter here; the message does.
REFUSALS = (ValidationError, PermissionDenied, ApplicationError, InputRejected)
# An occurrence outside the actor's change scope: the plans' own words, or core.errors.OutOfScope's (the
# services are moving to it: either is right, both say the user may not touch it).
OUT_OF_SCOPE = "nằm ngoài phạm vi được phân quyền của bạn"
NOT_THEIRS = ("Nhiệm vụ này không thuộc cơ quan của bạn.", OUT_OF_SCOPE)
HOME_AFFAIRS_ONLY = "Chỉ Sở Nội vụ được thực hiện thao tác này."
PDF = b"%PDF-1.4 thu"


def _text(exc: BaseException) -> str:
    """The refusal's words, whatever its class (a ValidationError keeps them in .messages)."""
    messages = getattr(exc, "messages", None)
    if isinstance(messages, list) and messages:
        return "; ".join(str(m) for m in messages)
    return str(exc)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def world(builtin_plan, make_user, settings, tmp_path) -> SimpleNamespace:
    """Khánh Hòa's Sở Tài chính's occurrence PL.3 (due 31/12/2024), one of its occurrences without a
    deadline, a report waiting for review, one already accepted, one sent by a Sở Nội vụ officer, an
    open obstacle, an extension waiting and one decided; and the people who try."""
    settings.MEDIA_ROOT = tmp_path
    w = SimpleNamespace(media=tmp_path)
    w.focal = make_user("dau_moi", "KH.STC")
    w.other_focal = make_user("dau_moi", "KH.SYT")
    w.inactive_focal = make_user("dau_moi", "KH.STC", is_active=False)
    w.no_role = make_user()
    w.leader = make_user("lanh_dao", "KH")
    w.own_leader = make_user("lanh_dao", "KH.STC")
    w.officer = make_user("noi_vu", "KH")
    w.second_officer = make_user("noi_vu", "KH")
    w.narrow_officer = make_user("noi_vu", "KH.SYT")  # Sở Nội vụ's role, over another agency only
    w.occurrence = Occurrence.objects.get(task__code="PL.3", period="Một lần")
    w.no_deadline = Occurrence.objects.create(
        task=w.occurrence.task,
        unit=Unit.objects.get(code="KH.STC"),
        period="Cả kỳ kế hoạch",
        starts_on=D(2025, 7, 1),
        original_due=None,
        schedule_index=9,
    )
    progress = ReportInput(progress=Progress.IN_PROGRESS, percent=40, obstacles="Thiếu kinh phí.")
    w.accepted = report_submit(actor=w.focal, occurrence=w.occurrence, data=progress, on=D(2026, 5, 1))
    report_review(actor=w.officer, report=w.accepted, accept=True, comment="", on=D(2026, 5, 2))
    w.superseded = report_submit(actor=w.focal, occurrence=w.occurrence, data=progress, on=D(2026, 5, 3))
    w.pending = report_submit(actor=w.focal, occurrence=w.occurrence, data=progress, on=D(2026, 5, 4))
    w.own_report = report_submit(
        actor=w.officer, occurrence=w.no_deadline, data=ReportInput(progress=Progress.IN_PROGRESS), on=ON
    )
    w.not_begun = Occurrence.objects.get(task__code="IV.1.b", year=2027, unit__code="KH.STC")
    w.obstacle = Obstacle.objects.filter(report=w.pending).get()
    w.extension = extension_request(
        actor=w.focal, occurrence=w.occurrence, requested_due=D(2026, 12, 31), reason="Chờ hướng dẫn.", on=ON
    )
    w.decided = extension_request(
        actor=w.focal, occurrence=w.occurrence, requested_due=D(2027, 3, 31), reason="Chờ kinh phí.", on=ON
    )
    extension_decide(actor=w.officer, extension=w.decided, grant=False, comment="Không.", on=ON)
    return w


def written(w: SimpleNamespace) -> dict[str, Any]:
    """What a refused attempt must leave as it was."""
    return {
        "reports": list(
            Report.objects.order_by("pk").values_list(
                "pk",
                "progress",
                "percent",
                "review",
                "review_comment",
                "reviewed_by",
                "reviewed_on",
                "document_file",
            )
        ),
        "obstacles": list(
            Obstacle.objects.order_by("pk").values_list("pk", "answer", "answered_by", "answered_on")
        ),
        "extensions": list(
            Extension.objects.order_by("pk").values_list(
                "pk", "state", "requested_due", "decided_by", "decided_on", "decision_comment"
            )
        ),
        "occurrences": list(Occurrence.objects.order_by("pk").values_list("pk", "original_due")),
        "plans": Plan.objects.count(),
        "sections": PlanSection.objects.count(),
        "tasks": Task.objects.count(),
        "reminders": Reminder.objects.count(),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True)),
        "files": sorted(str(p.relative_to(w.media)) for p in Path(w.media).rglob("*") if p.is_file()),
    }


def _report(w: SimpleNamespace, actor: str, **data: Any) -> Report:
    """w's `actor` reports on Sở Tài chính's occurrence PL.3 with data."""
    return report_submit(actor=getattr(w, actor), occurrence=w.occurrence, data=ReportInput(**data), on=ON)


Attempt = Callable[[SimpleNamespace], Any]
IN_PROGRESS = {"progress": Progress.IN_PROGRESS}

# (what is tried, the attempt, words of the refusal: one text, or the texts any of which will do)
CASES: list[tuple[str, Attempt, str | tuple[str, ...]]] = [
    # --- a report -------------------------------------------------------------------------------------
    ("report on another agency's task", lambda w: _report(w, "other_focal", **IN_PROGRESS), NOT_THEIRS),
    ("report by a leader of the province", lambda w: _report(w, "leader", **IN_PROGRESS), NOT_THEIRS),
    ("report by a leader of the agency", lambda w: _report(w, "own_leader", **IN_PROGRESS), NOT_THEIRS),
    ("report by a deactivated focal officer", lambda w: _report(w, "inactive_focal", **IN_PROGRESS), NOT_THEIRS),
    ("report by a user with no role", lambda w: _report(w, "no_role", **IN_PROGRESS), NOT_THEIRS),
    ("report with an unknown progress", lambda w: _report(w, "focal", progress="gan_xong"),
     "Tình trạng không hợp lệ."),
    ("report over 100 percent", lambda w: _report(w, "focal", percent=101, **IN_PROGRESS),
     "Tỷ lệ hoàn thành phải từ 0 đến 100."),
    ("report under 0 percent", lambda w: _report(w, "focal", percent=-1, **IN_PROGRESS),
     "Tỷ lệ hoàn thành phải từ 0 đến 100."),
    ("report done without a date", lambda w: _report(w, "focal", progress=Progress.DONE),
     "Báo cáo hoàn thành phải ghi ngày hoàn thành."),
    ("report done after the day of the report",
     lambda w: _report(w, "focal", progress=Progress.DONE, completed_on=ON + dt.timedelta(days=1)),
     "Ngày hoàn thành không thể sau ngày báo cáo."),
    ("report with a program as its document",
     lambda w: _report(w, "focal", file_name="bao-cao.pdf", file_content=b"MZ\x90\x00", **IN_PROGRESS),
     "không phải văn bản"),
    ("report with an archive that is no document",
     lambda w: _report(w, "focal", file_name="a.docx", file_content=_zip({"readme.txt": b"x"}), **IN_PROGRESS),
     "không phải văn bản"),
    ("report with a broken archive",
     lambda w: _report(w, "focal", file_name="a.docx", file_content=b"PK\x03\x04 hong", **IN_PROGRESS),
     "bị hỏng"),
    ("report with a document carrying macros",
     lambda w: _report(w, "focal", file_name="a.docx", file_content=_zip(
         {"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00"}), **IN_PROGRESS),
     "có chứa macro"),
    ("report with an empty document",
     lambda w: _report(w, "focal", file_name="a.pdf", file_content=b"", **IN_PROGRESS), "rỗng"),
    ("report with a good document but a bad percent (no file kept)",
     lambda w: _report(w, "focal", file_name="a.pdf", file_content=PDF, percent=150, **IN_PROGRESS),
     "Tỷ lệ hoàn thành phải từ 0 đến 100."),
    # --- its review -----------------------------------------------------------------------------------
    ("review by a focal officer", lambda w: report_review(
        actor=w.focal, report=w.pending, accept=True, comment="", on=ON), HOME_AFFAIRS_ONLY),
    ("review by a leader", lambda w: report_review(
        actor=w.leader, report=w.pending, accept=True, comment="", on=ON), HOME_AFFAIRS_ONLY),
    ("review by a Sở Nội vụ officer outside their scope", lambda w: report_review(
        actor=w.narrow_officer, report=w.pending, accept=True, comment="", on=ON), OUT_OF_SCOPE),
    ("a second review of an accepted report", lambda w: report_review(
        actor=w.second_officer, report=w.accepted, accept=False, comment="Thiếu.", on=ON),
     "ý kiến của bạn chưa được ghi"),
    ("a review of one's own report", lambda w: report_review(
        actor=w.officer, report=w.own_report, accept=True, comment="", on=ON),
     "Không thể tự xem xét báo cáo do chính mình gửi."),
    ("a report on a period that has not begun", lambda w: report_submit(
        actor=w.focal, occurrence=w.not_begun, data=ReportInput(progress=Progress.IN_PROGRESS), on=ON),
     "Kỳ “Năm 2027” bắt đầu từ ngày 01/01/2027: chưa thể báo cáo trước ngày đó."),
    ("a review of a report a newer one replaced", lambda w: report_review(
        actor=w.officer, report=w.superseded, accept=True, comment="", on=ON),
     "Báo cáo này đã được thay bằng một báo cáo gửi sau"),
    ("a return without a comment", lambda w: report_review(
        actor=w.officer, report=w.pending, accept=False, comment="  \n", on=ON),
     "Trả lại báo cáo phải ghi ý kiến để cơ quan hoàn thiện."),
    # --- an extension ---------------------------------------------------------------------------------
    ("extension of another agency's task", lambda w: extension_request(
        actor=w.other_focal, occurrence=w.occurrence, requested_due=D(2027, 1, 1), reason="x", on=ON),
     NOT_THEIRS),
    ("extension asked by a leader", lambda w: extension_request(
        actor=w.leader, occurrence=w.occurrence, requested_due=D(2027, 1, 1), reason="x", on=ON), NOT_THEIRS),
    ("extension of a task without a deadline", lambda w: extension_request(
        actor=w.focal, occurrence=w.no_deadline, requested_due=D(2027, 1, 1), reason="x", on=ON),
     "Nhiệm vụ không có thời hạn, không cần gia hạn."),
    ("extension to a day in the past", lambda w: extension_request(
        actor=w.focal, occurrence=w.occurrence, requested_due=D(2026, 1, 1), reason="x", on=ON),
     "Thời hạn đề nghị phải sau ngày đề nghị."),
    ("extension to the day it is asked", lambda w: extension_request(
        actor=w.focal, occurrence=w.occurrence, requested_due=ON, reason="x", on=ON),
     "Thời hạn đề nghị phải sau ngày đề nghị."),
    ("extension without a reason", lambda w: extension_request(
        actor=w.focal, occurrence=w.occurrence, requested_due=D(2027, 1, 1), reason=" ", on=ON),
     "Phải ghi lý do đề nghị gia hạn."),
    ("extension decided by a focal officer", lambda w: extension_decide(
        actor=w.focal, extension=w.extension, grant=True, comment="", on=ON), HOME_AFFAIRS_ONLY),
    ("extension decided by a leader", lambda w: extension_decide(
        actor=w.leader, extension=w.extension, grant=True, comment="", on=ON), HOME_AFFAIRS_ONLY),
    ("extension decided by a Sở Nội vụ officer outside their scope", lambda w: extension_decide(
        actor=w.narrow_officer, extension=w.extension, grant=True, comment="", on=ON), OUT_OF_SCOPE),
    ("extension decided twice", lambda w: extension_decide(
        actor=w.second_officer, extension=w.decided, grant=True, comment="", on=ON),
     "quyết định của bạn chưa được ghi"),
    # --- an obstacle ----------------------------------------------------------------------------------
    ("obstacle answered by a focal officer", lambda w: obstacle_answer(
        actor=w.focal, obstacle=w.obstacle, answer="Tự giải quyết.", on=ON), HOME_AFFAIRS_ONLY),
    ("obstacle answered by a leader", lambda w: obstacle_answer(
        actor=w.leader, obstacle=w.obstacle, answer="Đã xem.", on=ON), HOME_AFFAIRS_ONLY),
    ("obstacle answered by a Sở Nội vụ officer outside their scope", lambda w: obstacle_answer(
        actor=w.narrow_officer, obstacle=w.obstacle, answer="Đã xem.", on=ON), OUT_OF_SCOPE),
    ("obstacle answered with nothing", lambda w: obstacle_answer(
        actor=w.officer, obstacle=w.obstacle, answer=" \n ", on=ON), "Phải ghi nội dung trả lời."),
    # --- a plan ---------------------------------------------------------------------------------------
    ("plan loaded by a focal officer", lambda w: plan_import(actor=w.focal, spec=_spec()),
     "Chỉ Sở Nội vụ được nạp kế hoạch."),
    ("plan with its years reversed and a lead unit unknown", lambda w: plan_import(
        actor=w.officer, spec=_spec(period_to=2025, lead="Sở Không Có")),
     "Năm kết thúc của kế hoạch phải sau năm bắt đầu."),
]  # fmt: skip


def _spec(*, period_to: int = 2027, lead: str = "KH.STC") -> PlanSpec:
    return PlanSpec(
        code="kh-thu",
        title="Kế hoạch thử",
        issuer="UBND tỉnh Khánh Hòa",
        period_from=2026,
        period_to=period_to,
        starts_on=D(2026, 1, 1),
        sections=[("I", "Nhiệm vụ")],
        tasks=[TaskRow(code="1", section="I", title="Việc", text="Việc", lead=lead, deadline="Năm 2026")],
    )


@pytest.mark.parametrize(("attempt", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_refused_step_says_why_and_writes_nothing(world, attempt, message) -> None:
    before = written(world)
    with pytest.raises(REFUSALS) as refused:
        attempt(world)
    words = (message,) if isinstance(message, str) else message
    assert any(w in _text(refused.value) for w in words), (words, _text(refused.value))
    assert written(world) == before


def test_a_lead_unit_unknown_is_named_with_the_other_errors(world) -> None:
    before = written(world)
    with pytest.raises(REFUSALS) as refused:
        plan_import(actor=world.officer, spec=_spec(period_to=2025, lead="Sở Không Có"))
    assert "Không tìm thấy cơ quan “Sở Không Có”" in _text(refused.value)
    assert written(world) == before


def test_the_page_refuses_an_upload_that_is_not_a_document(world) -> None:
    client = Client()
    client.force_login(world.focal)
    before = written(world)
    program = io.BytesIO(b"MZ\x90\x00 not a document")
    program.name = "bao-cao.pdf"
    response = client.post(
        f"/ke-hoach/luot/{world.occurrence.pk}/bao-cao/",
        {"progress": Progress.IN_PROGRESS, "percent": "10", "document_file": program},
    )
    assert response.status_code == 400
    assert "không phải văn bản" in response.content.decode()
    assert written(world) == before


def test_the_pages_answer_404_to_a_review_or_decision_outside_the_scope(world) -> None:
    client = Client()
    client.force_login(world.other_focal)
    before = written(world)
    assert (
        client.post(f"/ke-hoach/bao-cao/{world.pending.pk}/xem-xet/", {"decision": "nhan"}).status_code == 404
    )
    assert client.post(f"/ke-hoach/gia-han/{world.extension.pk}/", {"decision": "dong_y"}).status_code == 404
    assert client.post(f"/ke-hoach/vuong-mac/{world.obstacle.pk}/", {"answer": "x"}).status_code == 404
    assert client.post(f"/ke-hoach/luot/{world.occurrence.pk}/bao-cao/", IN_PROGRESS).status_code == 404
    assert written(world) == before


def test_an_officer_cannot_decide_their_own_extension_request(world) -> None:
    own = extension_request(
        actor=world.officer, occurrence=world.occurrence, requested_due=D(2027, 1, 1), reason="Chờ.", on=ON
    )
    before = written(world)
    with pytest.raises(REFUSALS, match="Không thể tự quyết định"):
        extension_decide(actor=world.officer, extension=own, grant=True, comment="", on=ON)
    assert written(world) == before
