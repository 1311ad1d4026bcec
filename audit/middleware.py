from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.context import RequestContext, current


class RequestContextMiddleware:
    """Remembers the client's address for the audit trail of writes made in this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        token = current.set(RequestContext(source=source, ip_address=request.META.get("REMOTE_ADDR")))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
