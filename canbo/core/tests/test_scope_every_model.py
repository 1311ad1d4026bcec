"""Every scoped model keeps a focal officer to their own agency, on read and on write (issue 11.8).

The scoped models are found, not listed: every model whose default manager is a ScopedQuerySet. Each
needs a factory below (one object per agency), so a new scoped model fails here until its scope is
tested, and a model that stops being scoped fails too. The detail pages of scoped objects answer an
object of another agency with 404, exactly like a missing one.

Models are reached through the app registry (apps.get_model), not imported: core knows no app."""

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client

from canbo.core import errors
from canbo.core.scoping import ScopedQuerySet, ensure_in_scope

pytestmark = pytest.mark.django_db

D = dt.date
OWN, OTHER = "KH.STC", "KH.SYT"  # Khánh Hòa's Sở Tài chính (the officer's) and Sở Y tế (not theirs)
# ensure_in_scope refuses with PermissionDenied today; core.errors.OutOfScope once services move to it.
SCOPE_REFUSALS = (PermissionDenied, getattr(errors, "OutOfScope", PermissionDenied))
MUST_BE_SCOPED = {"org.Unit", "people.Person", "plans.Occurrence"}
_serial = itertools.count(1)


def scoped_models() -> list[type[models.Model]]:
    """Every installed model whose default manager gives a ScopedQuerySet."""
    found = [m for m in apps.get_models() if isinstance(m._default_manager.all(), ScopedQuerySet)]
    return sorted(found, key=lambda m: m._meta.label)


SCOPED_LABELS = [m._meta.label for m in scoped_models()]


# --- one object of each scoped model, in a given agency ----------------------------------------------


def _unit(code: str) -> Any:
    return apps.get_model("org", "Unit").objects.get(code=code)


def _user() -> Any:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="nguoi-gui-thu")
    return user


def make_unit(unit: Any) -> Any:
    return unit


def make_person(unit: Any) -> Any:
    n = next(_serial)
    return apps.get_model("people", "Person").objects.create(
        full_name=f"Người Thử {n}",
        name_fold=f"nguoi thu {n}",
        sort_key=f"thu {n}",
        birth_date=D(1985, 3, 12),
        sex="nu",
        ethnicity="01",
        unit=unit,
        staff_category="cong_chuc",
    )


def make_assignment(unit: Any) -> Any:
    return apps.get_model("people", "Assignment").objects.create(
        person=make_person(unit), unit=unit, valid_from=D(2025, 7, 1), start_reason="tuyen_dung"
    )


def make_occurrence(unit: Any) -> Any:
    task = apps.get_model("plans", "Task").objects.order_by("pk").first()
    assert task is not None, "the builtin_plan fixture loads the tasks"
    return apps.get_model("plans", "Occurrence").objects.create(
        task=task,
        unit=unit,
        period=f"Kỳ thử {next(_serial)}",
        year=2026,
        starts_on=D(2026, 1, 1),
        original_due=D(2026, 12, 31),
    )


def make_report(unit: Any) -> Any:
    return apps.get_model("plans", "Report").objects.create(
        occurrence=make_occurrence(unit),
        submitted_by=_user(),
        submitted_on=D(2026, 6, 1),
        progress="dang",  # plans.choices.Progress.IN_PROGRESS
        percent=50,
    )


def make_obstacle(unit: Any) -> Any:
    return apps.get_model("plans", "Obstacle").objects.create(
        occurrence=make_occurrence(unit), text="Thiếu kinh phí.", raised_on=D(2026, 6, 1)
    )


def make_extension(unit: Any) -> Any:
    return apps.get_model("plans", "Extension").objects.create(
        occurrence=make_occurrence(unit),
        requested_due=D(2027, 6, 30),
        reason="Chờ hướng dẫn.",
        requested_by=_user(),
        requested_on=D(2026, 6, 1),
    )


def make_reminder(unit: Any) -> Any:
    return apps.get_model("plans", "Reminder").objects.create(
        occurrence=make_occurrence(unit),
        unit=unit,
        sent_on=D(2026, 6, 1),
        kind="sap_den_han",  # plans.choices.ReminderKind.DUE_SOON
        recipients="daumoi@canbo.local",
    )


