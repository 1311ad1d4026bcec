"""A recruitment of Khánh Hòa's Sở Tài chính for the workflow tests: two job positions, the notice
published, candidates whose scores are RULES-2 §5.3's examples."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from canbo.org.models import Unit
from canbo.positions.models import JobPosition
from canbo.recruitment import services
from canbo.recruitment.models import Line, Recruitment

D = dt.date
YEAR = 2026


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def officer(make_user: Any, builtin_org: None) -> Any:
    return make_user("noi_vu", "KH")


@pytest.fixture
def focal(make_user: Any, builtin_org: None) -> Any:
    return make_user("dau_moi", "KH.STC")


@pytest.fixture
def make_position(builtin_org: None) -> Callable[..., JobPosition]:
    def make(
        code: str,
        name: str = "Chuyên viên quản lý ngân sách",
        unit_code: str = "KH.STC",
        rank_code: str = "01.003",
        rank_name: str = "Chuyên viên",
        planned: int = 3,
    ) -> JobPosition:
        return JobPosition.objects.create(
            unit=unit(unit_code),
            code=code,
            name=name,
            group="chuyen_mon",
            staff_category="cong_chuc",
            rank_code=rank_code,
            rank_name=rank_name,
            planned_count=planned,
            valid_from=D(2026, 1, 1),
        )

    return make


NOTICE = {
    "published_on": D(2026, 3, 2),
    "applications_from": D(2026, 3, 2),
    "applications_to": D(2026, 4, 1),
    "submit_place": "Sở Tài chính, 4 Phan Chu Trinh, Nha Trang",
    "round_1_on": D(2026, 5, 10),
    "round_2_on": D(2026, 6, 14),
}


@pytest.fixture
def published(officer: Any, make_position: Callable[..., JobPosition]) -> tuple[Recruitment, Line]:
    """A competitive recruitment with one line of 2 places, its notice published."""
    recruitment = services.recruitment_create(
        actor=officer, unit=unit("KH.STC"), year=YEAR, title="Thi tuyển công chức Sở Tài chính năm 2026"
    )
    line = services.line_add(
        actor=officer,
        recruitment=recruitment,
        position=make_position("STC.NS"),
        quota=2,
        min_qualification="dai_hoc",
        conditions="Tốt nghiệp đại học chuyên ngành tài chính, kế toán, kinh tế",
    )
    services.notice_publish(actor=officer, recruitment=recruitment, **NOTICE)
    recruitment.refresh_from_db()
    line.refresh_from_db()
    return recruitment, line


def applicant(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "full_name": name,
        "birth_date": extra.pop("birth_date", D(1998, 5, 20)),
        "sex": extra.pop("sex", "nu"),
        "ethnicity": extra.pop("ethnicity", "01"),
        "qualification": extra.pop("qualification", "dai_hoc"),
        "qualification_field": "Tài chính – Ngân hàng",
        **extra,
    }
