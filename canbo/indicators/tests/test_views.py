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


def test_exports_are_exact_and_hide_small_counts_only_for_publication(registry, make_user) -> None:
    # Issue 12.15: the Excel file and the Word report are for the province's own leadership: exact
    # numbers. "<5" is an option of an export for publication (cong_bo=1), off by default.
    import io

    from docx import Document

    from canbo.core.excel import read_workbook

    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    workbook = read_workbook(client.get("/chi-tieu/", {"ngay": "01/01/2026", "dinh_dang": "xlsx"}).content)
    sheet = workbook["Chỉ tiêu"]
    headers = sheet[0]
    stc = next(r for r in sheet[1:] if r[0] == "KH.STC")
    assert stc[headers.index("Lãnh đạo")] == 3 and stc[headers.index("Lãnh đạo dưới 40 tuổi")] == 1
    assert not any("<5" in str(cell) for name in workbook for row in workbook[name] for cell in row)
    assert {"Còn thiếu", "Dự báo đến 2030", "Giả định dự báo"} <= set(workbook)
    report = client.get("/chi-tieu/", {"ngay": "01/01/2026", "dinh_dang": "docx"})
    document = Document(io.BytesIO(report.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert not any("<5" in text for text in [p.text for p in document.paragraphs] + cells)

    published = client.get("/chi-tieu/", {"ngay": "01/01/2026", "dinh_dang": "xlsx", "cong_bo": "1"})
    assert "cong-bo" in published["Content-Disposition"]
    sheet = read_workbook(published.content)["Chỉ tiêu"]
    stc = next(r for r in sheet[1:] if r[0] == "KH.STC")
    assert stc[headers.index("Lãnh đạo")] == "<5"  # 3 leaders
    assert stc[headers.index("Tổng số")] == 6  # 6 is shown
    empty = next(r for r in sheet[1:] if r[0] == "KH.SCT")
    assert empty[headers.index("Tổng số")] == 0  # nothing to hide


def test_the_page_shows_the_forecast_its_assumptions_and_the_shortfall(registry, make_user) -> None:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get("/chi-tieu/", {"ngay": "01/01/2026"}).content.decode()
    assert 'id="forecast-data"' in html and "Dự báo đến năm 2030" in html
    assert 'id="assumptions"' in html and "Điều 49 khoản 2" in html
    assert (
        'id="fewest"' in html
        and "Hoặc bổ nhiệm thêm ít nhất" in html
        and "Cả hai tính từ cùng một số liệu" in html
    )
    # The population share on 01/01/2026: the new Khánh Hòa's, for comparison only.
    assert "Để so sánh: người DTTS chiếm 13,15 % dân số tỉnh Khánh Hòa" in html
    assert "mục tiêu của địa phương" not in html
