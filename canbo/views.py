from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from canbo.accounts.selectors import user_roles
from canbo.core.dates import today
from canbo.org.selectors import org_tree


@login_required
def home(request: HttpRequest) -> HttpResponse:
    nodes = org_tree(user=request.user, as_of=today())
    by_kind: dict[str, int] = {}
    for node in nodes:
        label = node.version.get_kind_display()
        by_kind[label] = by_kind.get(label, 0) + 1
    context = {
        "today": today(),
        "unit_count": len(nodes),
        "by_kind": by_kind,
        "roles": user_roles(user=request.user),
    }
    return render(request, "canbo/home.html", context)
