from django.http import HttpRequest

from canbo.accounts.scope import user_can


def canbo(request: HttpRequest) -> dict[str, object]:
    """The main menu; entries whose subsystem is not built yet are shown disabled."""
    path = request.path
    menu = [
        ("Tổng quan", "/", True),
        ("Kế hoạch", "/ke-hoach/", True),
        ("Cán bộ", "/can-bo/", True),
        ("Chỉ tiêu", "/chi-tieu/", True),
        ("Tổ chức", "/to-chuc/", True),
        ("Quản trị", "/quan-tri/", user_can(request.user, "administer")),
    ]
    items = [
        {
            "label": label,
            "url": url,
            "enabled": enabled,
            "active": enabled and (path == url if url == "/" else path.startswith(url)),
        }
        for label, url, enabled in menu
    ]
    return {"main_menu": items}
