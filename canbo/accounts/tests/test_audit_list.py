"""The audit list (/nhat-ky/): Sở Nội vụ and administrators, filtered by who, days, object and
action, the filters in the address, actions in Vietnamese, 50 a page."""

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from canbo.audit.models import AuditEntry
from canbo.org.models import Unit

pytestmark = pytest.mark.django_db


def _at(day: str, hour: int = 9) -> dt.datetime:
    d = dt.datetime.strptime(day, "%d/%m/%Y").replace(hour=hour)  # noqa: DTZ007 made aware below
    return timezone.make_aware(d)


def _entry(*, actor_name: str, at: dt.datetime, action: str, unit: Unit) -> AuditEntry:
    entry = AuditEntry(
        at=at,
        actor_name=actor_name,
        action=action,
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=str(unit.pk),
        object_repr=str(unit),
    )
    entry.save()
    return entry


@pytest.fixture
def trail(builtin_org: None) -> dict[str, AuditEntry]:
    """Four hand-made entries after the built-in organisation's own (which are by "hệ thống")."""
    syt = Unit.objects.get(code="KH.SYT")
    stc = Unit.objects.get(code="KH.STC")
    return {
        "a": _entry(actor_name="noivu", at=_at("01/11/2026"), action="people.import", unit=syt),
        "b": _entry(actor_name="noivu", at=_at("02/11/2026", 23), action="plans.report.accept", unit=stc),
        "c": _entry(actor_name="taichinh", at=_at("03/11/2026", 0), action="plans.report.submit", unit=stc),
        "d": _entry(actor_name="taichinh", at=_at("05/11/2026"), action="people.import", unit=syt),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shown(response: Any) -> set[int]:
    return {e.pk for e in response.context["page"]}


def test_a_focal_officer_and_a_leader_may_not_read_the_trail(builtin_org: None, make_user: Any) -> None:
    assert _client(make_user("dau_moi", "KH.STC")).get("/nhat-ky/").status_code == 403
    assert _client(make_user("lanh_dao", "KH")).get("/nhat-ky/").status_code == 403


def test_home_affairs_reads_the_trail_with_actions_in_vietnamese(trail: Any, make_user: Any) -> None:
    response = _client(make_user("noi_vu", "KH")).get("/nhat-ky/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nhập danh sách cán bộ" in text and "Chấp nhận báo cáo" in text
    assert "people.import" not in text.split('id="audit-table"')[1]  # codes only in the filter's values
    assert "Đơn vị" in text  # the kind of object in Vietnamese


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"nguoi": "taichinh"}, {"c", "d"}),
        ({"thao_tac": "people.import"}, {"a", "d"}),
        ({"nguoi": "noivu", "thao_tac": "people.import"}, {"a"}),
        # 02/11 23:00 and 03/11 00:00 (Asia/Ho_Chi_Minh): the days are the user's days
        ({"tu": "02/11/2026", "den": "02/11/2026"}, {"b"}),
        ({"tu": "03/11/2026", "den": "30/11/2026"}, {"c", "d"}),
        ({"den": "01/11/2026", "nguoi": "noivu"}, {"a"}),
        (
            {"tim": "kh.syt", "tu": "01/11/2026", "den": "30/11/2026"},
            {"a", "d"},
        ),  # words of the object's name, any case
    ],
)
def test_filters(trail: Any, make_user: Any, query: dict[str, str], expected: set[str]) -> None:
    response = _client(make_user("noi_vu", "KH")).get("/nhat-ky/", query)
    assert response.status_code == 200
    assert _shown(response) == {trail[k].pk for k in expected}


def test_filter_by_kind_of_object(trail: Any, make_user: Any) -> None:
    unit_type = ContentType.objects.get_for_model(Unit).pk
    response = _client(make_user("noi_vu", "KH")).get("/nhat-ky/", {"doi_tuong": unit_type, "nguoi": "noivu"})
    assert _shown(response) == {trail["a"].pk, trail["b"].pk}
    user_type = ContentType.objects.get(app_label="auth", model="user").pk
    response = _client(make_user("noi_vu", "KH")).get("/nhat-ky/", {"doi_tuong": user_type, "nguoi": "noivu"})
    assert _shown(response) == set()


def test_a_mistyped_date_is_reported_and_kept(trail: Any, make_user: Any) -> None:
    response = _client(make_user("noi_vu", "KH")).get("/nhat-ky/", {"tu": "31/02/2026"})
    text = response.content.decode()
    assert "Ngày không hợp lệ (viết theo dạng dd/mm/yyyy)." in text
    assert 'value="31/02/2026"' in text


def test_paging_keeps_the_filters(builtin_org: None, make_user: Any) -> None:
    syt = Unit.objects.get(code="KH.SYT")
    for i in range(51):
        _entry(
            actor_name="noivu",
            at=_at("01/11/2026") + dt.timedelta(minutes=i),
            action="people.import",
            unit=syt,
        )
    client = _client(make_user("noi_vu", "KH"))
    first = client.get("/nhat-ky/", {"nguoi": "noivu"})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 51
    text = first.content.decode()
    link = text.split(">Sau</a>")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlparse(link).query) == {"nguoi": ["noivu"], "trang": ["2"]}
    second = client.get("/nhat-ky/" + link)
    assert len(second.context["page"]) == 1


def test_the_menu_offers_the_trail_to_home_affairs_only_and_admin_to_administrators(
    builtin_org: None, make_user: Any
) -> None:
    officer = _client(make_user("noi_vu", "KH")).get("/huong-dan/").content.decode()
    focal = _client(make_user("dau_moi", "KH.STC")).get("/huong-dan/").content.decode()
    admin = _client(make_user("admin", is_staff=True)).get("/huong-dan/").content.decode()
    not_staff = _client(make_user("admin")).get("/huong-dan/").content.decode()  # the admin site refuses
    menu = lambda text: text.split('id="main-menu"')[1].split("</ul>")[0]  # noqa: E731
    assert 'href="/nhat-ky/"' in menu(officer) and 'href="/nhat-ky/"' not in menu(focal)
    assert "Quản trị" not in menu(officer) and "Quản trị" not in menu(focal)
    assert 'href="/quan-tri/"' in menu(admin) and 'href="/quan-tri/"' not in menu(not_staff)
    assert all('href="/huong-dan/"' in menu(t) for t in (officer, focal, admin))
