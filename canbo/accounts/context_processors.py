"""The menu entries the shell adds to the project's main menu: the audit trail for those who may
read it, and the help page of the user's role."""

from django.http import HttpRequest
from django.urls import reverse

from canbo.accounts.scope import is_home_affairs


def shell_menu(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_menu": []}
    entries = []
    if is_home_affairs(user):
        entries.append(("Nhật ký", reverse("audit:list")))
        entries.append(("CSDL quốc gia", reverse("national:index")))
    entries.append(("Hướng dẫn", reverse("help")))
    path = request.path
    return {
        "shell_menu": [{"label": label, "url": url, "active": path.startswith(url)} for label, url in entries]
    }
