"""Every user changes their own password (≥ 10 characters, not a common one), in Vietnamese, audited."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from canbo.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
OLD = "mat-khau-thu-1"
NEW = "Cay-bang-la-do-2026"
URL = "/tai-khoan/doi-mat-khau/"


def signed_in(user) -> Client:
    client = Client()
    assert client.post("/dang-nhap/", {"username": user.username, "password": OLD}).status_code == 302
    return client


def change(client: Client, old: str, new1: str, new2: str | None = None):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_the_top_bar_links_to_the_password_change(make_user) -> None:
    html = signed_in(make_user()).get("/").content.decode()
    assert f'href="{URL}"' in html and "Đổi mật khẩu" in html


def test_the_page_is_vietnamese(make_user) -> None:
    html = signed_in(make_user()).get(URL).content.decode()
    for text in ("Đổi mật khẩu", "Mật khẩu cũ", "Mật khẩu mới", "Xác nhận mật khẩu mới", "ít nhất 10 ký tự"):
        assert text in html, text
    assert Client().get(URL)["Location"] == f"/dang-nhap/?next={URL}"


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ngan-9", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến."),
        ("12345678901234", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(make_user, new, message) -> None:
    user = make_user()
    response = change(signed_in(user), OLD, new)
    assert response.status_code == 200 and message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_a_wrong_old_password_or_a_mismatch_is_refused(make_user) -> None:
    client = signed_in(make_user())
    assert "Mật khẩu cũ không chính xác" in change(client, "sai-mat-khau-cu", NEW).content.decode()
    assert "Hai trường mật khẩu không giống nhau" in change(client, OLD, NEW, NEW + "x").content.decode()


def test_the_change_keeps_the_session_and_is_audited_without_the_password(make_user) -> None:
    user = make_user()
    client = signed_in(user)
    response = change(client, OLD, NEW)
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    assert "Đã đổi mật khẩu." in client.get("/tai-khoan/").content.decode()
    assert client.get("/").status_code == 200  # still signed in
    user.refresh_from_db()
    assert user.check_password(NEW)
    entry = AuditEntry.objects.get(action="accounts.user.password_change")
    assert entry.actor == user and entry.changes == {"after": {"password_login": True}}
    assert NEW not in str(entry.changes) and user.password not in str(entry.changes)
    assert Client().post("/dang-nhap/", {"username": user.username, "password": NEW}).status_code == 302


def test_passwords_need_ten_characters_and_the_common_password_check() -> None:
    validators = {
        v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert validators["MinimumLengthValidator"] == {"min_length": 10}
    assert "CommonPasswordValidator" in validators
    with pytest.raises(ValidationError):
        validate_password("Abc-12345")  # 9 characters
    validate_password("Abc-123456")