def make_notification(unit: Any) -> Any:
    return apps.get_model("plans", "Notification").objects.create(
        recipient=_user(),
        occurrence=make_occurrence(unit),
        kind="tra_lai",  # plans.choices.NotificationKind.RETURNED
        text="Báo cáo bị trả lại để bổ sung.",
    )


def _post() -> Any:
    post, _ = apps.get_model("people", "Post").objects.get_or_create(
        code="pho_giam_doc_so", defaults={"name": "Phó Giám đốc Sở", "level": "agency_deputy"}
    )
    return post


def make_pool_decision(unit: Any) -> Any:
    return apps.get_model("planning", "PoolDecision").objects.create(
        unit=unit, term_from=2025, term_to=2030, number=f"QĐ-{next(_serial)}", decided_on=D(2025, 11, 1)
    )


def make_proposal(unit: Any) -> Any:
    return apps.get_model("planning", "Proposal").objects.create(
        kind="dua_vao",  # planning.choices.ProposalKind.ENTRY
        person=make_person(unit),
        post=_post(),
        unit=unit,
        term_from=2025,
        term_to=2030,
        proposed_on=D(2025, 11, 1),
    )


def make_pool_review(unit: Any) -> Any:
    return apps.get_model("planning", "PoolReview").objects.create(
        unit=unit, term_from=2025, term_to=2030, reviewed_on=D(2026, 8, 1)
    )


def make_pool_exit(unit: Any) -> Any:
    membership = apps.get_model("people", "PlanningMembership").objects.create(
        person=make_person(unit), post=_post(), unit=unit, term_from=2025, term_to=2030
    )
    return apps.get_model("planning", "PoolExit").objects.create(
        membership=membership, reason="nguyen_vong", status="de_xuat", proposed_on=D(2026, 1, 5)
    )


def make_product_type(unit: Any) -> Any:
    return apps.get_model("evaluation", "ProductType").objects.create(unit=unit, name=f"Loại {next(_serial)}")


def make_duty_group(unit: Any) -> Any:
    return apps.get_model("evaluation", "DutyGroup").objects.create(
        unit=unit, year=2026, name=f"Nhóm {next(_serial)}"
    )


def make_sheet(unit: Any) -> Any:
    return apps.get_model("evaluation", "Sheet").objects.create(
        person=make_person(unit),
        year=2026,
        unit=unit,
        category="cong_chuc",
        rule_text="Nghị định 335/2025/NĐ-CP",
    )


def make_work_item(unit: Any) -> Any:
    return apps.get_model("evaluation", "WorkItem").objects.create(
        sheet=make_sheet(unit), period=1, title="Báo cáo quý", source_unit=unit
    )


def make_quota_exception(unit: Any) -> Any:
    return apps.get_model("evaluation", "QuotaException").objects.create(
        unit=unit, year=2026, ratio="0.25", decision_number=f"QĐ-{next(_serial)}", decided_on=D(2026, 12, 1)
    )


def make_ranking(unit: Any) -> Any:
    return apps.get_model("evaluation", "Ranking").objects.create(
        unit=unit, year=2026, decision_number=f"QĐ-{next(_serial)}", decided_on=D(2026, 12, 10)
    )


def make_appeal(unit: Any) -> Any:
    return apps.get_model("evaluation", "Appeal").objects.create(
        sheet=make_sheet(unit),
        published_on=D(2026, 12, 10),
        lodged_on=D(2026, 12, 11),
        content="Kiến nghị",
        answer_due=D(2026, 12, 25),
    )


def make_agency_evaluation(unit: Any) -> Any:
    return apps.get_model("evaluation", "AgencyEvaluation").objects.create(unit=unit, year=2026)


def make_job_position(unit: Any) -> Any:
    return apps.get_model("positions", "JobPosition").objects.create(
        unit=unit,
        code=f"VT.{next(_serial)}",
        name="Chuyên viên về quản lý ngân sách",
        group="chuyen_mon",
        staff_category="cong_chuc",
        planned_count=2,
        valid_from=D(2026, 1, 1),
    )


def make_position_holding(unit: Any) -> Any:
    return apps.get_model("positions", "PositionHolding").objects.create(
        person=make_person(unit), position=make_job_position(unit), valid_from=D(2026, 2, 1)
    )


def make_staffing_quota(unit: Any) -> Any:
    return apps.get_model("positions", "StaffingQuota").objects.create(
        unit=unit, year=2000 + next(_serial) % 100, civil_servants=40
    )


