"""The levels of the year's evaluation per agency (issue 15.6): counted in the agency of the person's
main post on 31/12, only for the people the user sees, charted as shares."""

import datetime as dt
from typing import Any

import pytest

from canbo.indicators.charts import evaluation_levels_chart
from canbo.indicators.selectors import evaluation_levels
from canbo.org.models import Unit
from canbo.people.models import Assignment, Evaluation, Person
from canbo.people.services import person_names

pytestmark = pytest.mark.django_db


def person(name: str, code: str, level: str, year: int = 2026) -> Person:
    p = Person(full_name=name, birth_date=dt.date(1980, 1, 1), sex="nam", ethnicity="01",
               unit=Unit.objects.get(code=code), staff_category="cong_chuc")  # fmt: skip
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p, unit=p.unit, valid_from=dt.date(2025, 7, 1), start_reason="tuyen_dung"
    )
    Evaluation.objects.create(person=p, year=year, level=level)
    return p


def test_levels_per_agency_and_scope(builtin_org: None, make_user: Any, client: Any) -> None:
    person("A", "KH.STC", "xuat_sac")
    person("B", "KH.STC", "tot")
    person("C", "KH.STC", "tot")
    person("D", "KH.STP", "khong_hoan_thanh")
    person("E", "KH.STP", "tot", year=2025)  # another year: not counted
    rows = evaluation_levels(user=make_user("noi_vu", "KH"), year=2026)
    by_name = {r["unit_name"]: r for r in rows}
    assert by_name["Sở Tài chính"]["levels"] == {
        "xuat_sac": 1,
        "tot": 2,
        "hoan_thanh": 0,
        "khong_hoan_thanh": 0,
    }
    assert by_name["Sở Tư pháp"]["total"] == 1
    focal = make_user("dau_moi", "KH.STC")
    assert [r["unit_name"] for r in evaluation_levels(user=focal, year=2026)] == ["Sở Tài chính"]
    chart = evaluation_levels_chart(rows, {"xuat_sac": "Xuất sắc", "tot": "Tốt", "hoan_thanh": "HT",
                                           "khong_hoan_thanh": "KHT"})  # fmt: skip
    assert chart["stacked"] and chart["series"][1]["data"][
        chart["labels"].index("Sở Tài chính")
    ] == pytest.approx(66.67, 0.01)
    client.force_login(focal)
    page = client.get("/chi-tieu/xep-loai/?nam=2026").content.decode()
    assert "Sở Tài chính" in page and "Sở Tư pháp" not in page
    assert "không hợp lệ" in client.get("/chi-tieu/xep-loai/?nam=abc").content.decode()
