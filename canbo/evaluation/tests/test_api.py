"""/api/evaluation/: the agencies of a year, the ranking (the same content as the command's JSON), one
sheet, products and points written through the services, finalising, the agency's year and the quota;
scoped (another agency's focal officer gets 404), read-only roles refused (403), bad input answered
422 with the field named, every endpoint in the OpenAPI schema."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from canbo.evaluation import services
from canbo.evaluation.models import Sheet, WorkItem
from canbo.evaluation.tests.conftest import YEAR, D, give, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("canbo.evaluation.selectors.today", lambda: D(YEAR, 12, 10))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def sheets(make_person: Any, focal: Any) -> dict[str, Sheet]:
    make_person("Nguyễn Thị Hoa")
    make_person("Trần Văn Bình")
    services.sheets_open(actor=focal, unit=unit("KH.STC"), year=YEAR)
    return {s.person.full_name: s for s in Sheet.objects.select_related("person")}


def test_units_ranking_and_the_command_agree(sheets: dict[str, Sheet], focal: Any) -> None:
    hoa = sheets["Nguyễn Thị Hoa"]
    give(hoa, 1, {"completed": True, "failed_reviews": 1}, {"completed": True, "delays": 1},
         {"completed": True, "delays": 2}, {"completed": True})  # fmt: skip
    client = client_for(focal)
    (row,) = client.get(f"/api/evaluation/{YEAR}/units/").json()
    assert (row["code"], row["sheets"], row["ranked"]) == ("KH.STC", 2, 0)
    scored = post(
        client,
        f"/api/evaluation/sheets/{hoa.pk}/score",
        {"version": hoa.version, "manager": "Trần Văn Giám", "on": "2026-12-05", "general_points": "28"},
    )
    assert scored.status_code == 200, scored.content
    body = scored.json()
    assert body["outcome"]["score"] == 92.17 and body["outcome"]["level_before_quota"] == "xuat_sac"
    (period,) = body["periods"]
    assert (period["period"], period["quantity"], period["quality"], period["progress"]) == (
        1,
        100,
        93.75,
        81.25,
    )
    assert len(period["items"]) == 4
    ranking = client.get(f"/api/evaluation/{YEAR}/units/{unit('KH.STC').pk}/ranking")
    assert ranking.status_code == 200
    data = ranking.json()
    (group,) = data["groups"]
    assert group["quota"] == {"good": 0, "candidates": 1, "allowed": 0, "ratio": 0.2}
    out = StringIO()
    call_command("evaluation", "rank", "--year", str(YEAR), "--unit", "KH.STC", stdout=out)
    assert json.loads(out.getvalue()) == data  # the same content as the command's JSON


def test_items_are_added_and_bad_input_names_the_field(sheets: dict[str, Sheet], focal: Any) -> None:
    client = client_for(focal)
    hoa = sheets["Nguyễn Thị Hoa"]
    url = f"/api/evaluation/sheets/{hoa.pk}/items"
    created = post(client, url, {"period": 2, "title": "Báo cáo quý", "completed": True, "delays": 1})
    assert created.status_code == 201, created.content
    assert (created.json()["period"], created.json()["delays"]) == (2, 1)
    detail = client.get(f"/api/evaluation/sheets/{hoa.pk}").json()
    assert [p["period"] for p in detail["periods"]] == [2]
    assert detail["periods"][0]["items"][0]["title"] == "Báo cáo quý"
    # the schema's own check: 422 with the field's place
    bad = post(client, url, {"period": 0, "title": ""})
    assert bad.status_code == 422
    fields = {e["loc"][-1] for e in bad.json()["detail"]}
    assert {"period", "title"} <= fields
    # the service's check: 422 with the field's name
    refused = post(client, url, {"period": 7, "title": "Quý thứ bảy"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["period"]
    excused = post(client, url, {"period": 1, "title": "A", "delays": 1, "excused_delays": 2})
    assert excused.status_code == 422
    assert "excused_delays" in {e["field"] for e in excused.json()["errors"]}


def test_another_agency_sees_nothing(sheets: dict[str, Sheet], make_user: Any) -> None:
    other = client_for(make_user("dau_moi", "KH.SYT"))
    hoa = sheets["Nguyễn Thị Hoa"]
    assert other.get(f"/api/evaluation/{YEAR}/units/").json() == []
    assert other.get(f"/api/evaluation/{YEAR}/units/{unit('KH.STC').pk}/ranking").status_code == 404
    assert other.get(f"/api/evaluation/{YEAR}/agencies/{unit('KH.STC').pk}").status_code == 404
    assert other.get(f"/api/evaluation/sheets/{hoa.pk}").status_code == 404
    assert (
        post(other, f"/api/evaluation/sheets/{hoa.pk}/items", {"period": 1, "title": "X"}).status_code == 404
    )
    finalise = {"decision_number": "1/QĐ", "decided_on": "2026-12-12"}
    assert (
        post(other, f"/api/evaluation/{YEAR}/units/{unit('KH.STC').pk}/finalise", finalise).status_code == 404
    )


def test_a_leader_reads_but_cannot_write(sheets: dict[str, Sheet], make_user: Any) -> None:
    leader = client_for(make_user("lanh_dao", "KH.STC"))
    hoa = sheets["Nguyễn Thị Hoa"]
    assert leader.get(f"/api/evaluation/sheets/{hoa.pk}").status_code == 200
    assert (
        post(leader, f"/api/evaluation/sheets/{hoa.pk}/items", {"period": 1, "title": "X"}).status_code == 403
    )
    score = {"version": hoa.version, "manager": "A", "on": "2026-12-05", "general_points": "20"}
    assert post(leader, f"/api/evaluation/sheets/{hoa.pk}/score", score).status_code == 403
    finalise = {"decision_number": "1/QĐ", "decided_on": "2026-12-12"}
    assert (
        post(leader, f"/api/evaluation/{YEAR}/units/{unit('KH.STC').pk}/finalise", finalise).status_code
        == 403
    )
    assert not WorkItem.objects.exists() and Sheet.objects.get(pk=hoa.pk).general_points is None


def test_finalise_refused_then_done(sheets: dict[str, Sheet], focal: Any) -> None:
    client = client_for(focal)
    url = f"/api/evaluation/{YEAR}/units/{unit('KH.STC').pk}/finalise"
    finalise = {"decision_number": "15/QĐ-STC", "decided_on": "2026-12-12"}
    refused = post(client, url, finalise)
    assert refused.status_code == 422 and "chưa chấm điểm tiêu chí chung" in refused.json()["detail"]
    for sheet in sheets.values():
        give(sheet, 1, {"completed": True})
        sheet.refresh_from_db()
        scored = post(
            client,
            f"/api/evaluation/sheets/{sheet.pk}/score",
            {
                "version": sheet.version,
                "manager": "Trần Văn Giám",
                "on": "2026-12-05",
                "general_points": "20",
            },
        )
        assert scored.status_code == 200
    stale = post(
        client,
        f"/api/evaluation/sheets/{sheets['Nguyễn Thị Hoa'].pk}/score",
        {"version": 1, "manager": "Trần Văn Giám", "on": "2026-12-05", "general_points": "21"},
    )
    assert stale.status_code == 409
    done = post(client, url, finalise)
    assert done.status_code == 201, done.content
    assert (done.json()["people"], done.json()["decided_on"]) == (2, "2026-12-12")
    again = post(client, url, finalise)
    assert again.status_code == 409


def test_the_agency_year(sheets: dict[str, Sheet], focal: Any) -> None:
    body = client_for(focal).get(f"/api/evaluation/{YEAR}/agencies/{unit('KH.STC').pk}").json()
    assert body["code"] == "KH.STC" and body["plan"]["due"] == 0 and body["plan_rate"] == 100
    assert body["score"] is None and body["level"] == "" and not body["finalised"]


@pytest.mark.parametrize(("k", "t", "allowed"), [(5, 10, 2), (1, 4, 0), (3, 15, 3)])
def test_the_quota(focal: Any, k: int, t: int, allowed: int) -> None:
    answer = client_for(focal).get(f"/api/evaluation/quota?good={t}&candidates={k}").json()
    assert answer["allowed"] == allowed and "Điều 20 khoản 5 Nghị định 335/2025/NĐ-CP" in answer["rule"]


def test_the_quota_refuses_bad_numbers(focal: Any) -> None:
    client = client_for(focal)
    for query, field in (("good=-1&candidates=2", "good"), ("good=1&candidates=2&ratio=1.5", "ratio"),
                         ("good=x&candidates=2", "good")):  # fmt: skip
        answer = client.get(f"/api/evaluation/quota?{query}")
        assert answer.status_code == 422
        assert field in {e["loc"][-1] for e in answer.json()["detail"]}


def test_the_schema_lists_the_endpoints() -> None:
    from canbo.api import api

    paths = api.get_openapi_schema()["paths"]
    for path, method in (
        ("/api/evaluation/{year}/units/", "get"),
        ("/api/evaluation/{year}/units/{unit_id}/ranking", "get"),
        ("/api/evaluation/sheets/{sheet_id}", "get"),
        ("/api/evaluation/sheets/{sheet_id}/items", "post"),
        ("/api/evaluation/sheets/{sheet_id}/score", "post"),
        ("/api/evaluation/{year}/units/{unit_id}/finalise", "post"),
        ("/api/evaluation/{year}/agencies/{unit_id}", "get"),
        ("/api/evaluation/quota", "get"),
    ):
        assert method in paths[path], path
        assert "404" in paths[path][method]["responses"]
