"""How a page answers a refusal. Most pages let an ApplicationError go: the middleware turns it into a
page with its status and message (core.middleware). A form that acts and goes back (accept a report,
decide an extension) wants the message on the page it came from instead: refusals_as_messages."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from canbo.core.errors import ApplicationError, InputRejected, user_message


def refusals_as_messages(
    back: Callable[..., str],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a POST view that acts then redirects: a refusal (ApplicationError, or a model's
    ValidationError) becomes an error message on the page `back(request, **view_kwargs)` names, and
    the view's own redirect is not reached. Nothing was written (services are atomic)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except (ApplicationError, ValidationError) as refusal:
                if isinstance(refusal, ApplicationError) and refusal.status == 404:
                    raise  # a missing object is a page of its own
                text = (
                    "; ".join(str(e.message) for e in refusal.errors)
                    if isinstance(refusal, InputRejected)
                    else user_message(refusal)
                )
                messages.error(request, text)
                return redirect(back(request, *args, **kwargs))

        return wrapped

    return decorate
