from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import user_can
from audit.models import AuditEntry


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The whole trail, for system administrators only; objects show their own history."""
    if not user_can(request.user, "administer"):
        raise PermissionDenied
    page = Paginator(AuditEntry.objects.select_related("content_type"), 50).get_page(request.GET.get("trang"))
    return render(request, "audit/list.html", {"page": page})
