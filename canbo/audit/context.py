"""Where the current write comes from: set by the web middleware, the API or a command."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    source: str = "cli"
    ip_address: str | None = None


current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "canbo_request_context",
    default=RequestContext(),  # noqa: B039 - frozen dataclass, immutable
)
