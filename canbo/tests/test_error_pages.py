"""Error pages in Vietnamese in the demo too (CANBO_DEBUG=1): a focal officer who opens another
agency's page gets the Vietnamese 404 page, never Django's English debug page; the admin shows the
project's models under Vietnamese names."""

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, override_settings
from django.utils.text import camel_case_to_spaces

from canbo.plans.models import Occurrence

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "audit", "core", "org", "people", "plans", "indicators", "demo"}


def _focal(make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user("dau_moi", "KH.STC"))
    return client


@pytest.mark.parametrize("debug", [True, False])
def test_another_agencys_occurrence_is_the_vietnamese_404_page(
    builtin_plan: Any, make_user: Any, debug: bool
) -> None:
    client = _focal(make_user)
    own = Occurrence.objects.filter(unit__code="KH.STC").first()
    other = Occurrence.objects.filter(unit__code="KH.SYT").first()
    assert own is not None and other is not None
    with override_settings(DEBUG=debug):
        assert client.get(f"/ke-hoach/luot/{own.pk}/").status_code == 200
        response = client.get(f"/ke-hoach/luot/{other.pk}/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu" in text
    assert "DEBUG = True" not in text and "Page not found" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/khong-co-trang-nay/",  # no such address (the URL resolver's 404)
        "/ke-hoach/nhiem-vu/999999/",  # get_object_or_404 in a view
        "/ke-hoach/luot/999999/",  # a selector's NotFound
    ],
)
def test_with_debug_on_every_404_is_the_vietnamese_page(builtin_plan: Any, make_user: Any, path: str) -> None:
    client = _focal(make_user)
    with override_settings(DEBUG=True):
        response = client.get(path)
    text = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu" in text
    assert "DEBUG = True" not in text and "urlpatterns" not in text.lower()


def test_with_debug_on_the_api_keeps_its_json_404(builtin_plan: Any, make_user: Any) -> None:
    client = _focal(make_user)
    with override_settings(DEBUG=True):
        response = client.get("/api/plans/occurrences/999999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_admin_names_every_model_of_the_project_in_vietnamese() -> None:
    english = []
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in OUR_APPS:
            continue
        default = camel_case_to_spaces(model.__name__)
        if str(meta.verbose_name) == default or str(meta.verbose_name_plural) == default + "s":
            english.append(meta.label)
    assert not english, f"Mô hình chưa có tên tiếng Việt (verbose_name): {english}"
    assert {str(m._meta.app_config.verbose_name) for m in admin.site._registry if m._meta.app_label in OUR_APPS} <= {
        "Người dùng và phân quyền", "Nhật ký thay đổi", "Nền tảng", "Dữ liệu trình diễn và đo tốc độ",
        "Chỉ tiêu", "Tổ chức", "Cán bộ", "Kế hoạch",
    }  # fmt: skip