def make_enrolment(unit: Any) -> Any:
    n = next(_serial)
    course, _ = apps.get_model("training", "Course").objects.get_or_create(
        code="thu-cvc",
        defaults={"name": "Bồi dưỡng ngạch chuyên viên chính", "kind": "qlnn", "level": "chuyen_vien_chinh"},
    )
    training_class = apps.get_model("training", "TrainingClass").objects.create(
        course=course,
        name=f"Lớp {n}",
        year=2026,
        starts_on=D(2026, 3, 2),
        ends_on=D(2026, 6, 30),
        capacity=30,
        organiser=unit,
    )
    return apps.get_model("training", "Enrolment").objects.create(
        training_class=training_class,
        person=make_person(unit),
        unit=unit,
        proposed_by=_user(),
        proposed_on=D(2026, 3, 1),
    )


def _recruitment_position(unit: Any) -> Any:
    return apps.get_model("positions", "JobPosition").objects.create(
        unit=unit,
        code=f"TD.{next(_serial)}",
        name="Chuyên viên thử",
        group="chuyen_mon",
        staff_category="cong_chuc",
        rank_code="01.003",
        rank_name="Chuyên viên",
        valid_from=D(2026, 1, 1),
    )


def make_recruitment(unit: Any) -> Any:
    return apps.get_model("recruitment", "Recruitment").objects.create(
        unit=unit, year=2026, title=f"Thi tuyển thử {next(_serial)}"
    )


def make_recruitment_line(unit: Any) -> Any:
    return apps.get_model("recruitment", "Line").objects.create(
        recruitment=make_recruitment(unit), position=_recruitment_position(unit), quota=1
    )


def make_recruitment_candidate(unit: Any) -> Any:
    return apps.get_model("recruitment", "Candidate").objects.create(
        line=make_recruitment_line(unit),
        number=next(_serial),
        full_name="Thí Sinh Thử",
        birth_date=D(1998, 5, 20),
        sex="nu",
        ethnicity="01",
    )


def make_tie_decision(unit: Any) -> Any:
    return apps.get_model("recruitment", "TieDecision").objects.create(
        line=make_recruitment_line(unit), head_name="Người Đứng Đầu", decided_on=D(2026, 6, 30)
    )


# A new scoped model needs its factory here: test_every_scoped_model_has_a_factory fails until it has.
FACTORIES: dict[str, Callable[[Any], models.Model]] = {
    "org.Unit": make_unit,
    "people.Person": make_person,
    "people.Assignment": make_assignment,
    "plans.Occurrence": make_occurrence,
    "plans.Report": make_report,
    "plans.Obstacle": make_obstacle,
    "plans.Extension": make_extension,
    "plans.Reminder": make_reminder,
    "plans.Notification": make_notification,
    "planning.PoolDecision": make_pool_decision,
    "planning.Proposal": make_proposal,
    "planning.PoolReview": make_pool_review,
    "planning.PoolExit": make_pool_exit,
    "evaluation.ProductType": make_product_type,
    "evaluation.DutyGroup": make_duty_group,
    "evaluation.Sheet": make_sheet,
    "evaluation.WorkItem": make_work_item,
    "evaluation.QuotaException": make_quota_exception,
    "evaluation.Ranking": make_ranking,
    "evaluation.Appeal": make_appeal,
    "evaluation.AgencyEvaluation": make_agency_evaluation,
    "positions.JobPosition": make_job_position,
    "positions.PositionHolding": make_position_holding,
    "positions.StaffingQuota": make_staffing_quota,
    "training.Enrolment": make_enrolment,
    "recruitment.Recruitment": make_recruitment,
    "recruitment.Line": make_recruitment_line,
    "recruitment.Candidate": make_recruitment_candidate,
    "recruitment.TieDecision": make_tie_decision,
}


def _factory(label: str) -> Callable[[Any], models.Model]:
    factory = FACTORIES.get(label)
    if factory is None:
        pytest.fail(
            f"{label} is scoped (its default manager is a ScopedQuerySet) but has no factory in "
            f"canbo/core/tests/test_scope_every_model.py: add one to FACTORIES so its scope is tested."
        )
    return factory


def _pair(label: str) -> tuple[models.Model, models.Model]:
    """One object of the model in the officer's agency, one in another agency."""
    factory = _factory(label)
    return factory(_unit(OWN)), factory(_unit(OTHER))


