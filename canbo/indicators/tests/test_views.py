"""Indicators from the registry, scoped, through the command, the API and the page."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from canbo.org.models import Unit
from canbo.people.models import Assignment, LanguageSkill, Person, Post
from canbo.people.services import person_names, posts_ensure

pytestmark = pytest.mark.django_db
D = dt.date(2026, 1, 1)


def person(
    name: str,
    unit: str,
    sex: str,
    born: dt.date,
    post: str | None = None,
    ethnicity: str = "01",
    category: str = "cong_chuc",
    level: int | None = None,
) -> Person:
    p = Person(
        full_name=name,
        birth_date=born,
        sex=sex,
        ethnicity=ethnicity,
        unit=Unit.objects.get(code=unit),
        staff_category=category,
    )
    person_names(p)
    p.save()
    Assignment.objects.create(
        person=p,
        unit=p.unit,
        post=Post.objects.get(code=post) if post else None,
        valid_from=dt.date(2023, 1, 1),
        start_reason="bo_nhiem" if post else "tuyen_dung",
    )
    if level:
        LanguageSkill.objects.create(person=p, language="en", level=level)
    return p


@pytest.fixture
def registry(builtin_org) -> None:
    posts_ensure()
    # Sở Tài chính: 3 leaders (one under 40, one woman), 6 staff of whom 3 women (1/3 → the rule applies).
    person("Nguyễn Văn Giám", "KH.STC", "nam", dt.date(1970, 5, 1), "giam_doc_so")
    person("Trần Thị Phó", "KH.STC", "nu", dt.date(1975, 5, 1), "pho_giam_doc_so", level=4)
    person("Lê Văn Trẻ", "KH.STC", "nam", dt.date(1990, 5, 1), "pho_giam_doc_so", ethnicity="17")
    person("Phạm Thị A", "KH.STC", "nu", dt.date(1992, 1, 1))
    person("Võ Thị B", "KH.STC", "nu", dt.date(1993, 1, 1), category="vien_chuc")
    person("Đỗ Văn C", "KH.STC", "nam", dt.date(1994, 1, 1))
    # Sở Y tế: 2 leaders, both men, staff mostly women → violated.
    person("Hồ Văn Một", "KH.SYT", "nam", dt.date(1968, 1, 1), "giam_doc_so")
    person("Ngô Văn Hai", "KH.SYT", "nam", dt.date(1980, 1, 1), "pho_giam_doc_so")
    for i in range(4):
        person(f"Bùi Thị Y{i}", "KH.SYT", "nu", dt.date(1990, 1, 1))


def test_the_command_gives_the_documented_json(registry) -> None:
    out = StringIO()
    call_command("indicators", "--as-of", "01/01/2026", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["as_of"] == "2026-01-01"
    stc = next(d for d in result["departments"] if d["unit_code"] == "KH.STC")
    assert {
        k: stc[k]
        for k in (
            "leaders",
            "leaders_under_40",
            "female_leaders",
            "women_rule",
            "ethnic_minority_leaders",
            "international_capable",
            "headcount",
            "staff_counted_for_women",
            "women_staff",
        )
    } == {
        "leaders": 3,
        "leaders_under_40": 1,
        "female_leaders": 1,
        "women_rule": "met",
        "ethnic_minority_leaders": 1,
        "international_capable": 1,
        "headcount": 6,
        "staff_counted_for_women": 5,
        "women_staff": 2,
    }
    syt = next(d for d in result["departments"] if d["unit_code"] == "KH.SYT")
    assert syt["women_rule"] == "violated" and syt["leaders_under_40"] == 0
    assert result["province"]["leaders"] == 5 and result["province"]["leaders_under_40"] == 1
    assert len(result["departments"]) == 13  # every department of Khánh Hòa, with or without people


def test_a_focal_officer_sees_only_their_agency_and_leaders_only_aggregates(registry, make_user) -> None:
    focal = Client()
    focal.force_login(make_user("dau_moi", "KH.STC"))
    payload = focal.get("/api/indicators/indicators", {"as_of": "01/01/2026"}).json()
    assert [d["unit_code"] for d in payload["departments"]] == ["KH.STC"]
    html = focal.get("/chi-tieu/", {"ngay": "01/01/2026"}).content.decode()
    assert "Sở Tài chính" in html and "Sở Y tế" not in html
    stc = Unit.objects.get(code="KH.STC").pk
    behind = focal.get(
        "/chi-tieu/nguoi/", {"don_vi": stc, "chi_so": "leaders_under_40", "ngay": "01/01/2026"}
    )
    assert behind.status_code == 200 and "Lê Văn Trẻ" in behind.content.decode()
    syt = Unit.objects.get(code="KH.SYT").pk
    assert (
        focal.get("/chi-tieu/nguoi/", {"don_vi": syt, "chi_so": "leaders", "ngay": "01/01/2026"}).status_code
        == 404
    )
    leader = Client()
    leader.force_login(make_user("lanh_dao", "KH"))
    assert "Sở Y tế" in leader.get("/chi-tieu/").content.decode()
    assert leader.get("/chi-tieu/nguoi/", {"don_vi": stc, "chi_so": "leaders"}).status_code == 403


def test_forecast_command(registry) -> None:
    out = StringIO()
    call_command("forecast", "--from", "01/01/2026", "--to", "2030", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    years = sorted({r["year"] for r in result["baseline"]})
    assert years == [2026, 2027, 2028, 2029, 2030]
    assert "province" in result["fewest_under_40"]


def test_exported_aggregates_hide_small_counts(registry, make_user) -> None:
    from canbo.core.excel import read_workbook

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    sheet = read_workbook(client.get("/chi-tieu/", {"ngay": "01/01/2026", "dinh_dang": "xlsx"}).content)[
        "Chỉ tiêu"
    ]
    headers = sheet[0]
    stc = next(r for r in sheet[1:] if r[0] == "KH.STC")
    assert stc[headers.index("Lãnh đạo")] == "<5"  # 3 leaders
    assert stc[headers.index("Tổng số")] == 6  # 6 is shown
    empty = next(r for r in sheet[1:] if r[0] == "KH.SCT")
    assert empty[headers.index("Tổng số")] == 0  # nothing to hide


def test_the_page_shows_the_forecast(registry, make_user) -> None:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get("/chi-tieu/", {"ngay": "01/01/2026"}).content.decode()
    assert 'id="forecast-data"' in html and "Dự báo đến năm 2030" in html
    assert "cần bổ nhiệm ít nhất" in html
