"""The recruitment pages: each page for each role, another agency's recruitment missing (404) for its
focal officer, a leader reading but not writing, the whole workflow through the forms (the tie waiting
for the head until the decision is recorded), a refusal shown with nothing written, the files."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from canbo.people.models import Person
from canbo.recruitment.choices import Status
from canbo.recruitment.models import Candidate, Recruitment
from canbo.recruitment.tests.conftest import unit

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, name: str, pk: int, data: dict[str, Any]) -> Any:
    response = client.post(reverse(f"recruitment:{name}", args=[pk]), data)
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"])


@pytest.mark.parametrize("role", ["noi_vu", "dau_moi", "lanh_dao"])
def test_pages_render_for_each_role(published: Any, make_user: Any, role: str) -> None:
    recruitment, _line = published
    client = client_for(make_user(role, "KH.STC" if role != "noi_vu" else "KH"))
    index = client.get(reverse("recruitment:index"))
    assert index.status_code == 200 and recruitment.title in index.content.decode()
    page = client.get(reverse("recruitment:detail", args=[recruitment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chuyên viên quản lý ngân sách" in html and "02/03/2026" in html
    assert ("candidate-form" in html) is (role != "lanh_dao")
    for name in ("notice_docx", "results_xlsx", "scores_xlsx"):
        assert client.get(reverse(f"recruitment:{name}", args=[recruitment.pk])).status_code == 200


def test_another_agency_cannot_see_it_and_a_leader_cannot_write(published: Any, make_user: Any) -> None:
    recruitment, line = published
    other = client_for(make_user("dau_moi", "KH.SNV"))
    assert other.get(reverse("recruitment:detail", args=[recruitment.pk])).status_code == 404
    assert recruitment.title not in other.get(reverse("recruitment:index")).content.decode()
    reader = client_for(make_user("lanh_dao", "KH"))
    reader.post(
        reverse("recruitment:candidate_add", args=[recruitment.pk]),
        {
            "vi_tri": line.pk,
            "ho_ten": "Lê Văn Tám",
            "ngay_sinh": "01/01/1999",
            "gioi_tinh": "nam",
            "dan_toc": "01",
        },
    )
    assert not Candidate.objects.exists()


def test_the_workflow_through_the_forms(officer: Any, published: Any) -> None:
    recruitment, line = published
    client = client_for(officer)
    for name, born in (
        ("Nguyễn Thị An", "10/10/1998"),
        ("Trần Văn Bảo", "11/11/1997"),
        ("Lê Thị Cúc", "12/12/1996"),
    ):
        post(client, "candidate_add", recruitment.pk, {"vi_tri": line.pk, "ho_ten": name, "ngay_sinh": born,
             "gioi_tinh": "nu", "dan_toc": "01", "trinh_do": "dai_hoc"})  # fmt: skip
    young = post(client, "candidate_add", recruitment.pk, {"vi_tri": line.pk, "ho_ten": "Đỗ Văn Duy",
                 "ngay_sinh": "15/06/2010", "gioi_tinh": "nam", "dan_toc": "01", "trinh_do": "dai_hoc"})  # fmt: skip
    assert "KHÔNG đủ điều kiện" in young.content.decode()
    post(client, "applications_close", recruitment.pk, {})
    a, b, c = Candidate.objects.filter(eligible=True).order_by("number")
    for cand, n in ((a, 40), (b, 35), (c, 33)):
        post(client, "score", cand.pk, {"vong_1": n})
    post(client, "round_1_close", recruitment.pk, {})
    for cand, points in ((a, "80"), (b, "64,5"), (c, "64,5")):
        post(client, "score", cand.pk, {"vong_1": "", "chuyen_mon": points})
    page = client.get(reverse("recruitment:detail", args=[recruitment.pk])).content.decode()
    assert "chờ người đứng đầu quyết định" in page
    refused = post(client, "results_publish", recruitment.pk, {"ngay": "01/07/2026"})
    assert "chờ người đứng đầu quyết định" in refused.content.decode()
    assert Recruitment.objects.get(pk=recruitment.pk).status == Status.ROUND_2
    post(client, "tie_decide", line.pk, {"nguoi_duoc_chon": [c.pk], "nguoi_dung_dau": "Phạm Văn Giám",
         "chuc_vu": "Giám đốc", "ngay": "30/06/2026", "so": "12/QĐ-STC", "ly_do": "Kinh nghiệm"})  # fmt: skip
    page = post(
        client, "results_publish", recruitment.pk, {"ngay": "01/07/2026", "so": "15/TB-STC"}
    ).content.decode()
    assert "Phạm Văn Giám" in page and "người đứng đầu quyết định" in page
    assert client.get(reverse("recruitment:result_docx", args=[recruitment.pk])).status_code == 200
    done = post(client, "appoint", recruitment.pk, {"ngay": "01/08/2026", "so": "20/QĐ-STC"}).content.decode()
    assert "Đã tuyển dụng 2 người từ ngày 01/08/2026" in done
    assert set(Person.objects.filter(unit=unit("KH.STC")).values_list("full_name", flat=True)) == {
        "Nguyễn Thị An",
        "Lê Thị Cúc",
    }


def test_the_page_reads_a_fixed_number_of_queries(officer: Any, published: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from canbo.recruitment import services
    from canbo.recruitment.tests.conftest import applicant

    recruitment, line = published
    client = client_for(officer)
    url = reverse("recruitment:detail", args=[recruitment.pk])
    counts = []
    for names in (["Một A"], ["Hai B", "Ba C", "Bốn D", "Năm E", "Sáu F"]):
        services.candidates_add(
            actor=officer, recruitment=recruitment, rows=[(line, applicant(n)) for n in names]
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
