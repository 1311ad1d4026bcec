from django.http import HttpRequest
from django.utils.functional import cached_property

from canbo.accounts.scope import user_can
from canbo.plans.selectors import unread_count

# Menu entries that also stand for another part of the site.
ALSO = {"/quyet-dinh/": "/quy-hoach/", "/tuyen-dung/": "/vi-tri-viec-lam/"}


def canbo(request: HttpRequest) -> dict[str, object]:
    """The main menu; entries whose subsystem is not built yet are shown disabled."""
    path = request.path
    menu = [
        ("Tổng quan", "/", True),
        ("Kế hoạch", "/ke-hoach/", True),
        ("Cán bộ", "/can-bo/", True),
        ("Chỉ tiêu", "/chi-tieu/", True),
        ("Quy hoạch, bổ nhiệm", "/quyet-dinh/", True),
        ("Đánh giá, xếp loại", "/danh-gia/", True),
        ("Đào tạo", "/dao-tao/", True),
        ("Tuyển dụng", "/tuyen-dung/", True),
        ("Tổ chức", "/to-chuc/", True),
        ("Quản trị", "/quan-tri/", user_can(request.user, "administer")),
    ]
    items = [
        {
            "label": label,
            "url": url,
            "enabled": enabled,
            "active": enabled
            and (path == url if url == "/" else path.startswith(url) or path.startswith(ALSO.get(url, "\0"))),
        }
        for label, url, enabled in menu
    ]
    return {"main_menu": items, "bell": _bell(request)}


class Bell:
    """The notification bell (canbo/templates/_bell.html): the user's unread notifications, counted
    once per request and only when a template reads `bell.count` (issue 13.5)."""

    url = "/ke-hoach/thong-bao/"

    def __init__(self, user: object) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(user=self.user)


def _bell(request: HttpRequest) -> Bell | None:
    return Bell(request.user) if getattr(request.user, "is_authenticated", False) else None
