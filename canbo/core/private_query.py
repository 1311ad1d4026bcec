"""Filters on sensitive data kept out of addresses.

An address reaches the web server's access log, the browser's history and the Referer of the next
request: a filter such as "ethnicity: Chăm" must not be written in it (Decree 356/2025; issue 10.11).
The form that sets such a filter is sent by POST; the page's address then carries the other filters
in the clear and the sensitive ones in one sealed token (`xem=…`, core.crypto.seal_token), which only
the server can open. Paging and export links carry the token on."""

from collections.abc import Collection

from django.http import QueryDict

from canbo.core.crypto import seal_token, unseal_token

TOKEN = "xem"


def conceal(params: QueryDict, private: Collection[str]) -> QueryDict:
    """The parameters with the private ones (non-empty) moved into the sealed token."""
    public = params.copy()
    hidden = {name: public.pop(name)[-1] for name in private if public.get(name)}
    public.pop(TOKEN, None)
    for name in private:
        public.pop(name, None)
    public.pop("csrfmiddlewaretoken", None)
    if hidden:
        public[TOKEN] = seal_token(hidden)
    return public


def reveal(params: QueryDict, private: Collection[str]) -> QueryDict:
    """The parameters with the token's private values put back (a forged or stale token gives none)."""
    full = params.copy()
    token = full.pop(TOKEN, None)
    if token:
        for name, value in unseal_token(token[-1]).items():
            if name in private and isinstance(value, str):
                full[name] = value
    return full


def exposed(params: QueryDict, private: Collection[str]) -> bool:
    """Whether a private parameter was written in the clear (an old link): the page then moves it into
    a token, so that it at least leaves the browser's history."""
    return any(params.get(name) for name in private)
