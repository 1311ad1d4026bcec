from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from canbo.accounts.mfa import mfa_state

MFA_API_MESSAGE = "Cần nhập mã xác thực hai lớp trên trang đăng nhập trước khi dùng API."


class MfaMiddleware:
    """After the password, a user who has a two-factor device gives its code, and one who must use
    two-factor login (accounts.mfa.mfa_required) sets up a device, before any page, the admin site or
    the API. Only the login, logout, two-factor pages and static files are open meanwhile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._open(request.path):
            return self.get_response(request)
        state = mfa_state(user)
        if state == "ok":
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MFA_API_MESSAGE}, status=401)
        name = "accounts:mfa_verify" if state == "verify" else "accounts:mfa_enrol"
        target = reverse(name)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):  # htmx would swap the page into a fragment: go there
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(
            (reverse("accounts:mfa_verify"), settings.STATIC_URL or "/static/")
        ) or path in (reverse("login"), reverse("logout"))
