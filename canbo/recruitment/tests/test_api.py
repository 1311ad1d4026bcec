"""/api/recruitment/ and the commands `list` and `results`: the same ranking as the page, scores written
all or nothing, scope (404) and a read-only role (403)."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from canbo.recruitment import services
from canbo.recruitment.tests.conftest import applicant

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_reads_writes_and_the_command_agree(officer: Any, published: Any, make_user: Any) -> None:
    recruitment, line = published
    services.candidates_add(
        actor=officer,
        recruitment=recruitment,
        rows=[(line, applicant(n)) for n in ("Hà Thị Một", "Kiều Văn Hai")],
    )
    services.applications_close(actor=officer, recruitment=recruitment)
    client = client_for(make_user("dau_moi", "KH.STC"))
    (listed,) = client.get("/api/recruitment/").json()
    assert listed["status"] == "het_han_nop"
    url = f"/api/recruitment/{recruitment.pk}/scores"
    bad = post(
        client, url, {"scores": [{"number": 1, "round_1_correct": 40}, {"number": 9, "round_1_correct": 40}]}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
    assert post(
        client, url, {"scores": [{"number": 1, "round_1_correct": 40}, {"number": 2, "round_1_correct": 31}]}
    ).json() == {"recorded": 2}
    services.round_1_close(actor=officer, recruitment=recruitment)
    post(client, url, {"scores": [{"number": 1, "professional": "70.5"}, {"number": 2, "professional": 49}]})
    detail = client.get(f"/api/recruitment/{recruitment.pk}").json()
    assert [c["professional"] for c in detail["candidates"]] == ["70.50", "49.00"] or [
        float(c["professional"]) for c in detail["candidates"]
    ] == [70.5, 49.0]
    (ranking,) = client.get(f"/api/recruitment/{recruitment.pk}/ranking").json()
    assert [p["name"] for p in ranking["result"]["admitted"]] == ["001 Hà Thị Một"]
    assert ranking["result"]["failed"][0]["reason"].startswith("Điểm chuyên môn dưới 50 (49)")
    out = StringIO()
    call_command("recruitment", "results", str(recruitment.pk), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())[0]["result"] == ranking["result"]
    out = StringIO()
    call_command("recruitment", "list", stdout=out)
    assert recruitment.title in out.getvalue()
    assert (
        client_for(make_user("dau_moi", "KH.SNV")).get(f"/api/recruitment/{recruitment.pk}").status_code
        == 404
    )
    reader = client_for(make_user("lanh_dao", "KH"))
    assert post(reader, url, {"scores": [{"number": 1, "professional": 90}]}).status_code == 403
