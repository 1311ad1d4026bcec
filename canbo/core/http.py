"""How a page answers a refusal. Most pages let an ApplicationError go: the middleware turns it into a
page with its status and message (core.middleware). A form that acts and goes back (accept a report,
decide an extension) wants the message on the page it came from instead: refusals_as_messages."""

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from canbo.core.errors import ApplicationError, InputRejected, user_message
from canbo.core.text import fold


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


# --- forms that act and go back, by htmx or by a plain POST (the planning pool, the evaluation) -------


def acted(request: HttpRequest, text: str, back: str) -> HttpResponse:
    """Done: `text` as a success message on the page `back` (htmx is told to go there)."""
    messages.success(request, text)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = back
        return response
    return redirect(back)


def refused(request: HttpRequest, refusal: ApplicationError, back: str) -> HttpResponse:
    """The reasons beside the form (htmx: canbo/templates/_refusal.html), or as messages on the page
    the form is on. Nothing was written (services are atomic). A missing or out-of-scope object is a
    page of its own (404)."""
    from django.shortcuts import render

    from canbo.core.errors import NotFound, RowError

    if isinstance(refusal, NotFound):
        raise refusal
    errors = refusal.errors if isinstance(refusal, InputRejected) else [RowError(refusal.message)]
    if request.headers.get("HX-Request"):
        return render(request, "_refusal.html", {"errors": errors})
    for error in errors:
        messages.error(request, str(error))
    return redirect(back)


def form_refusal(form: Any) -> InputRejected:
    """A Django form's errors as a refusal, each under its field's label."""
    from canbo.core.errors import RowError

    rows = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields and form.fields[name].label else ""
        rows += [RowError(str(e), column=label, field=name) for e in errors]
    return InputRejected(rows)


def form_cleaned(form: Any) -> dict[str, Any]:
    """A bound form's cleaned data, or the refusal that names its fields (form_refusal)."""
    if not form.is_valid():
        raise form_refusal(form)
    return form.cleaned_data  # type: ignore[no-any-return]


def act(request: HttpRequest, back: str, action: Callable[[], str]) -> HttpResponse:
    """Run one service call (`action` returns the message to show) and answer for a page or htmx:
    acted() on success, refused() with the service's reason on an application error."""
    try:
        text = action()
    except ApplicationError as refusal:
        return refused(request, refusal, back)
    return acted(request, text, back)


def attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    """A file under a name a browser keeps on any system: letters without diacritics for the plain
    name, the Vietnamese one (RFC 6266 filename*) for browsers that read it."""
    stem, _, ext = name.rpartition(".")
    plain = "-".join(fold(stem).replace("/", " ").split()) or "tep"
    plain = "".join(c for c in plain if c.isalnum() or c in "-_.")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{plain}.{ext}\"; filename*=UTF-8''{quote(name.replace('/', '-'))}"
    )
    return response
