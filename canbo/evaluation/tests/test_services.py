"""The evaluation services on a small agency: the worked example of RULES-2 §1.1 through the database,
the forced case of art. 20(4)(c), the quota that blocks finalising and the exception's decision, the
leader's unit criterion, transfers, appeals and the registry written on finalising."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from canbo.core.errors import InputRejected, NotAllowed
from canbo.evaluation import services
from canbo.evaluation.choices import ExcellentDecision
from canbo.evaluation.models import Sheet
from canbo.evaluation.selectors import ranking_view
from canbo.evaluation.tests.conftest import YEAR, D, give, unit
from canbo.people.models import Discipline, Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))


def opened(actor: Any) -> dict[str, Sheet]:
    services.sheets_open(actor=actor, unit=unit("KH.STC"), year=YEAR)
    return {s.person.full_name: s for s in Sheet.objects.filter(year=YEAR).select_related("person")}


def score(actor: Any, sheet: Sheet, general: str, **changes: Any) -> Sheet:
    sheet.refresh_from_db()
    return services.sheet_score(
        actor=actor,
        sheet=sheet,
        version=sheet.version,
        changes={"general_points": Decimal(general), **changes},
        manager="Trần Văn Giám",
        on=D(YEAR, 12, 5),
    )


def worked_example(sheet: Sheet) -> None:
    """RULES-2 §1.1: four products; A failed one review, B late once, C late twice."""
    give(
        sheet,
        1,
        {"completed": True, "failed_reviews": 1},
        {"completed": True, "delays": 1},
        {"completed": True, "delays": 2},
        {"completed": True},
    )


def test_worked_example_through_the_database(make_person: Any, focal: Any) -> None:
    make_person("Nguyễn Thị Hoa")
    sheets = opened(focal)
    sheet = sheets["Nguyễn Thị Hoa"]
    assert sheet.rule_text == "Nghị định 335/2025/NĐ-CP" and sheet.computes
    worked_example(sheet)
    score(focal, sheet, "28")
    row = ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).rows[0]
    c = row.periods[1]
    assert (c.quantity, c.quality, c.progress) == (100, 93.75, 81.25)
    assert round(row.outcome.task_points, 2) == 64.17
    assert round(row.outcome.score, 2) == 92.17
    assert row.outcome.level == "xuat_sac"
    # Alone in the group: 0 "tốt", so the quota allows floor(1/6) = 0 — proposed "tốt".
    assert row.state == "demoted" and row.level == "tot"


def test_discipline_in_the_year_forces_not_done_and_the_year_before_does_not(
    make_person: Any, focal: Any
) -> None:
    a, b = make_person("Lê Văn An"), make_person("Phạm Thị Bình")
    Discipline.objects.create(person=a, decided_on=D(YEAR, 3, 2), form="khien_trach")
    Discipline.objects.create(person=b, decided_on=D(YEAR - 1, 11, 20), form="khien_trach")
    sheets = opened(focal)
    for name in ("Lê Văn An", "Phạm Thị Bình"):
        give(sheets[name], 1, {"completed": True})
        score(focal, sheets[name], "25")  # 25 + 70 = 95
    rows = {
        r.sheet.person.full_name: r for r in ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).rows
    }
    assert rows["Lê Văn An"].level == "khong_hoan_thanh"
    assert rows["Lê Văn An"].outcome.reasons == ("discipline_in_year",)
    assert rows["Phạm Thị Bình"].outcome.level == "xuat_sac"


def test_the_quota_blocks_finalising_until_the_decisions_fit(make_person: Any, focal: Any) -> None:
    names = [f"Người {i:02d}" for i in range(15)]
    for name in names:
        make_person(name)
    sheets = opened(focal)
    for i, name in enumerate(names):
        give(sheets[name], 1, {"completed": True})
        score(focal, sheets[name], "25" if i < 5 else "10")  # 5 at 95, 10 at 80
    view = ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR)
    quota = view.quotas[None]
    assert (quota.candidates, quota.good, quota.allowed) == (5, 10, 2)  # RULES-2: k=5, t=10 → 2
    assert len(quota.choice.tied) == 5 and quota.choice.places_for_tied == 2  # all at 95: the head decides
    with pytest.raises(InputRejected, match="cùng điểm"):
        services.ranking_finalise(
            actor=focal,
            unit=unit("KH.STC"),
            year=YEAR,
            decision_number="12/QĐ-STC",
            decided_on=D(YEAR, 12, 12),
        )
    for name in names[:5]:
        services.excellent_decide(actor=focal, sheet=sheets[name], decision=ExcellentDecision.KEEP)
    with pytest.raises(InputRejected, match="vượt số tối đa 2"):
        services.ranking_finalise(
            actor=focal,
            unit=unit("KH.STC"),
            year=YEAR,
            decision_number="12/QĐ-STC",
            decided_on=D(YEAR, 12, 12),
        )
    for name in names[2:5]:
        services.excellent_decide(actor=focal, sheet=sheets[name], decision=ExcellentDecision.DEMOTE)
    ranking = services.ranking_finalise(
        actor=focal, unit=unit("KH.STC"), year=YEAR, decision_number="12/QĐ-STC", decided_on=D(YEAR, 12, 12)
    )
    assert ranking.people == 15
    levels = dict(Evaluation.objects.filter(year=YEAR).values_list("person__full_name", "level"))
    assert sorted(levels.values()).count("xuat_sac") == 2 and sorted(levels.values()).count("tot") == 13


def test_the_exception_needs_home_affairs_and_a_decision_number(
    make_person: Any, focal: Any, officer: Any
) -> None:
    with pytest.raises(NotAllowed):
        services.quota_exception_record(
            actor=focal,
            unit=unit("KH.STC"),
            year=YEAR,
            ratio=Decimal("0.25"),
            decision_number="5/QĐ-UBND",
            decided_on=D(YEAR, 12, 1),
        )
    with pytest.raises(InputRejected, match="số quyết định"):
        services.quota_exception_record(
            actor=officer,
            unit=unit("KH.STC"),
            year=YEAR,
            ratio=Decimal("0.25"),
            decision_number=" ",
            decided_on=D(YEAR, 12, 1),
        )
    with pytest.raises(InputRejected, match="không quá 25 %"):
        services.quota_exception_record(
            actor=officer,
            unit=unit("KH.STC"),
            year=YEAR,
            ratio=Decimal("0.3"),
            decision_number="5/QĐ-UBND",
            decided_on=D(YEAR, 12, 1),
        )
    for i in range(8):
        make_person(f"Người {i}")
    sheets = opened(focal)
    for i, sheet in enumerate(sheets.values()):
        give(sheet, 1, {"completed": True})
        score(focal, sheet, "25" if i < 2 else "10")  # k = 2, t = 6: 20 % → floor(8/6) = 1
    assert ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).quotas[None].allowed == 1
    services.quota_exception_record(
        actor=officer,
        unit=unit("KH.STC"),
        year=YEAR,
        ratio=Decimal("0.25"),
        decision_number="5/QĐ-UBND",
        decided_on=D(YEAR, 12, 1),
    )
    assert (
        ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).quotas[None].allowed == 1
    )  # floor(0.25·8/1.25) = 1
    assert ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).quotas[None].ratio == Decimal("0.25")


def test_a_leader_whose_civil_servant_fails_gets_half_the_unit_criterion(
    make_person: Any, focal: Any
) -> None:
    make_person("Giám đốc Sở", post_code="giam_doc_so")
    make_person("Công chức Một")
    sheets = opened(focal)
    head, member = sheets["Giám đốc Sở"], sheets["Công chức Một"]
    assert head.leader
    give(member, 1, {"completed": False})
    score(focal, member, "20")  # 20 + 0 → không hoàn thành
    give(head, 1, {"completed": True})
    score(focal, head, "30", organisation_rate=Decimal("100"))
    row = next(
        r for r in ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).rows if r.sheet.pk == head.pk
    )
    assert row.outcome.unit_result == 50.0
    # (100 + 100 + 100 + 50 + 100) / 5 × 70 % = 63 → 93
    assert round(row.outcome.score, 2) == 93.0


def test_a_person_transferred_in_keeps_the_periods_of_the_old_agency(make_person: Any, officer: Any) -> None:
    person = make_person("Võ Thị Chuyển", code="KH.STC")
    services.sheets_open(actor=officer, unit=unit("KH.STC"), year=YEAR)
    sheet = Sheet.objects.get(person=person, year=YEAR)
    give(sheet, 1, {"completed": True})
    from canbo.people.models import Assignment

    Assignment.objects.filter(person=person).update(valid_to=D(YEAR, 7, 1))
    Assignment.objects.create(
        person=person, unit=unit("KH.STP"), valid_from=D(YEAR, 7, 1), start_reason="dieu_dong"
    )
    person.unit = unit("KH.STP")
    person.save()
    created, moved = services.sheets_open(actor=officer, unit=unit("KH.STP"), year=YEAR)
    assert (created, moved) == (0, 1)
    sheet.refresh_from_db()
    assert sheet.unit.code == "KH.STP" and sheet.items.get().source_unit.code == "KH.STC"


def test_a_public_employee_appeals_within_five_days(make_person: Any, focal: Any) -> None:
    make_person("Viên chức Hai", category="vien_chuc")
    sheets = opened(focal)
    sheet = sheets["Viên chức Hai"]
    assert not sheet.computes and "90/2020" in sheet.rule_text
    score(focal, sheet, "0", recorded_level="tot")
    services.ranking_finalise(
        actor=focal, unit=unit("KH.STC"), year=YEAR, decision_number="3/QĐ", decided_on=D(YEAR, 12, 11)
    )
    sheet.refresh_from_db()
    with pytest.raises(InputRejected, match="Quá hạn kiến nghị"):
        services.appeal_lodge(
            actor=focal, sheet=sheet, lodged_on=D(YEAR, 12, 17), content="Đề nghị xem xét lại"
        )
    appeal = services.appeal_lodge(
        actor=focal, sheet=sheet, lodged_on=D(YEAR, 12, 16), content="Đề nghị xem xét lại"
    )
    assert appeal.answer_due == D(YEAR, 12, 30)  # 10 working days after Wednesday 16/12
    services.appeal_answer(
        actor=focal,
        appeal=appeal,
        answered_on=D(YEAR, 12, 22),
        answer="Điều chỉnh",
        outcome="thay_doi",
        new_level="xuat_sac",
    )
    assert Evaluation.objects.get(person=sheet.person, year=YEAR).level == "xuat_sac"


def test_a_leader_role_may_not_score(make_person: Any, make_user: Any, focal: Any) -> None:
    make_person("Ai Đó")
    sheet = opened(focal)["Ai Đó"]
    with pytest.raises(NotAllowed):
        score(make_user("lanh_dao", "KH"), sheet, "20")
    _ = dt


def test_focal_officers_are_reminded_before_the_deadline(
    make_person: Any, make_user: Any, officer: Any, mailoutbox: Any
) -> None:
    from canbo.evaluation.selectors import rankings_due

    make_person("Ai Đó")
    focal = make_user("dau_moi", "KH.STC", email="stc@example.vn")
    opened(focal)
    due = rankings_due(user=officer, year=YEAR, on=D(YEAR, 12, 5))
    assert [(d.name, d.deadline, d.days_left) for d in due] == [("Sở Tài chính", D(YEAR, 12, 15), 10)]
    assert services.ranking_reminders_send(actor=officer, year=YEAR, on=D(YEAR, 12, 5)) == 1
    assert "còn 10 ngày" in mailoutbox[0].subject and "/danh-gia/2026/co-quan/" in mailoutbox[0].body
    assert services.ranking_reminders_send(actor=officer, year=YEAR, on=D(YEAR, 12, 6)) == 0  # not every day
    assert services.ranking_reminders_send(actor=officer, year=YEAR, on=D(YEAR, 12, 22)) == 1  # a week late


def test_leaders_of_one_unit_do_not_wait_for_each_other(make_person: Any, focal: Any) -> None:
    """The head manages the deputy, the deputy does not manage the head: both are ranked (a demo with
    every leader in the department itself once left them all "waiting for the people they manage")."""
    make_person("Giám Đốc", post_code="giam_doc_so")
    make_person("Phó Giám Đốc", post_code="pho_giam_doc_so")
    make_person("Chuyên Viên")
    sheets = opened(focal)
    for name, general in (("Giám Đốc", "28"), ("Phó Giám Đốc", "27"), ("Chuyên Viên", "26")):
        give(sheets[name], 1, {"completed": True})
        score(
            focal,
            sheets[name],
            general,
            **({"organisation_rate": Decimal("100")} if name != "Chuyên Viên" else {}),
        )
    rows = {
        r.sheet.person.full_name: r for r in ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).rows
    }
    assert all(r.outcome.complete for r in rows.values())
    assert rows["Giám Đốc"].outcome.unit_result == 100.0 and rows["Phó Giám Đốc"].outcome.unit_result == 100.0


def test_a_finalised_level_is_shown_as_decided_even_after_an_appeal(make_person: Any, focal: Any) -> None:
    make_person("Viên Chức Ba", category="vien_chuc")
    sheet = opened(focal)["Viên Chức Ba"]
    score(focal, sheet, "0", recorded_level="hoan_thanh")
    services.ranking_finalise(
        actor=focal, unit=unit("KH.STC"), year=YEAR, decision_number="4/QĐ", decided_on=D(YEAR, 12, 11)
    )
    sheet.refresh_from_db()
    appeal = services.appeal_lodge(actor=focal, sheet=sheet, lodged_on=D(YEAR, 12, 12), content="Xem lại")
    services.appeal_answer(
        actor=focal,
        appeal=appeal,
        answered_on=D(YEAR, 12, 14),
        answer="Đồng ý",
        outcome="thay_doi",
        new_level="tot",
    )
    assert ranking_view(user=focal, unit=unit("KH.STC"), year=YEAR).rows[0].level == "tot"


def test_the_reads_of_another_agency_are_out_of_scope(make_person: Any, focal: Any, make_user: Any) -> None:
    from canbo.core.errors import OutOfScope
    from canbo.evaluation.selectors import agency_evaluation_view

    make_person("Ai Đó")
    opened(focal)
    other = make_user("dau_moi", "KH.SYT")
    with pytest.raises(OutOfScope):
        ranking_view(user=other, unit=unit("KH.STC"), year=YEAR)
    with pytest.raises(OutOfScope):
        agency_evaluation_view(user=other, unit=unit("KH.STC"), year=YEAR)
