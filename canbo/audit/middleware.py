from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from canbo.audit.context import RequestContext, current
from canbo.core.net import client_ip


class RequestContextMiddleware:
    """Remembers the client's address (behind a trusted proxy, the one it forwards: core.net) for the
    audit trail of writes made in this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        token = current.set(RequestContext(source=source, ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
