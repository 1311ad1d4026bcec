"""What the security review found holding, kept as tests so that it keeps holding (docs/security.md):
scripts in data are shown as text, the login never sends a user to another site, a login gives a new
session, file paths cannot climb out of their folders, objects outside the scope answer 404."""

import datetime as dt

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(builtin_org, make_user):  # type: ignore[no-untyped-def]
    from canbo.org.models import Unit
    from canbo.people.services import person_create

    return person_create(
        actor=make_user("admin"),
        data={
            "full_name": '<script>alert("x")</script> Nguyễn',
            "hometown": '"><img src=x onerror=alert(1)>',
            "birth_date": dt.date(1985, 4, 15),
            "sex": "nu",
            "ethnicity": "01",
            "unit": Unit.objects.get(code="KH.STC"),
            "staff_category": "cong_chuc",
        },
    )


def test_a_script_stored_in_a_name_is_shown_as_text(person, make_user) -> None:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    for url in (f"/can-bo/{person.pk}/", "/can-bo/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;alert" in html, url
        assert "<img src=x" not in html
    csp = client.get("/can-bo/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_a_search_is_reflected_as_text(person, make_user) -> None:
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get("/can-bo/", {"q": "<script>alert(2)</script>"}).content.decode()
    assert "<script>alert(2)" not in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_login_never_sends_a_user_to_another_site(make_user, target: str) -> None:
    make_user(username="canbo9")
    response = Client().post(
        f"/dang-nhap/?next={target}", {"username": "canbo9", "password": "mat-khau-thu-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_login_gives_a_new_session(make_user) -> None:
    make_user(username="canbo8")
    client = Client()
    client.get("/dang-nhap/")
    client.cookies["sessionid"] = "fixated-by-an-attacker"
    client.post("/dang-nhap/", {"username": "canbo8", "password": "mat-khau-thu-1"})
    assert client.cookies["sessionid"].value != "fixated-by-an-attacker"


@pytest.mark.parametrize(
    "path",
    ["/static/../canbo/settings.py", "/static/%2e%2e/canbo/settings.py", "/media/../canbo/settings.py"],
)
def test_no_path_climbs_out_of_its_folder(path: str, make_user) -> None:
    client = Client()
    client.force_login(make_user("admin"))
    response = client.get(path)
    assert response.status_code == 404 and b"SECRET_KEY" not in response.content


def test_a_stored_document_name_cannot_name_a_path() -> None:
    from canbo.core.files import stored_name

    assert stored_name("../../etc/passwd", "pdf") == "passwd.pdf"
    windows = stored_name("..\\..\\boot.ini", "docx")
    assert "/" not in windows and "\\" not in windows and ".." not in windows and windows.endswith(".docx")
    assert stored_name("", "odt") == "van-ban.odt"


def test_objects_outside_the_scope_answer_404_on_pages_api_and_files(person, make_user) -> None:
    """IDOR: a focal officer of another agency gets what a missing object gets."""
    client = Client()
    client.force_login(make_user("dau_moi", "KH.SYT"))
    assert client.get(f"/can-bo/{person.pk}/").status_code == 404
    assert client.get(f"/api/people/people/{person.pk}").status_code == 404
    patched = client.patch(
        f"/api/people/people/{person.pk}", {"version": 1, "full_name": "X"}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert client.get(f"/can-bo/{person.pk + 10_000}/").status_code == 404
