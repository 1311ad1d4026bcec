"""Request guards shared by every page and endpoint: text with NUL refused, a busy database
answered 503, and no personal data left in caches."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from canbo.core.errors import BUSY_MESSAGE, ApplicationError
from canbo.core.sqlite import is_busy

logger = logging.getLogger(__name__)

NUL_MESSAGE = "Dữ liệu gửi lên có ký tự không hợp lệ (NUL, mã 0); không có gì được ghi."
_JSON_NUL = b"\\u0000"
_JSON = {"ensure_ascii": False}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _too_large(request: HttpRequest) -> bool:
    """A body larger than an upload may be (plus room for the form's other fields) is refused before it
    is read: Django would otherwise spool it to a temporary file, whatever its size. The reverse proxy
    has the same limit (docs/operations.md: client_max_body_size)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.CANBO_MAX_UPLOAD_BYTES + 1024 * 1024


def _has_nul(request: HttpRequest) -> bool:
    """A NUL in the address, a form field (not a file) or a JSON body. PostgreSQL cannot store it in
    text, and no user types it: it is refused at the door rather than failing deep inside."""
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in v for values in request.GET.lists() for v in values[1]):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return b"\x00" in body or _JSON_NUL in body.lower()
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return any("\x00" in v for values in request.POST.lists() for v in values[1])
    return False


def _is_debug_page(response: HttpResponse) -> bool:
    """Django's technical 404 page (DEBUG): an HTML answer not rendered from the project's 404.html."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return b"<code>DEBUG = True</code>" in getattr(response, "content", b"")


class RequestGuardMiddleware:
    """Refuses a body larger than an upload may be (413) and NUL in any text input (400, or 422 as JSON
    for the API); answers a busy database with
    503 and a Vietnamese message; marks every answer of the application `no-store` (pages, files and
    JSON carry personal data: no browser or proxy may keep them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _too_large(request):
            message = (
                f"Dữ liệu gửi lên quá lớn; giới hạn là {settings.CANBO_MAX_UPLOAD_BYTES // 1024 // 1024} MB "
                "mỗi lần gửi. Không có gì được ghi."
            )
            if _is_api(request):
                response: HttpResponse = JsonResponse(
                    {"detail": message}, status=413, json_dumps_params=_JSON
                )
            else:
                response = render(request, "400.html", {"message": message}, status=413)
        elif _has_nul(request):
            if _is_api(request):
                response = JsonResponse({"detail": NUL_MESSAGE}, status=422, json_dumps_params=_JSON)
            else:
                response = render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
        else:
            response = self.get_response(request)
            if (
                settings.DEBUG
                and response.status_code == 404
                and not _is_api(request)
                and _is_debug_page(response)
            ):
                # CANBO_DEBUG=1 (the demo) must not show Django's English "Page not found" with the
                # URL patterns to a user who opens another agency's page: the same Vietnamese page as
                # in production (a missing address or a get_object_or_404 in a view).
                response = render(request, "404.html", status=404)
        add_never_cache_headers(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):  # the one place a page's refusal becomes an answer
            if _is_api(request):
                return JsonResponse(
                    {"detail": exception.message}, status=exception.status, json_dumps_params=_JSON
                )
            template = {403: "403.html", 404: "404.html"}.get(exception.status, "400.html")
            return render(request, template, {"message": exception.message}, status=exception.status)
        if isinstance(exception, OperationalError) and is_busy(exception):
            logger.warning("%s %s: database busy", request.method, request.path)
            if _is_api(request):
                return JsonResponse({"detail": BUSY_MESSAGE}, status=503, json_dumps_params=_JSON)
            return render(request, "503.html", {"message": BUSY_MESSAGE}, status=503)
        return None