# --- the tests -----------------------------------------------------------------------------------------


def test_every_scoped_model_has_a_factory() -> None:
    assert SCOPED_LABELS, "no model has a ScopedQuerySet as its default manager"
    assert set(SCOPED_LABELS) >= MUST_BE_SCOPED, (
        f"no longer scoped: {sorted(MUST_BE_SCOPED - set(SCOPED_LABELS))}"
    )
    missing = sorted(set(SCOPED_LABELS) - FACTORIES.keys())
    assert not missing, (
        f"scoped model(s) without a factory in core/tests/test_scope_every_model.py: {', '.join(missing)}; "
        "add one to FACTORIES so that their scope is tested"
    )
    unscoped = sorted(FACTORIES.keys() - set(SCOPED_LABELS))
    assert not unscoped, (
        f"{', '.join(unscoped)} no longer has a ScopedQuerySet as its default manager: its rows would be "
        "read without the user's scope"
    )


@pytest.mark.parametrize("label", SCOPED_LABELS)
def test_restrict_shows_a_focal_officer_their_agency_only(label, builtin_plan, make_user) -> None:
    own, other = _pair(label)
    officer = make_user("dau_moi", OWN)
    manager = apps.get_model(label)._default_manager
    for action in ("view", "change"):
        visible = manager.restrict(officer, action)
        assert visible.filter(pk=own.pk).exists(), (label, action, "own agency's object missing")
        assert not visible.filter(pk=other.pk).exists(), (label, action, "another agency's object shown")
    assert manager.restrict(make_user("noi_vu", "KH"), "view").filter(pk__in=[own.pk, other.pk]).count() == 2


@pytest.mark.parametrize("label", SCOPED_LABELS)
def test_ensure_in_scope_refuses_another_agencys_object(label, builtin_plan, make_user) -> None:
    own, other = _pair(label)
    officer = make_user("dau_moi", OWN)
    ensure_in_scope(officer, own, "change")  # their own: no refusal
    with pytest.raises(SCOPE_REFUSALS):
        ensure_in_scope(officer, other, "change")
    # A leader of the same agency may read its objects, never change them.
    leader = make_user("lanh_dao", OWN)
    ensure_in_scope(leader, own, "view")
    with pytest.raises(SCOPE_REFUSALS):
        ensure_in_scope(leader, own, "change")


def _report_with_file(unit: Any) -> Any:
    report = make_report(unit)
    report.document_file.save("van-ban.pdf", ContentFile(b"%PDF-1.4 thu"), save=True)
    return report


# (what, the model's factory, the page's address for a key)
DETAIL_PAGES: list[tuple[str, Callable[[Any], Any], str]] = [
    ("person page", make_person, "/can-bo/{pk}/"),
    ("person API", make_person, "/api/people/people/{pk}"),
    ("unit page", make_unit, "/to-chuc/don-vi/{pk}/"),
    ("unit API", make_unit, "/api/org/units/{pk}"),
    ("agency's tasks page", make_unit, "/ke-hoach/co-quan/{pk}/"),
    ("occurrence page", make_occurrence, "/ke-hoach/luot/{pk}/"),
    ("occurrence API", make_occurrence, "/api/plans/occurrences/{pk}"),
    ("report file", _report_with_file, "/ke-hoach/bao-cao/{pk}/tep/"),
    ("job position page", make_job_position, "/vi-tri-viec-lam/vi-tri/{pk}/"),
    ("agency's staffing page", make_unit, "/vi-tri-viec-lam/co-quan/{pk}/"),
    ("staffing API", make_unit, "/api/positions/units/{pk}/staffing"),
    ("positions API", make_unit, "/api/positions/units/{pk}/positions"),
]


@pytest.mark.parametrize(("what", "factory", "address"), DETAIL_PAGES, ids=[p[0] for p in DETAIL_PAGES])
def test_a_detail_page_answers_404_for_another_agencys_object(
    what, factory, address, builtin_plan, make_user, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    own, other = factory(_unit(OWN)), factory(_unit(OTHER))
    client = Client()
    client.force_login(make_user("dau_moi", OWN))
    assert client.get(address.format(pk=own.pk)).status_code == 200, f"{what}: own agency's object"
    assert client.get(address.format(pk=other.pk)).status_code == 404, f"{what}: another agency's object"
