"""The targets pages: national indicators, scenarios, units of every level, snapshots and the trend,
the Word report. The registry of test_views (two departments worked by hand)."""

import io
import re

import pytest
from django.test import Client

from canbo.core.crypto import unseal_token
from canbo.indicators.models import Snapshot
from canbo.indicators.services import targets_sync
from canbo.indicators.tests.test_views import registry  # noqa: F401  (the fixture)
from canbo.org.models import Unit

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_national_indicators_are_on_the_page(registry, make_user) -> None:  # noqa: F811
    targets_sync()
    response = _client(make_user("noi_vu", "KH")).get("/chi-tieu/", {"ngay": "01/01/2026"})
    national = response.context["national"]
    departments = response.context["result"]["departments"]
    # Of the departments, only Sở Tài chính has a woman among its leaders (Trần Thị Phó).
    key = national["women_key_leader_agencies"]
    assert (key["with_woman_leader"], key["agencies"]) == (1, len(departments))
    assert key["targets"] == {"2025": 60.0, "2030": 75.0} and key["meets"]["2025"] is False
    assert national["women_in_planning_pool"]["pool"] == 0
    html = response.content.decode()
    assert 'id="national-key"' in html and "2282/QĐ-TTg" in html


def test_a_scenario_adds_appointees_and_is_checked(registry, make_user) -> None:  # noqa: F811
    client = _client(make_user("noi_vu", "KH"))
    stc = Unit.objects.get(code="KH.STC").pk
    params = {"tinh": "1", "ngay": "01/01/2026", "duoi_40": "100", "nu": "50", "dtts": "0", f"sl_{stc}": "2"}
    response = client.get("/chi-tieu/kich-ban/", params)
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.context["table"]["rows"]}
    baseline = {r["code"]: r for r in response.context["baseline_table"]["rows"]}
    # 31/12/2026: the 3 leaders of 2023 (Lê Văn Trẻ, born 1990, under 40) and 2 appointees of 01/07/2026
    # aged 35: 3 of 5 under 40; without them 1 of 3.
    first = rows["KH.STC"]["cells"][0]
    assert (first["year"], first["leaders"], first["leaders_under_40"], first["share_under_40"]) == (
        2026,
        5,
        3,
        60.0,
    )
    assert baseline["KH.STC"]["cells"][0]["share_under_40"] == 33.3
    assert first["female_leaders"] == 1 + 1  # Trần Thị Phó and one of the two appointees (50 %)
    bad = client.get("/chi-tieu/kich-ban/", {**params, "duoi_40": "150", f"sl_{stc}": "-1"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "nhỏ hơn hoặc bằng với 100" in html and "lớn hơn hoặc bằng với 0" in html


def test_units_of_every_level_with_a_filter(registry, make_user) -> None:  # noqa: F811
    client = _client(make_user("noi_vu", "KH"))
    response = client.get("/chi-tieu/don-vi/", {"ngay": "01/01/2026"})
    rows = {r["unit_code"]: r for r in response.context["rows"]}
    assert (rows["KH.STC"]["women_rule"], rows["KH.SYT"]["women_rule"]) == ("met", "violated")
    violated = client.get("/chi-tieu/don-vi/", {"ngay": "01/01/2026", "ket_qua": "violated"}).context["rows"]
    codes = {r["unit_code"] for r in violated}
    assert "KH.SYT" in codes and "KH.STC" not in codes


def test_snapshots_are_saved_by_home_affairs_only_and_make_the_trend(registry, make_user) -> None:  # noqa: F811
    focal = _client(make_user("dau_moi", "KH.STC"))
    assert focal.post("/chi-tieu/luu/", {"ngay": "31/12/2025"}).status_code == 403
    assert not Snapshot.objects.exists()
    officer = _client(make_user("noi_vu", "KH"))
    response = officer.post("/chi-tieu/luu/", {"ngay": "31/12/2025"})
    assert response.status_code == 302 and "ngay=31/12/2025" in response["Location"]
    saved = Snapshot.objects.get()
    assert saved.data["province"]["leaders"] == 5 and "national" in saved.data
    page = officer.get("/chi-tieu/", {"ngay": "01/01/2026"})
    assert [p["as_of"].isoformat() for p in page.context["trend"]] == ["2025-12-31"]
    # Sở Nội vụ sees every department: the province's own figures, not totals rebuilt from them.
    assert page.context["trend"][0]["province"] == saved.data["province"]
    assert 'id="trend-chart"' in page.content.decode()
    # A focal officer sees the trend of their own department only.
    points = focal.get("/chi-tieu/", {"ngay": "01/01/2026"}).context["trend"]
    assert (points[0]["province"]["leaders"], points[0]["province"]["leaders_under_40"]) == (3, 1)


def test_the_word_report_downloads(registry, make_user) -> None:  # noqa: F811
    from docx import Document

    response = _client(make_user("noi_vu", "KH")).get(
        "/chi-tieu/", {"ngay": "01/01/2026", "dinh_dang": "docx"}
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "BÁO CÁO" in text and "01/01/2026" in text


def test_leaders_see_aggregates_without_links_or_saving(registry, make_user) -> None:  # noqa: F811
    html = _client(make_user("lanh_dao", "KH")).get("/chi-tieu/", {"ngay": "01/01/2026"}).content.decode()
    assert "/chi-tieu/nguoi/" not in html and "Lưu số liệu ngày" not in html


def test_the_api_gives_targets_units_national_and_trend(registry, make_user) -> None:  # noqa: F811
    targets_sync()
    focal = _client(make_user("dau_moi", "KH.SYT"))
    codes = {t["code"] for t in focal.get("/api/indicators/targets").json()}
    assert "QD2282.quy_hoach_nu.2030" in codes
    units = focal.get("/api/indicators/units", {"as_of": "01/01/2026"}).json()["units"]
    assert {u["unit_code"] for u in units if u["depth"] == 0} == {"KH.SYT"}  # only their own subtree
    national = focal.get("/api/indicators/national", {"as_of": "01/01/2026"}).json()
    assert national["women_key_leader_agencies"]["agencies"] == 1
    assert focal.get("/api/indicators/trend").json() == []
    assert focal.get("/api/indicators/units", {"as_of": "31/02/2026"}).status_code == 422


def test_the_drill_down_lists_a_page_at_a_time(registry, make_user, monkeypatch) -> None:  # noqa: F811
    from canbo.indicators import views

    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", 2)
    client = _client(make_user("noi_vu", "KH"))
    stc = Unit.objects.get(code="KH.STC").pk
    params = {"don_vi": stc, "chi_so": "leaders", "ngay": "01/01/2026"}
    first = client.get("/chi-tieu/nguoi/", params)
    assert first.context["total"] == 3 and len(first.context["page"].object_list) == 2
    assert "trang=2" in first.content.decode() and "1/2" in first.content.decode()
    second = client.get("/chi-tieu/nguoi/", {**params, "trang": "2"})
    names = [p.full_name for p in second.context["page"].object_list]
    assert len(names) == 1 and names[0] not in [p.full_name for p in first.context["page"].object_list]


def test_shares_and_gaps_beside_a_hidden_count_are_hidden_too() -> None:
    from canbo.indicators.selectors import suppressed

    row = {"leaders": 3, "leaders_under_40": 0, "share_under_40": 0.0, "gap_under_40_2025": 1,
           "staff_counted_for_women": 40, "women_staff": 20, "women_share": 50.0, "headcount": 60,
           "international_capable": 2, "international_share": 3.3}  # fmt: skip
    assert suppressed(row) == {
        "leaders": "<5",
        "leaders_under_40": 0,  # zero singles nobody out
        "share_under_40": "—",
        "gap_under_40_2025": "—",
        "staff_counted_for_women": 40,
        "women_staff": 20,
        "women_share": 50.0,  # from counts shown
        "headcount": 60,
        "international_capable": "<5",
        "international_share": "—",
    }


def test_every_count_of_a_department_leads_to_its_people(registry, make_user) -> None:  # noqa: F811
    client = _client(make_user("noi_vu", "KH"))
    stc = Unit.objects.get(code="KH.STC").pk
    html = client.get("/chi-tieu/", {"ngay": "01/01/2026"}).content.decode()
    for measure in ("leaders", "leaders_under_40", "women_staff", "staff_counted_for_women", "female_leaders",
                    "international_capable", "headcount"):  # fmt: skip
        assert f"don_vi={stc}&chi_so={measure}&" in html, measure
    # The ethnic-minority count's link shows no parameter: they are sealed (core.private_query).
    assert "chi_so=ethnic_minority_leaders" not in html
    tokens = [unseal_token(t) for t in re.findall(r"/chi-tieu/nguoi/\?xem=([\w-]+)", html)]
    assert {"don_vi": str(stc), "chi_so": "ethnic_minority_leaders", "ngay": "01/01/2026"} in tokens
    # Sở Tài chính: 6 people; 5 counted for the women test (the viên chức is not).
    assert (
        client.get("/chi-tieu/nguoi/", {"don_vi": stc, "chi_so": "headcount", "ngay": "01/01/2026"}).context[
            "total"
        ]
        == 6
    )
    counted = client.get(
        "/chi-tieu/nguoi/", {"don_vi": stc, "chi_so": "staff_counted_for_women", "ngay": "01/01/2026"}
    )
    assert counted.context["total"] == 5
    units = client.get("/chi-tieu/don-vi/", {"ngay": "01/01/2026"}).content.decode()
    assert f"/can-bo/?don_vi={stc}&ngay=01/01/2026" in units


def test_a_drill_down_is_recorded_and_a_sensitive_one_keeps_its_filter_out_of_the_address(
    registry,  # noqa: F811
    make_user,
) -> None:
    from canbo.people.models import SensitiveAccess

    officer = make_user("noi_vu", "KH")
    client = _client(officer)
    stc = Unit.objects.get(code="KH.STC").pk
    plain = {"don_vi": stc, "chi_so": "ethnic_minority_leaders", "ngay": "01/01/2026"}
    moved = client.get("/chi-tieu/nguoi/", plain)
    assert moved.status_code == 302 and "chi_so" not in moved["Location"] and "xem=" in moved["Location"]
    page = client.get(moved["Location"])
    assert page.status_code == 200
    record = SensitiveAccess.objects.get(where="drilldown")
    assert record.actor == officer and "Lãnh đạo người dân tộc thiểu số" in record.detail
    assert record.count == len(record.people)
    client.get("/chi-tieu/nguoi/", plain | {"chi_so": "headcount"})
    assert SensitiveAccess.objects.filter(where="drilldown").count() == 2


def test_a_future_date_is_not_saved_from_the_page(registry, make_user) -> None:  # noqa: F811
    response = _client(make_user("noi_vu", "KH")).post("/chi-tieu/luu/", {"ngay": "01/01/2099"}, follow=True)
    assert not Snapshot.objects.exists()
    assert "chưa đến" in response.content.decode()
